/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.index;

import io.wgcp.types.IpPrefix;

/**
 * Bit helpers on 128-bit keys held as two longs. Every address is stored left-aligned: an IPv6 address fills
 * {@code hi} and {@code lo}, an IPv4 address sits in the upper 32 bits of {@code hi} with everything below zero.
 * One representation for both families lets the trie code be written once.
 */
final class Bits {
    private Bits() {
        // utility class
    }

    static long maskHi(final int len) {
        return IpPrefix.maskHi(len);
    }

    static long maskLo(final int len) {
        return IpPrefix.maskLo(len);
    }

    /** Bit at position {@code pos} (0 = most significant) of the 128-bit key. */
    static int bit(final long hi, final long lo, final int pos) {
        return pos < 64 ? (int) (hi >>> 63 - pos) & 1 : (int) (lo >>> 127 - pos) & 1;
    }

    /** Length of the common leading bit string of two 128-bit keys (128 when equal). */
    static int commonPrefix(final long hi1, final long lo1, final long hi2, final long lo2) {
        final long diff = hi1 ^ hi2;
        if (diff != 0) {
            return Long.numberOfLeadingZeros(diff);
        }
        return 64 + Long.numberOfLeadingZeros(lo1 ^ lo2);
    }

    /**
     * Six bits starting at {@code depth}; bits past the end of the 128-bit key read as zero, which is how a
     * last-level node of a width that is not a multiple of six is padded.
     */
    static int chunk6(final long hi, final long lo, final int depth) {
        if (depth <= 58) {
            return (int) (hi >>> 58 - depth) & 63;
        }
        if (depth >= 64) {
            return depth <= 122 ? (int) (lo >>> 122 - depth) & 63 : (int) (lo << depth - 122) & 63;
        }
        return (int) (hi << depth - 58 | lo >>> 122 - depth) & 63;
    }

    /** Upper word of a key masked to {@code depth} bits with the six-bit {@code chunk} placed at {@code depth}. */
    static long withChunkHi(final long hi, final int depth, final int chunk) {
        final long base = hi & maskHi(depth);
        if (depth >= 64) {
            return base;
        }
        return depth <= 58 ? base | (long) chunk << 58 - depth : base | (long) chunk >>> depth - 58;
    }

    /** Lower word counterpart of {@link #withChunkHi(long, int, int)}. */
    static long withChunkLo(final long lo, final int depth, final int chunk) {
        final long base = lo & maskLo(depth);
        if (depth <= 58) {
            return base;
        }
        return depth <= 122 ? base | (long) chunk << 122 - depth : base | (long) chunk >>> depth - 122;
    }
}
