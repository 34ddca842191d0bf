/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

/**
 * The LISP control message types this codec handles (the first four bits of a message).
 */
public enum MessageType {
    /** Type 1. */
    MAP_REQUEST(1),
    /** Type 2. */
    MAP_REPLY(2),
    /** Type 3. */
    MAP_REGISTER(3),
    /** Type 4. */
    MAP_NOTIFY(4),
    /** Type 5. */
    MAP_NOTIFY_ACK(5),
    /** Type 8. */
    ENCAPSULATED_CONTROL_MESSAGE(8);

    private static final MessageType[] BY_CODE = new MessageType[16];

    static {
        for (MessageType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    MessageType(final int code) {
        this.code = code;
    }

    /**
     * Returns the type number.
     *
     * @return the value of the first four bits
     */
    public int code() {
        return code;
    }

    /**
     * Returns the type of a type number.
     *
     * @param code the value of the first four bits of a message
     * @return the type, or null when this codec does not handle it
     */
    public static MessageType ofCode(final int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
