/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Property: every valid message encodes to {@link LispMessageEncoder#encodedLength(LispMessage)} bytes and decodes
 * back to an equal object, whatever buffer kind and position it sits in.
 */
class RoundTripPropertyTest {
    private static final int CASES_PER_TYPE = 10_000;

    enum Kind {
        MAP_REQUEST(RandomMessages::mapRequest),
        MAP_REPLY(RandomMessages::mapReply),
        MAP_REGISTER(RandomMessages::mapRegister),
        MAP_NOTIFY(RandomMessages::mapNotify),
        MAP_NOTIFY_ACK(RandomMessages::mapNotifyAck),
        ENCAPSULATED_CONTROL_MESSAGE(RandomMessages::encapsulatedControlMessage);

        private final Function<RandomMessages, LispMessage> generator;

        Kind(final Function<RandomMessages, LispMessage> generator) {
            this.generator = generator;
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void randomMessagesRoundTrip(final Kind kind) throws LispDecodingException {
        final long seed = 0x5EED_0000L + kind.ordinal();
        final RandomMessages random = new RandomMessages(seed);
        final ByteBuf heap = Unpooled.buffer(4096);
        for (int i = 0; i < CASES_PER_TYPE; i++) {
            final LispMessage message = kind.generator.apply(random);
            heap.clear();
            final int length = LispMessageEncoder.encode(message, heap);
            final String context = "seed " + seed + " case " + i;
            assertEquals(LispMessageEncoder.encodedLength(message), length, context);
            assertEquals(length, heap.readableBytes(), context);
            assertEquals(message, LispMessageDecoder.decode(heap), context);
        }
        heap.release();
    }

    @Test
    void messagesAtAnOffsetInDirectAndPooledBuffers() throws LispDecodingException {
        final RandomMessages random = new RandomMessages(0xD1EC7L);
        for (int i = 0; i < 5_000; i++) {
            final LispMessage message = random.message();
            final int padding = random.nextInt(16);
            final ByteBuf buf = i % 2 == 0 ? Unpooled.directBuffer() : ByteBufAllocator.DEFAULT.buffer();
            try {
                buf.writeZero(padding);
                final int length = LispMessageEncoder.encode(message, buf);
                buf.writeZero(padding);
                // the absolute-index form reads exactly the region and leaves the indexes alone
                assertEquals(message, LispMessageDecoder.decode(buf, padding, length), "case " + i);
                assertEquals(0, buf.readerIndex());
                // the same bytes re-encoded are identical
                final ByteBuf again = LispMessageEncoder.encode(LispMessageDecoder.decode(buf, padding, length),
                    ByteBufAllocator.DEFAULT);
                try {
                    assertEquals(buf.slice(padding, length), again, "case " + i);
                } finally {
                    again.release();
                }
            } finally {
                buf.release();
            }
        }
    }
}
