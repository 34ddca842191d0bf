/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.types;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Decoding of the two text forms of a 32-byte WireGuard key: base64 with padding (44 characters, as {@code wg} prints
 * it) and hex (64 characters, as the UAPI protocol carries it). Shared by public and private keys; a private key
 * never goes through {@link WireGuardKey}, whose text form shows the bytes.
 */
public final class Keys {
    /** The length of every WireGuard key. */
    public static final int LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();

    private Keys() {
        // utility class
    }

    public static byte[] checkLength(final byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a WireGuard key has 32 bytes, not " + bytes.length);
        }
        return bytes;
    }

    public static byte[] fromBase64(final String text) {
        if (text.length() != 44) {
            throw new IllegalArgumentException("a WireGuard key in base64 has 44 characters, not " + text.length());
        }
        final byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed base64 WireGuard key: " + e.getMessage(), e);
        }
        // Only the canonical encoding (the unused low bits of the last character are zero), as wg demands.
        if (bytes.length != LENGTH || !Base64.getEncoder().encodeToString(bytes).equals(text)) {
            Arrays.fill(bytes, (byte) 0);
            throw new IllegalArgumentException("malformed base64 WireGuard key");
        }
        return bytes;
    }

    public static byte[] fromHex(final String text) {
        if (text.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a WireGuard key in hex has 64 characters, not " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            final char ch = text.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f' || ch >= 'A' && ch <= 'F')) {
                throw new IllegalArgumentException("malformed hex WireGuard key: not a hex digit at " + i);
            }
        }
        return HEX.parseHex(text);
    }

    public static String toBase64(final byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static String toHex(final byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
