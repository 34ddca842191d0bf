/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import java.nio.ByteBuffer;

/**
 * The Internet checksum (RFC 1071) of IP headers and ICMP/ICMPv6 messages. Sums are kept unfolded in a {@code long}
 * so that regions and pseudo-headers can be added before one final {@link #fold(long)}.
 */
public final class InternetChecksum {
    private InternetChecksum() {
        // utility class
    }

    /**
     * Adds up a region as big-endian 16-bit words (an odd last byte is padded with zero), whatever the buffer's byte
     * order.
     *
     * @param buf the buffer
     * @param index the absolute index of the region
     * @param length the length of the region
     * @return the unfolded sum
     */
    public static long sum(final ByteBuffer buf, final int index, final int length) {
        long sum = 0;
        int offset = index;
        final int end = index + length;
        while (offset + 1 < end) {
            sum += (buf.get(offset) & 0xFF) << 8 | buf.get(offset + 1) & 0xFF;
            offset += 2;
        }
        if (offset < end) {
            sum += (buf.get(offset) & 0xFF) << 8;
        }
        return sum;
    }

    /**
     * Folds a sum to 16 bits and complements it: the value of a checksum field.
     *
     * @param sum an unfolded sum
     * @return the checksum field value; 0 when the summed region already held a correct checksum
     */
    public static int fold(final long sum) {
        long folded = sum;
        while (folded >>> 16 != 0) {
            folded = (folded & 0xFFFF) + (folded >>> 16);
        }
        return (int) ~folded & 0xFFFF;
    }

    /**
     * The checksum of a region, e.g. of an IPv4 header whose checksum field is zero.
     *
     * @param buf the buffer
     * @param index the absolute index of the region
     * @param length the length of the region
     * @return the checksum field value
     */
    public static int compute(final ByteBuffer buf, final int index, final int length) {
        return fold(sum(buf, index, length));
    }

    /**
     * The sum of the IPv6 pseudo-header (RFC 8200 section 8.1) that ICMPv6, UDP and TCP checksums cover.
     *
     * @param buf the buffer holding the two addresses
     * @param sourceIndex the absolute index of the 16-byte source address
     * @param destinationIndex the absolute index of the 16-byte destination address
     * @param upperLayerLength the length of the upper-layer packet (header and data)
     * @param nextHeader the upper-layer protocol number
     * @return the unfolded sum, to add to the sum of the upper-layer packet
     */
    public static long ipv6PseudoHeaderSum(final ByteBuffer buf, final int sourceIndex, final int destinationIndex,
            final long upperLayerLength, final int nextHeader) {
        return sum(buf, sourceIndex, 16) + sum(buf, destinationIndex, 16) + (upperLayerLength >>> 16)
            + (upperLayerLength & 0xFFFF) + nextHeader;
    }
}
