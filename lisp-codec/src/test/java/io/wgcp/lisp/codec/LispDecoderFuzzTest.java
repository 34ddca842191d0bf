/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Coverage-guided fuzz target (Jazzer) for the decoder. Any exception other than {@link LispDecodingException}
 * escaping the decoder is a finding, and so is a decoded message that does not survive encode + decode.
 *
 * <p>A normal build runs it in regression mode over the seed corpus in
 * {@code src/test/resources/io/wgcp/lisp/codec/LispDecoderFuzzTestInputs/decode}. To fuzz:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl lisp-codec test -Dtest=LispDecoderFuzzTest}; findings are written next to
 * the seeds and then replayed by every build.
 */
class LispDecoderFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void decode(final byte[] input) {
        final LispMessage message;
        try {
            // a buffer of exactly the input's size: a read past the message throws IndexOutOfBoundsException
            message = LispMessageDecoder.decode(Unpooled.wrappedBuffer(input));
        } catch (LispDecodingException e) {
            return;
        }
        final ByteBuf out = Unpooled.buffer(input.length);
        LispMessageEncoder.encode(message, out);
        try {
            assertEquals(message, LispMessageDecoder.decode(out));
        } catch (LispDecodingException e) {
            throw new AssertionError("re-encoded message does not decode", e);
        }
    }
}
