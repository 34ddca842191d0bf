/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

/**
 * The ACT field of a mapping record (IANA "LISP ACT Values"). All eight 3-bit values are representable so that any
 * record decodes and re-encodes unchanged; 6 and 7 are unassigned.
 */
public enum MapReplyAction {
    /** 0: the map-cache is kept alive and no encapsulation occurs. */
    NO_ACTION,
    /** 1: forward natively. */
    NATIVELY_FORWARD,
    /** 2: send a Map-Request. */
    SEND_MAP_REQUEST,
    /** 3: drop, no reason (in wgcp: unknown overlay destination). */
    DROP_NO_REASON,
    /** 4: drop, policy denied (in wgcp: a destination that policy hides). */
    DROP_POLICY_DENIED,
    /** 5: drop, authentication failure. */
    DROP_AUTH_FAILURE,
    /** 6: unassigned. */
    UNASSIGNED_6,
    /** 7: unassigned. */
    UNASSIGNED_7;

    // values() clones its array on every call; the decoder looks actions up per record
    private static final MapReplyAction[] BY_CODE = values();

    /**
     * Returns the 3-bit code.
     *
     * @return the code, 0 to 7
     */
    public int code() {
        return ordinal();
    }

    /**
     * Returns the action of a code.
     *
     * @param code the code, 0 to 7
     * @return the action
     */
    public static MapReplyAction ofCode(final int code) {
        return BY_CODE[code & 7];
    }
}
