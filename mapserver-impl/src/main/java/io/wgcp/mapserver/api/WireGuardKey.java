/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.api;

import java.util.Arrays;
import java.util.Base64;

/**
 * A WireGuard (Curve25519) public key: 32 raw bytes, shown in the base64 form that {@code wg} prints.
 */
public final class WireGuardKey {
    /** The length of a WireGuard key in bytes. */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private WireGuardKey(final byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Returns the key of the given raw bytes.
     *
     * @param raw exactly 32 bytes; copied
     * @return the key
     * @throws IllegalArgumentException if {@code raw} is not 32 bytes long
     */
    public static WireGuardKey ofBytes(final byte[] raw) {
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("a WireGuard key is 32 bytes, not " + raw.length);
        }
        return new WireGuardKey(raw.clone());
    }

    /**
     * Parses the base64 form of a key.
     *
     * @param base64 44 characters of standard base64
     * @return the key
     * @throws IllegalArgumentException if the text is not the base64 form of 32 bytes
     */
    public static WireGuardKey ofBase64(final String base64) {
        final byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 WireGuard key: " + base64, e);
        }
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("a WireGuard key is 32 bytes of base64, this is " + raw.length
                + " bytes: " + base64);
        }
        return new WireGuardKey(raw);
    }

    /**
     * Returns a copy of the raw key.
     *
     * @return 32 bytes
     */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /**
     * Returns the base64 form.
     *
     * @return 44 characters
     */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(final Object obj) {
        return this == obj || obj instanceof WireGuardKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toBase64();
    }
}
