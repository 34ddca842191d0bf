/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.util.List;
import java.util.Objects;

/**
 * LCAF type 11, Security Key: key material bound to a locator address (RFC 8060 section 6.5, RFC 8061).
 *
 * <p>Wire layout: {@code Key Count | Rsvd3 | Key Algorithm | Rsvd4 R}, then Key Count key sections of
 * {@code Key Length (16 bits) | Key Material}, then the AFI-encoded locator address. Following RFC 8060, a key section
 * is only the length and the material; the algorithm and the R bit are shared by all keys. The key count is the size
 * of {@link #keys()}.
 *
 * <p>In the wgcp profile: one key, algorithm 6 (X25519 + ChaCha20-Poly1305, the WireGuard primitives), R = 0, the
 * 32-byte WireGuard public key, and an LCAF type 7 as locator address; see {@link WireGuardLocator}.
 *
 * @param keyAlgorithm the Key Algorithm (IANA LISP Crypto Cipher Suite), 0 to 255
 * @param revoked the R bit: the key is revoked
 * @param keys the key material, at most 255 keys of at most 65535 bytes each
 * @param locatorAddress the locator the keys belong to
 */
public record SecurityKeyAddress(int keyAlgorithm, boolean revoked, List<ImmutableBytes> keys,
        LispAddress locatorAddress) implements LcafAddress {
    /** Validates and freezes the components. */
    public SecurityKeyAddress {
        Checks.u8(keyAlgorithm, "key algorithm");
        keys = List.copyOf(keys);
        Checks.count(keys.size(), 255, "keys");
        for (ImmutableBytes key : keys) {
            Checks.u16(key.length(), "key length");
        }
        Objects.requireNonNull(locatorAddress);
    }

    /**
     * Returns the Key Count field.
     *
     * @return the number of keys
     */
    public int keyCount() {
        return keys.size();
    }

    @Override
    public int lcafType() {
        return Afi.LCAF_SECURITY_KEY;
    }
}
