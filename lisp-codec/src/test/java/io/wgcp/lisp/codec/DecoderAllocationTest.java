/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * What decoding a Map-Request allocates on the hot path (a byte count, which does not depend on machine load; the
 * throughput itself belongs to the benchmarks, not to unit tests).
 */
class DecoderAllocationTest {
    private static final Logger LOG = Logger.getLogger(DecoderAllocationTest.class.getName());

    @Test
    void allocationPerDecodedMapRequest() throws LispDecodingException {
        final ByteBuf request = Unpooled.directBuffer();
        request.writeBytes(Hex.bytes(GoldenVectorTest.MAP_REQUEST_SUBSCRIBE));
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += LispMessageDecoder.decode(request, 0, request.readableBytes()).hashCode();
        }
        final int runs = 100_000;
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < runs; i++) {
            sink += LispMessageDecoder.decode(request, 0, request.readableBytes()).hashCode();
        }
        final long perDecode = (threads.getCurrentThreadAllocatedBytes() - before) / runs;
        final long total = sink;
        // the message objects of this request (the request, its two lists, two instance-id LCAFs, three IPv4 and one
        // IPv6 address, the record and its prefix, the xTR-ID) and the decoder's cursor: under 400 bytes
        LOG.info(() -> "bytes allocated per Map-Request decode: " + perDecode + " (" + total + ")");
        assertTrue(perDecode < 1024, perDecode + " bytes allocated per decode");
        request.release();
    }
}
