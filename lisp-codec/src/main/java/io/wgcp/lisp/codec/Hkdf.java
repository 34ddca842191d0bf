/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.util.Arrays;
import javax.crypto.Mac;

/**
 * HKDF with HMAC-SHA-256 (RFC 5869), written on top of the JDK's HMAC.
 */
public final class Hkdf {
    /** The output size of SHA-256, in bytes. */
    public static final int HASH_LENGTH = 32;

    private static final byte[] ZERO_SALT = new byte[HASH_LENGTH];

    private Hkdf() {
        // static methods only
    }

    /**
     * HKDF-Extract: {@code PRK = HMAC-SHA-256(salt, IKM)}.
     *
     * @param salt the salt; null or empty means HashLen zero bytes, as RFC 5869 specifies
     * @param inputKeyingMaterial the input keying material
     * @return the 32-byte pseudorandom key
     */
    public static byte[] extract(final byte[] salt, final byte[] inputKeyingMaterial) {
        final Mac mac = Macs.hmacSha256(salt == null || salt.length == 0 ? ZERO_SALT : salt);
        return mac.doFinal(inputKeyingMaterial);
    }

    /**
     * HKDF-Expand: {@code T(i) = HMAC-SHA-256(PRK, T(i-1) | info | i)}, output the first {@code length} bytes.
     *
     * @param pseudorandomKey the PRK, at least 32 bytes
     * @param info the context information; null means empty
     * @param length the output length, 1 to 255 * 32
     * @return the output keying material
     */
    public static byte[] expand(final byte[] pseudorandomKey, final byte[] info, final int length) {
        if (length <= 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF output length out of range: " + length);
        }
        final byte[] context = info == null ? new byte[0] : info;
        final Mac mac = Macs.hmacSha256(pseudorandomKey);
        final byte[] out = new byte[length];
        byte[] block = new byte[0];
        int written = 0;
        for (int counter = 1; written < length; counter++) {
            mac.update(block);
            mac.update(context);
            mac.update((byte) counter);
            block = mac.doFinal();
            final int chunk = Math.min(block.length, length - written);
            System.arraycopy(block, 0, out, written, chunk);
            written += chunk;
        }
        Arrays.fill(block, (byte) 0);
        return out;
    }

    /**
     * HKDF: Extract then Expand.
     *
     * @param salt the salt; null or empty means HashLen zero bytes
     * @param inputKeyingMaterial the input keying material
     * @param info the context information; null means empty
     * @param length the output length, 1 to 255 * 32
     * @return the output keying material
     */
    public static byte[] derive(final byte[] salt, final byte[] inputKeyingMaterial, final byte[] info,
            final int length) {
        final byte[] prk = extract(salt, inputKeyingMaterial);
        try {
            return expand(prk, info, length);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }
}
