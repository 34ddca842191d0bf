/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import io.wgcp.types.Keys;
import io.wgcp.types.WireGuardKey;
import java.security.MessageDigest;

/**
 * An immutable WireGuard private key (an X25519 scalar, 32 bytes little-endian, as {@code wg genkey} prints it in
 * base64). Its {@link #toString()} shows the public key only: the secret leaves this object only through
 * {@link #bytes()}, {@link #toBase64()} and {@link #toHex()}.
 *
 * <p>The bytes are kept as given (WireGuard implementations clamp when they compute with the key); keys made by
 * {@link WireGuardKeyPair#generate()} are clamped like {@code wg genkey} clamps them.
 */
public final class WireGuardPrivateKey {
    private final byte[] key;
    private final WireGuardKey publicKey;

    private WireGuardPrivateKey(final byte[] key) {
        this.key = key;
        this.publicKey = WireGuardKey.of(X25519.publicKey(key));
    }

    /**
     * Returns the private key with these bytes.
     *
     * @param bytes 32 bytes (copied)
     * @return the key
     * @throws IllegalArgumentException when there are not 32 bytes
     */
    public static WireGuardPrivateKey of(final byte[] bytes) {
        return new WireGuardPrivateKey(Keys.checkLength(bytes.clone()));
    }

    /**
     * Parses the base64 form {@code wg genkey} prints.
     *
     * @param base64 44 characters
     * @return the key
     * @throws IllegalArgumentException when the text is not a base64 WireGuard key (the message never quotes it)
     */
    public static WireGuardPrivateKey fromBase64(final String base64) {
        return new WireGuardPrivateKey(Keys.fromBase64(base64));
    }

    /**
     * Parses the hex form of the UAPI protocol.
     *
     * @param hex 64 hex digits
     * @return the key
     * @throws IllegalArgumentException when the text is not a hex WireGuard key (the message never quotes it)
     */
    public static WireGuardPrivateKey fromHex(final String hex) {
        return new WireGuardPrivateKey(Keys.fromHex(hex));
    }

    /**
     * Returns the public key of this private key (X25519 with the base point 9, as {@code wg pubkey} computes it).
     *
     * @return the public key
     */
    public WireGuardKey publicKey() {
        return publicKey;
    }

    /**
     * Returns a copy of the secret bytes.
     *
     * @return 32 bytes
     */
    public byte[] bytes() {
        return key.clone();
    }

    /**
     * Returns the secret in base64 (the form of {@code wg genkey}).
     *
     * @return 44 characters
     */
    public String toBase64() {
        return Keys.toBase64(key);
    }

    /**
     * Returns the secret in lower-case hex (the form of the UAPI protocol).
     *
     * @return 64 characters
     */
    public String toHex() {
        return Keys.toHex(key);
    }

    @Override
    public boolean equals(final Object obj) {
        return this == obj || obj instanceof WireGuardPrivateKey other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    /**
     * Returns a description that names the public key and never the secret.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return "WireGuardPrivateKey[publicKey=" + publicKey + "]";
    }
}
