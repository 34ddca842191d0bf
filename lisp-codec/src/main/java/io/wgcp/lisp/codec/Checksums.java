/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import io.netty.buffer.ByteBuf;

/**
 * The Internet checksum (RFC 1071), for the inner IP and UDP headers of an ECM.
 */
final class Checksums {
    private Checksums() {
        // utility class
    }

    /**
     * Adds up a region as big-endian 16-bit words (an odd last byte is padded with zero).
     *
     * @param buf the buffer
     * @param index the absolute index of the region
     * @param length the length of the region
     * @return the unfolded sum
     */
    static long sum(final ByteBuf buf, final int index, final int length) {
        long sum = 0;
        int offset = index;
        final int end = index + length;
        while (offset + 1 < end) {
            sum += buf.getUnsignedShort(offset);
            offset += 2;
        }
        if (offset < end) {
            sum += buf.getUnsignedByte(offset) << 8;
        }
        return sum;
    }

    /**
     * Folds a sum to 16 bits and complements it.
     *
     * @param sum an unfolded sum
     * @return the checksum field value
     */
    static int fold(final long sum) {
        long folded = sum;
        while (folded >>> 16 != 0) {
            folded = (folded & 0xFFFF) + (folded >>> 16);
        }
        return (int) ~folded & 0xFFFF;
    }
}
