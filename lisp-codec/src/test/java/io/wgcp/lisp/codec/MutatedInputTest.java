/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Robustness: over a million inputs derived from valid encodings (bit flips, byte overwrites, truncations, LCAF
 * length and count corruption, insertions, deletions, duplications, splices of two messages) and random bytes, the
 * decoder only ever returns a message or throws {@link LispDecodingException}. Any other exception, an out-of-bounds
 * read included (every input sits in a buffer of exactly its size), fails the test with the input in hex. Every input
 * that does decode must also re-encode and decode to the same object.
 */
class MutatedInputTest {
    private static final Logger LOG = Logger.getLogger(MutatedInputTest.class.getName());
    private static final int INPUTS = 1_200_000;
    private static final int CORPUS = 4_000;
    private static final int[] TYPES = { 1, 2, 3, 4, 5, 8 };
    private static final int[] INTERESTING_BYTES = { 0x00, 0x01, 0x02, 0x03, 0x07, 0x0b, 0x10, 0x20, 0x40, 0x7f,
        0x80, 0xfe, 0xff };

    private final SplittableRandom random = new SplittableRandom(0xF022L);
    private final Map<String, Integer> reasons = new HashMap<>();
    private int decoded;
    private int rejected;

    @Test
    void mutatedAndRandomInputsOnlyEverFailWithLispDecodingException() {
        final List<byte[]> corpus = corpus();
        for (int i = 0; i < INPUTS; i++) {
            final byte[] input;
            if (random.nextInt(10) == 0) {
                input = randomBytes();
            } else {
                byte[] mutant = corpus.get(random.nextInt(corpus.size()));
                final int rounds = 1 + random.nextInt(3);
                for (int r = 0; r < rounds; r++) {
                    mutant = mutate(mutant, corpus);
                }
                input = mutant;
            }
            check(input);
        }
        LOG.info(() -> INPUTS + " inputs: " + decoded + " decoded, " + rejected + " rejected; reasons: " + reasons);
        assertEquals(INPUTS, decoded + rejected);
        // both outcomes must be well exercised, or the mutations are too weak or too destructive
        assertTrue(decoded > INPUTS / 50, "only " + decoded + " inputs decoded");
        assertTrue(rejected > INPUTS / 2, "only " + rejected + " inputs rejected");
        // and the rejections must reach the decoder's checks, not just the first few
        assertTrue(reasons.size() >= 25, "only " + reasons.size() + " kinds of rejection: " + reasons.keySet());
    }

    private List<byte[]> corpus() {
        final RandomMessages messages = new RandomMessages(0xC02B05L);
        final List<byte[]> corpus = new ArrayList<>(CORPUS + 20);
        for (int i = 0; i < CORPUS; i++) {
            final ByteBuf buf = Unpooled.buffer();
            LispMessageEncoder.encode(messages.message(), buf);
            final byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            corpus.add(bytes);
        }
        for (String vector : List.of(GoldenVectorTest.MAP_REQUEST, GoldenVectorTest.MAP_REQUEST_SUBSCRIBE,
                GoldenVectorTest.MAP_REQUEST_WITH_MAP_DATA, GoldenVectorTest.MAP_REPLY_WIREGUARD,
                GoldenVectorTest.MAP_REPLY_NEGATIVE, GoldenVectorTest.MAP_REGISTER_OOR,
                GoldenVectorTest.MAP_REGISTER_WGCP, GoldenVectorTest.MAP_NOTIFY_FULL_MAC,
                GoldenVectorTest.MAP_NOTIFY_ACK_HKDF, GoldenVectorTest.ECM_IPV4, GoldenVectorTest.ECM_IPV6,
                GoldenVectorTest.MAP_REQUEST_AFI_LIST, GoldenVectorTest.MAP_REPLY_UNKNOWN_LCAF,
                GoldenVectorTest.MAP_REPLY_FULL_LCAFS)) {
            corpus.add(Hex.bytes(vector));
        }
        return corpus;
    }

