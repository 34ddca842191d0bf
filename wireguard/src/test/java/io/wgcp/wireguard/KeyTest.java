/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.types.WireGuardKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTest {
    private static final HexFormat HEX = HexFormat.of();

    // RFC 7748 section 6.1
    private static final String ALICE_PRIVATE = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private static final String ALICE_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private static final String BOB_PRIVATE = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private static final String BOB_PUBLIC = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private static final String SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

    @Test
    void rfc7748FunctionVectors() {
        // section 5.2; the second u-coordinate has its top bit set, which must be masked
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552", HEX.formatHex(
            X25519.scalarMult(HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))));
        assertEquals("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957", HEX.formatHex(
            X25519.scalarMult(HEX.parseHex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                HEX.parseHex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))));
    }

    @Test
    void rfc7748IteratedVectors() {
        byte[] scalar = new byte[32];
        byte[] coordinate = new byte[32];
        scalar[0] = 9;
        coordinate[0] = 9;
        for (int i = 1; i <= 1000; i++) {
            final byte[] result = X25519.scalarMult(scalar, coordinate);
            coordinate = scalar;
            scalar = result;
            if (i == 1) {
                assertEquals("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079",
                    HEX.formatHex(scalar));
            }
        }
        assertEquals("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", HEX.formatHex(scalar));
    }

    @Test
    void rfc7748DiffieHellmanVectors() {
        final WireGuardPrivateKey alice = WireGuardPrivateKey.fromHex(ALICE_PRIVATE);
        final WireGuardPrivateKey bob = WireGuardPrivateKey.fromHex(BOB_PRIVATE);
        assertEquals(WireGuardKey.fromHex(ALICE_PUBLIC), WireGuardKeyPair.publicKeyOf(alice));
        assertEquals(WireGuardKey.fromHex(BOB_PUBLIC), bob.publicKey());
        assertEquals(SHARED, HEX.formatHex(X25519.scalarMult(alice.bytes(), bob.publicKey().bytes())));
        assertEquals(SHARED, HEX.formatHex(X25519.scalarMult(bob.bytes(), alice.publicKey().bytes())));
        // a point of small order is refused
        assertThrows(IllegalArgumentException.class, () -> X25519.scalarMult(alice.bytes(), new byte[32]));
    }

    @Test
    void textForms() {
        final byte[] raw = new byte[32];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 7 + 1);
        }
        final WireGuardKey key = WireGuardKey.of(raw);
        assertEquals(key, WireGuardKey.fromBase64(key.toBase64()));
        assertEquals(key, WireGuardKey.fromHex(key.toHex()));
        assertEquals(key, WireGuardKey.fromHex(key.toHex().toUpperCase(java.util.Locale.ROOT)));
        assertEquals(44, key.toBase64().length());
        assertEquals(key.toBase64(), key.toString());
        assertEquals(key.hashCode(), WireGuardKey.of(raw).hashCode());
        assertNotEquals(key, WireGuardKey.of(new byte[32]));
        assertTrue(WireGuardKey.of(new byte[32]).isZero());
        assertFalse(key.isZero());
        // copies in and out
        raw[0] = 0;
        assertEquals(1, key.bytes()[0]);
        key.bytes()[1] = 0;
        assertEquals(8, key.bytes()[1]);
    }

    @Test
    void malformedKeys() {
        final String good = WireGuardKeyPair.generate().publicKey().toBase64();
        for (String bad : List.of("", "bm90IGEga2V5", good.substring(1), good + "=", good.replace('=', 'A'),
                "!" + good.substring(1), good.substring(0, 42) + "B=")) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WireGuardKey.fromBase64(bad), bad);
            assertTrue(e.getMessage().contains("WireGuard key"), e.getMessage());
        }
        for (String bad : List.of("", "00", "g".repeat(64), "0".repeat(63), "0".repeat(65), "+1".repeat(32))) {
            assertThrows(IllegalArgumentException.class, () -> WireGuardKey.fromHex(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> WireGuardKey.of(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> WireGuardPrivateKey.of(new byte[33]));
    }

    @Test
    void privateKeyNeverPrintsItsSecret() {
        final WireGuardKeyPair pair = WireGuardKeyPair.generate();
        final WireGuardPrivateKey secret = pair.privateKey();
        for (String text : List.of(secret.toString(), pair.toString())) {
            assertFalse(text.contains(secret.toBase64()), text);
            assertFalse(text.contains(secret.toHex()), text);
            assertTrue(text.contains(pair.publicKey().toBase64()), text);
        }
        assertEquals(secret, WireGuardPrivateKey.fromBase64(secret.toBase64()));
        assertEquals(secret, WireGuardPrivateKey.fromHex(secret.toHex()));
        assertEquals(secret.hashCode(), WireGuardPrivateKey.fromHex(secret.toHex()).hashCode());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> WireGuardPrivateKey.fromBase64(secret.toBase64().substring(1) + "!"));
        assertFalse(e.getMessage().contains(secret.toBase64().substring(1)), e.getMessage());
    }

    @Test
    void generatedKeysAreClampedAndConsistent() {
        for (int i = 0; i < 20; i++) {
            final WireGuardKeyPair pair = WireGuardKeyPair.generate();
            final byte[] scalar = pair.privateKey().bytes();
            assertEquals(0, scalar[0] & 7);
            assertEquals(0x40, scalar[31] & 0xC0);
            assertEquals(pair.publicKey(), WireGuardKeyPair.publicKeyOf(pair.privateKey()));
            assertEquals(pair, WireGuardKeyPair.of(pair.privateKey()));
        }
        final WireGuardKeyPair one = WireGuardKeyPair.generate();
        final WireGuardKeyPair two = WireGuardKeyPair.generate();
        assertNotEquals(one, two);
        assertThrows(IllegalArgumentException.class, () -> new WireGuardKeyPair(one.privateKey(), two.publicKey()));
    }

    /** The real {@code wg pubkey} agrees, for generated keys and for raw random (unclamped) scalars. */
    @Test
    void agreesWithWgPubkey() throws Exception {
        TestNetwork.requireEnvironment();
        final SecureRandom random = new SecureRandom();
        for (int i = 0; i < 16; i++) {
            final WireGuardPrivateKey key;
            if (i % 2 == 0) {
                key = WireGuardKeyPair.generate().privateKey();
            } else {
                final byte[] raw = new byte[32];
                random.nextBytes(raw);
                key = WireGuardPrivateKey.of(raw);
            }
            final Commands.Result result = Commands.run(List.of("wg", "pubkey"), key.toBase64() + "\n",
                Duration.ofSeconds(5), 4096);
            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals(WireGuardKey.fromBase64(result.stdout().strip()), key.publicKey(), "key " + i);
        }
        for (String hex : List.of(ALICE_PRIVATE, BOB_PRIVATE)) {
            final WireGuardPrivateKey key = WireGuardPrivateKey.fromHex(hex);
            final Commands.Result result = Commands.run(List.of("wg", "pubkey"), key.toBase64() + "\n",
                Duration.ofSeconds(5), 4096);
            assertEquals(key.publicKey().toBase64(), result.stdout().strip());
        }
        // and wg genkey's keys are clamped as ours are
        final Commands.Result genkey = Commands.run(List.of("wg", "genkey"), null, Duration.ofSeconds(5), 4096);
        final byte[] scalar = WireGuardPrivateKey.fromBase64(genkey.stdout().strip()).bytes();
        assertEquals(0, scalar[0] & 7);
        assertEquals(0x40, scalar[31] & 0xC0);
        assertArrayEquals(scalar, X25519.clamp(scalar.clone()));
    }
}
