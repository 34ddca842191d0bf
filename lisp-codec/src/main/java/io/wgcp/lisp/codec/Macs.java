/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-thread HMAC engines. {@link Mac#getInstance(String)} walks the provider list, which costs more than the HMAC of
 * a small message; an engine per thread (the map server's event-loop threads are long-lived) is reused instead.
 * Callers must finish with an engine before asking for the same algorithm again on the same thread.
 */
final class Macs {
    static final String HMAC_SHA1 = "HmacSHA1";
    static final String HMAC_SHA256 = "HmacSHA256";

    private static final ThreadLocal<Mac> SHA1 = ThreadLocal.withInitial(() -> newMac(HMAC_SHA1));
    private static final ThreadLocal<Mac> SHA256 = ThreadLocal.withInitial(() -> newMac(HMAC_SHA256));

    private Macs() {
        // utility class
    }

    static Mac hmacSha1(final byte[] key) {
        return init(SHA1.get(), key, HMAC_SHA1);
    }

    static Mac hmacSha256(final byte[] key) {
        return init(SHA256.get(), key, HMAC_SHA256);
    }

    private static Mac init(final Mac mac, final byte[] key, final String algorithm) {
        if (key.length == 0) {
            // SecretKeySpec rejects empty keys; say so in our words
            throw new IllegalArgumentException("empty HMAC key");
        }
        try {
            mac.init(new SecretKeySpec(key, algorithm));
        } catch (InvalidKeyException e) {
            // HMAC accepts keys of any non-zero length
            throw new IllegalStateException("HMAC refused a key", e);
        }
        return mac;
    }

    private static Mac newMac(final String algorithm) {
        try {
            return Mac.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            // every Java SE runtime must provide HmacSHA1 and HmacSHA256
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }
}