    // The reason with numbers and details cut off, to count the kinds of rejection.
    private static String kind(final String message) {
        final int needs = message.indexOf(" needs ");
        if (needs > 0) {
            return message.substring(0, needs) + (message.contains("enclosing LCAF") ? " short in LCAF" : " short");
        }
        int start = 0;
        while (start < message.length() && (Character.isDigit(message.charAt(start)) || message.charAt(start) == ' ')) {
            start++;
        }
        int end = start;
        while (end < message.length() && !Character.isDigit(message.charAt(end)) && message.charAt(end) != '(') {
            end++;
        }
        return message.substring(start, end).trim();
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void check(final byte[] input) {
        // a buffer of exactly the input's size: any read past the message is an IndexOutOfBoundsException
        final ByteBuf buf = Unpooled.wrappedBuffer(input);
        final LispMessage message;
        try {
            message = LispMessageDecoder.decode(buf);
        } catch (LispDecodingException e) {
            assertNotNull(e.getMessage());
            reasons.merge(kind(e.getMessage()), 1, Integer::sum);
            rejected++;
            return;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("decoder threw " + e + " on input " + Hex.of(input), e);
        }
        decoded++;
        try {
            final ByteBuf out = Unpooled.buffer(input.length);
            LispMessageEncoder.encode(message, out);
            assertEquals(message, LispMessageDecoder.decode(out), () -> "re-decoding input " + Hex.of(input));
        } catch (LispDecodingException | RuntimeException e) {
            fail("a decoded message did not round-trip: " + Hex.of(input), e);
        }
    }

    private byte[] randomBytes() {
        final byte[] bytes = new byte[random.nextInt(160)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        if (bytes.length > 0) {
            // a supported type nibble, so that the bytes get past the dispatch
            bytes[0] = (byte) (TYPES[random.nextInt(TYPES.length)] << 4 | bytes[0] & 0x0F);
        }
        return bytes;
    }

    private byte[] mutate(final byte[] original, final List<byte[]> corpus) {
        if (original.length == 0) {
            return randomBytes();
        }
        final byte[] bytes = original.clone();
        final int index = random.nextInt(bytes.length);
        switch (random.nextInt(11)) {
            case 0 -> {
                // flip one to four bits
                final int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return bytes;
            }
            case 1 -> {
                bytes[index] = (byte) (random.nextBoolean() ? random.nextInt(256)
                    : INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]);
                return bytes;
            }
            case 2 -> {
                return Arrays.copyOf(bytes, index);
            }
            case 3 -> {
                return corruptLcafLength(bytes);
            }
            case 4 -> {
                // a 16-bit field (a length, an AFI, a port) set to a boundary value
                if (index + 1 < bytes.length) {
                    final int value = switch (random.nextInt(8)) {
                        case 0 -> 0;
                        case 1 -> 0xFFFF;
                        case 2 -> Afi.LCAF;
                        case 3 -> 1 + random.nextInt(2);
                        case 4 -> bytes.length - index;
                        case 5 -> bytes.length - index - 2 + random.nextInt(5);
                        default -> random.nextInt(65536);
                    };
                    bytes[index] = (byte) (value >>> 8);
                    bytes[index + 1] = (byte) value;
                }
                return bytes;
            }
            case 5 -> {
                // header counts: record count, ITR-RLOC count, flags
                if (bytes.length >= 4) {
                    bytes[1 + random.nextInt(3)] = (byte) random.nextInt(256);
                }
                return bytes;
            }
            case 6 -> {
                final int count = 1 + random.nextInt(8);
                final byte[] grown = new byte[bytes.length + count];
                System.arraycopy(bytes, 0, grown, 0, index);
                for (int i = 0; i < count; i++) {
                    grown[index + i] = (byte) random.nextInt(256);
                }
                System.arraycopy(bytes, index, grown, index + count, bytes.length - index);
                return grown;
            }
            case 7 -> {
                final int count = Math.min(bytes.length - index, 1 + random.nextInt(16));
                final byte[] shrunk = new byte[bytes.length - count];
                System.arraycopy(bytes, 0, shrunk, 0, index);
                System.arraycopy(bytes, index + count, shrunk, index, bytes.length - index - count);
                return shrunk;
            }
            case 8 -> {
                // duplicate a range in place
                final int count = Math.min(bytes.length - index, 1 + random.nextInt(24));
                final byte[] grown = new byte[bytes.length + count];
                System.arraycopy(bytes, 0, grown, 0, index + count);
                System.arraycopy(bytes, index, grown, index + count, bytes.length - index);
                return grown;
            }
            case 9 -> {
                // splice: the head of this message, the tail of another
                final byte[] other = corpus.get(random.nextInt(corpus.size()));
                final int from = other.length == 0 ? 0 : random.nextInt(other.length);
                final byte[] spliced = Arrays.copyOf(bytes, index + other.length - from);
                System.arraycopy(other, from, spliced, index, other.length - from);
                return spliced;
            }
            default -> {
                final byte[] longer = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(8));
                for (int i = bytes.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return longer;
            }
        }
    }

    // Finds an LCAF header (AFI 16387) and moves its Length off by a little or a lot.
    private byte[] corruptLcafLength(final byte[] bytes) {
        final List<Integer> headers = new ArrayList<>();
        for (int i = 0; i + 7 < bytes.length; i++) {
            if (bytes[i] == 0x40 && bytes[i + 1] == 0x03) {
                headers.add(i);
            }
        }
        if (headers.isEmpty()) {
            return bytes;
        }
        final int at = headers.get(random.nextInt(headers.size())) + 6;
        final int length = (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
        final int corrupted = switch (random.nextInt(4)) {
            case 0 -> length + 1 + random.nextInt(4);
            case 1 -> length - 1 - random.nextInt(4);
            case 2 -> 0;
            default -> random.nextInt(65536);
        };
        bytes[at] = (byte) (corrupted >>> 8);
        bytes[at + 1] = (byte) corrupted;
        return bytes;
    }
}
