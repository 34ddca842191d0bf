/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import io.wgcp.types.WireGuardKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * A WireGuard key pair. Its {@link #toString()} shows the public key only.
 *
 * @param privateKey the private key
 * @param publicKey the public key, X25519(privateKey, 9)
 */
public record WireGuardKeyPair(WireGuardPrivateKey privateKey, WireGuardKey publicKey) {
    /**
     * Checks that the public key belongs to the private key.
     *
     * @throws IllegalArgumentException when it does not
     */
    public WireGuardKeyPair {
        if (!privateKey.publicKey().equals(Objects.requireNonNull(publicKey))) {
            throw new IllegalArgumentException("public key " + publicKey + " does not belong to the private key");
        }
    }

    /**
     * Returns the pair of a private key.
     *
     * @param privateKey the private key
     * @return the pair
     */
    public static WireGuardKeyPair of(final WireGuardPrivateKey privateKey) {
        return new WireGuardKeyPair(privateKey, privateKey.publicKey());
    }

    /**
     * Generates a key pair like {@code wg genkey | wg pubkey}: the JDK's X25519 key pair generator (a SecureRandom
     * scalar), the scalar clamped as {@code wg genkey} clamps it.
     *
     * @return a new pair
     */
    public static WireGuardKeyPair generate() {
        final KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no X25519", e);
        }
        final byte[] scalar = ((XECPrivateKey) pair.getPrivate()).getScalar()
            .orElseThrow(() -> new IllegalStateException("the X25519 private key does not expose its scalar"));
        final WireGuardPrivateKey privateKey;
        try {
            privateKey = WireGuardPrivateKey.of(X25519.clamp(scalar));
        } finally {
            Arrays.fill(scalar, (byte) 0);
        }
        // Clamping does not change the public key (X25519 clamps anyway): the generator's must agree.
        final WireGuardKey generated = WireGuardKey.of(X25519.encodeU(((XECPublicKey) pair.getPublic()).getU()));
        if (!generated.equals(privateKey.publicKey())) {
            throw new IllegalStateException("X25519 public key mismatch between KeyPairGenerator and KeyAgreement");
        }
        return of(privateKey);
    }

    /**
     * Computes the public key of a private key, as {@code wg pubkey} does.
     *
     * @param privateKey the private key
     * @return the public key
     */
    public static WireGuardKey publicKeyOf(final WireGuardPrivateKey privateKey) {
        return privateKey.publicKey();
    }
}
