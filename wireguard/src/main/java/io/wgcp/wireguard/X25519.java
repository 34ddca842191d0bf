/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import io.wgcp.types.Keys;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * The X25519 function of RFC 7748 on raw 32-byte strings, computed by the JDK's XDH provider.
 *
 * <p>Encodings (RFC 7748 section 5): a scalar is 32 bytes, decoded by the JDK with the clamping of decodeScalar25519;
 * a u-coordinate is 32 bytes little-endian whose most significant bit is masked; the result is the little-endian
 * u-coordinate.
 */
final class X25519 {
    private static final byte[] BASE_POINT = new byte[Keys.LENGTH];

    static {
        BASE_POINT[0] = 9;
    }

    private X25519() {
        // utility class
    }

    /**
     * Clamps a scalar the way {@code wg genkey} does (decodeScalar25519 of RFC 7748), in place.
     *
     * @param scalar 32 bytes
     * @return the same array
     */
    static byte[] clamp(final byte[] scalar) {
        scalar[0] &= (byte) 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
        return scalar;
    }

    /**
     * Computes the public key of a private key: X25519(scalar, 9).
     *
     * @param scalar 32 bytes
     * @return 32 bytes
     */
    static byte[] publicKey(final byte[] scalar) {
        return scalarMult(scalar, BASE_POINT);
    }

    /**
     * Computes X25519(scalar, u).
     *
     * @param scalar 32 bytes
     * @param coordinate the u-coordinate, 32 bytes little-endian
     * @return 32 bytes, little-endian
     * @throws IllegalArgumentException when u is a point of small order (the result would be all zero)
     */
    static byte[] scalarMult(final byte[] scalar, final byte[] coordinate) {
        try {
            final KeyFactory factory = KeyFactory.getInstance("X25519");
            final PrivateKey privateKey = factory.generatePrivate(
                new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
            final PublicKey publicKey = factory.generatePublic(
                new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(coordinate)));
            final KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(privateKey);
            agreement.doPhase(publicKey, true);
            return agreement.generateSecret();
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("X25519 rejected the input: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no X25519", e);
        }
    }

    /**
     * Decodes a u-coordinate: little-endian, most significant bit masked (decodeUCoordinate of RFC 7748).
     *
     * @param bytes 32 bytes
     * @return the coordinate
     */
    static BigInteger decodeU(final byte[] bytes) {
        final byte[] bigEndian = new byte[Keys.LENGTH];
        for (int i = 0; i < Keys.LENGTH; i++) {
            bigEndian[i] = bytes[Keys.LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7F;
        return new BigInteger(1, bigEndian);
    }

    /**
     * Encodes a u-coordinate (already reduced below 2^255) as 32 bytes little-endian.
     *
     * @param coordinate the coordinate
     * @return 32 bytes
     */
    static byte[] encodeU(final BigInteger coordinate) {
        final byte[] bigEndian = coordinate.toByteArray();
        final byte[] out = new byte[Keys.LENGTH];
        for (int i = 0; i < Math.min(bigEndian.length, Keys.LENGTH); i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }
}
