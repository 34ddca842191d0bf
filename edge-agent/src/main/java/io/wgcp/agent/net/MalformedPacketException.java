/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

/**
 * An IP packet that {@link IpPacket#parse(java.nio.ByteBuffer)} rejects, with the reason. Checked, because malformed
 * input is an expected outcome of reading packets, never a programming error. It carries no stack trace: it is
 * thrown per packet and the reason says all there is to say.
 */
public final class MalformedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Why a packet is rejected.
     */
    public enum Reason {
        /** Shorter than the fixed header of its version (20 bytes for IPv4, 40 for IPv6), or empty. */
        TOO_SHORT,
        /** The version field is neither 4 nor 6. */
        BAD_VERSION,
        /** IPv4: the IHL is below 5 words or runs past the packet. */
        BAD_HEADER_LENGTH,
        /** IPv4: the total length is below the header length or beyond the bytes available. */
        BAD_TOTAL_LENGTH,
        /** IPv4: the header checksum is wrong. */
        BAD_CHECKSUM,
        /** IPv6: the payload length, or an extension header, runs past the bytes available. */
        TRUNCATED,
        /** IPv6: a chain of extension headers longer than any real packet carries. */
        BAD_EXTENSION_HEADERS,
        /** IPv6: a jumbogram (payload length 0 with a hop-by-hop header, RFC 2675), which no TUN device carries. */
        UNSUPPORTED_JUMBOGRAM
    }

    /** Why the packet was rejected. */
    private final Reason reason;

    /**
     * Creates an exception.
     *
     * @param reason the reason
     * @param detail the specifics, for the message
     */
    public MalformedPacketException(final Reason reason, final String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    /**
     * Why the packet was rejected.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
