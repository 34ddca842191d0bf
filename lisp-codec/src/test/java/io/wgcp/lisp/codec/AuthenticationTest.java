/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthenticationTest {
    private static final byte[] KEY = GoldenVectorTest.EDGE_SECRET;
    private static final List<MappingRecord> WITHDRAWAL = List.of(new MappingRecord(0, MapReplyAction.NO_ACTION, true,
        0, GoldenVectorTest.iid100("10.2.0.7", 32), List.of()));

    private static byte[] ascii(final String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void hmacSha1KnownAnswerRfc2202() {
        // RFC 2202 test case 2
        assertEquals("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
            Hex.of(Macs.hmacSha1(ascii("Jefe")).doFinal(ascii("what do ya want for nothing?"))));
    }

    @Test
    void hmacSha256KnownAnswerRfc4231() {
        // RFC 4231 test case 2
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            Hex.of(Macs.hmacSha256(ascii("Jefe")).doFinal(ascii("what do ya want for nothing?"))));
        // RFC 4231 test case 1
        final byte[] key = new byte[20];
        Arrays.fill(key, (byte) 0x0b);
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            Hex.of(Macs.hmacSha256(key).doFinal(ascii("Hi There"))));
    }

    @Test
    void hkdfRfc5869TestCase1() {
        final byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        final byte[] salt = ImmutableBytes.fromHex("000102030405060708090a0b0c").toByteArray();
        final byte[] info = ImmutableBytes.fromHex("f0f1f2f3f4f5f6f7f8f9").toByteArray();
        final byte[] prk = Hkdf.extract(salt, ikm);
        assertEquals("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", Hex.of(prk));
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
            Hex.of(Hkdf.expand(prk, info, 42)));
        assertArrayEquals(Hkdf.expand(prk, info, 42), Hkdf.derive(salt, ikm, info, 42));
    }

    @Test
    void hkdfRfc5869TestCase3WithoutSaltAndInfo() {
        final byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        assertEquals("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
            Hex.of(Hkdf.extract(null, ikm)));
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
            Hex.of(Hkdf.derive(new byte[0], ikm, null, 42)));
    }

    @Test
    void hkdfVariantUsesTheSaltOfEachMessageType() {
        // MACs computed independently (Python hmac/hashlib) with the construction documented in LispAuthentication
        final long nonce = 0x7766554433221100L;
        assertSigned("5ff6b9abd3ecc4989e69341bb59455f3457545fa4853fb97eef1d0552bbb86b8",
            new MapNotify(false, nonce, 0, 3, ImmutableBytes.zeros(32), WITHDRAWAL, null));
        assertSigned("5f95ff3ab7786970053ee52078c35d8e",
            new MapNotifyAck(false, nonce, 0, 3, ImmutableBytes.zeros(16), WITHDRAWAL, null));
        assertSigned("29ce2083ca5e44644ceaf58fa5bff72c", MapRegister.builder(nonce).authentication(0, 3).build());
    }

    private static void assertSigned(final String expectedMac, final AuthenticatedMessage message) {
        final ByteBuf out = Unpooled.buffer();
        LispAuthentication.encodeAndSign(message, KEY, out);
        assertEquals(expectedMac, Hex.of(out.slice(16, expectedMac.length() / 2)));
        assertTrue(LispAuthentication.verify(out, KEY));
    }

    @ParameterizedTest
    @CsvSource({ "1, 12, 20", "2, 16, 32", "3, 16, 32" })
    void acceptsEveryMacLengthFromTruncatedToFull(final int algorithm, final int truncated, final int full) {
        assertEquals(truncated, LispAuthentication.truncatedMacLength(algorithm));
        assertEquals(full, LispAuthentication.fullMacLength(algorithm));
        for (int length = truncated - 2; length <= full + 2; length++) {
            final MapRegister register = MapRegister.builder(42).authentication(7, algorithm, length)
                .addRecord(GoldenVectorTest.wgcpRegisteredRecord()).build();
            final ByteBuf out = Unpooled.buffer();
            if (length < truncated || length > full) {
                final int tooLong = length;
                assertThrows(IllegalArgumentException.class, () -> LispAuthentication.encodeAndSign(register, KEY,
                    out), "length " + tooLong);
                // a peer's message with such a length never verifies, whatever it carries
                out.clear();
                LispMessageEncoder.encode(register, out);
                assertFalse(LispAuthentication.verify(out, KEY));
                continue;
            }
            LispAuthentication.encodeAndSign(register, KEY, out);
            assertTrue(LispAuthentication.verify(out, KEY), "length " + length);
            assertFalse(LispAuthentication.verify(out, ascii("another key")), "length " + length);
        }
    }

    @Test
    void signedMessagesVerifyAndAnySingleBitFlipBreaksThem() {
        final RandomMessages random = new RandomMessages(0xA07L);
        for (int i = 0; i < 3_000; i++) {
            final AuthenticatedMessage message = random.signableMessage();
            final ByteBuf out = i % 2 == 0 ? Unpooled.buffer() : Unpooled.directBuffer();
            try {
                out.writeZero(i % 7);
                out.readerIndex(i % 7);
                LispAuthentication.encodeAndSign(message, KEY, out);
                assertTrue(LispAuthentication.verify(out, KEY), "case " + i);
                final int readerIndex = out.readerIndex();
                final int bit = random.nextInt(out.readableBytes() * 8);
                final int at = readerIndex + bit / 8;
                out.setByte(at, out.getByte(at) ^ 1 << bit % 8);
                assertFalse(LispAuthentication.verify(out, KEY), "case " + i + " bit " + bit);
                assertEquals(readerIndex, out.readerIndex());
            } finally {
                out.release();
            }
        }
    }

    @Test
    void decodeThenVerifyTheSameBytes() throws LispDecodingException {
        // the map server's flow: decode, let the key id and records select the key, verify the bytes as received
        final byte[] wire = Hex.bytes(GoldenVectorTest.MAP_REGISTER_WGCP);
        final ByteBuf buf = Unpooled.wrappedBuffer(wire.clone());
        final MapRegister register = (MapRegister) LispMessageDecoder.decode(buf);
        assertEquals(5, register.keyId());
        assertTrue(LispAuthentication.verify(buf, KEY));
        assertEquals(0, buf.readerIndex());
        assertEquals(Hex.of(wire), Hex.of(buf));
    }

    @Test
    void anAnswerUsesTheRegistersAlgorithmAndLength() throws LispDecodingException {
        for (int algorithm = 1; algorithm <= 3; algorithm++) {
            for (int length = LispAuthentication.truncatedMacLength(algorithm);
                    length <= LispAuthentication.fullMacLength(algorithm); length++) {
                final MapRegister register = MapRegister.builder(99).wantMapNotify(true)
                    .authentication(3, algorithm, length).addRecord(GoldenVectorTest.wgcpRegisteredRecord()).build();
                final ByteBuf out = Unpooled.buffer();
                LispAuthentication.encodeAndSign(MapNotify.answering(register), KEY, out);
                assertTrue(LispAuthentication.verify(out, KEY));
                final MapNotify notify = (MapNotify) LispMessageDecoder.decode(out);
                assertEquals(algorithm, notify.algorithmId());
                assertEquals(3, notify.keyId());
                assertEquals(length, notify.authenticationData().length());
                assertEquals(register.nonce(), notify.nonce());
                assertEquals(register.records(), notify.records());

                final ByteBuf ack = Unpooled.buffer();
                LispAuthentication.encodeAndSign(MapNotifyAck.acknowledging(notify), KEY, ack);
                assertTrue(LispAuthentication.verify(ack, KEY));
            }
        }
    }

    @Test
    void unsupportedAlgorithmsAndMessagesDoNotVerify() {
        for (int algorithm : new int[] { 0, 4, 255 }) {
            final ByteBuf out = Unpooled.buffer();
            LispMessageEncoder.encode(MapRegister.builder(1).authentication(0, algorithm, ImmutableBytes.zeros(16))
                .build(), out);
            assertFalse(LispAuthentication.verify(out, KEY));
            assertThrows(IllegalArgumentException.class, () -> LispAuthentication.sign(out, 0, out.readableBytes(),
                KEY));
        }
        final ByteBuf request = Unpooled.wrappedBuffer(Hex.bytes(GoldenVectorTest.MAP_REQUEST));
        assertFalse(LispAuthentication.verify(request, KEY));
        assertFalse(LispAuthentication.verify(Unpooled.wrappedBuffer(new byte[] { 0x30, 0 }), KEY));
        // authentication data length running past the message
        final byte[] truncated = Hex.bytes(GoldenVectorTest.MAP_REGISTER_OOR);
        assertFalse(LispAuthentication.verify(Unpooled.wrappedBuffer(truncated, 0, 30), ascii("password")));
    }

    @Test
    void legacyKeyIdsReadAsKeyIdZeroPlusAlgorithm() {
        assertTrue(LispAuthentication.isSupported(1));
        assertTrue(LispAuthentication.isSupported(2));
        assertFalse(LispAuthentication.isSupported(0));
        assertTrue(LispAuthentication.isAcceptableMacLength(1, 20));
        assertFalse(LispAuthentication.isAcceptableMacLength(1, 32));
        assertTrue(LispAuthentication.isAcceptableMacLength(2, 32));
        assertFalse(LispAuthentication.isAcceptableMacLength(2, 12));
    }
}
