/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.types;

import java.util.Arrays;

/**
 * An immutable 32-byte WireGuard key value: in practice a public key (a peer's identity, an interface's public key).
 * Private keys use {@code io.wgcp.wireguard.WireGuardPrivateKey}, whose text form never shows the secret.
 *
 * <p>Values compare by their bytes; {@link #toString()} gives the base64 form {@code wg} prints.
 */
public final class WireGuardKey {
    /** The length of a WireGuard key in bytes. */
    public static final int LENGTH = Keys.LENGTH;

    private final byte[] key;

    private WireGuardKey(final byte[] key) {
        this.key = key;
    }

    /**
     * Returns the key with these bytes.
     *
     * @param bytes 32 bytes (copied)
     * @return the key
     * @throws IllegalArgumentException when there are not 32 bytes
     */
    public static WireGuardKey of(final byte[] bytes) {
        return new WireGuardKey(Keys.checkLength(bytes.clone()));
    }

    /**
     * Parses the base64 form {@code wg} prints (44 characters with padding, canonical encoding).
     *
     * @param base64 the text
     * @return the key
     * @throws IllegalArgumentException when the text is not a base64 WireGuard key
     */
    public static WireGuardKey fromBase64(final String base64) {
        return new WireGuardKey(Keys.fromBase64(base64));
    }

    /**
     * Parses the hex form of the UAPI protocol (64 hex digits, either case).
     *
     * @param hex the text
     * @return the key
     * @throws IllegalArgumentException when the text is not a hex WireGuard key
     */
    public static WireGuardKey fromHex(final String hex) {
        return new WireGuardKey(Keys.fromHex(hex));
    }

    /**
     * Returns a copy of the 32 bytes.
     *
     * @return the bytes
     */
    public byte[] bytes() {
        return key.clone();
    }

    /**
     * Returns the base64 form {@code wg} prints.
     *
     * @return 44 characters
     */
    public String toBase64() {
        return Keys.toBase64(key);
    }

    /**
     * Returns the lower-case hex form of the UAPI protocol.
     *
     * @return 64 characters
     */
    public String toHex() {
        return Keys.toHex(key);
    }

    /**
     * Tells whether all bytes are zero (what WireGuard reports for "no key").
     *
     * @return true for the all-zero key
     */
    public boolean isZero() {
        int acc = 0;
        for (byte b : key) {
            acc |= b;
        }
        return acc == 0;
    }

    @Override
    public boolean equals(final Object obj) {
        return this == obj || obj instanceof WireGuardKey other && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /**
     * Returns the base64 form.
     *
     * @return 44 characters
     */
    @Override
    public String toString() {
        return toBase64();
    }
}
