/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

/**
 * The one exception that decoding a malformed LISP control message ends in.
 *
 * <p>The map server faces the network, so malformed input is an expected event, not a bug: the decoder turns every
 * structural problem (short buffer, a length running past its parent, an unknown AFI, a flag announcing a trailer
 * that is missing, trailing garbage, ...) into this checked exception, with a human-readable reason and the offset of
 * the offending field relative to the start of the message.
 *
 * <p>It carries no stack trace: a flood of garbage datagrams must not cost a stack walk per packet, and the reason and
 * offset say more than the decoder's call chain would.
 */
public final class LispDecodingException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * Creates an exception.
     *
     * @param offset the offset of the offending field from the start of the message, or -1 when not applicable
     * @param reason what is wrong, for logs
     */
    public LispDecodingException(final int offset, final String reason) {
        super(offset >= 0 ? reason + " (at offset " + offset + ")" : reason, null, false, false);
        this.offset = offset;
    }

    /**
     * Returns the offset of the offending field from the start of the message.
     *
     * @return the offset, or -1 when not applicable
     */
    public int offset() {
        return offset;
    }
}
