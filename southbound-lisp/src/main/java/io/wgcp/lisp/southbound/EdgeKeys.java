/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.wgcp.mapserver.api.EdgeInfo;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opendaylight.aaa.encrypt.AAAEncryptionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Map-Register keys of the edges in clear, decrypted from the datastore's {@code encrypted-secret} once per
 * secret and kept in memory only, so that authenticating a message costs one HMAC and no decryption.
 */
final class EdgeKeys {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeKeys.class);
    private static final byte[] NONE = new byte[0];

    /** A decrypted key, remembered with the ciphertext it came from so that a rotation is noticed. */
    private record Decrypted(String encryptedSecret, byte[] secret) {
    }

    private final AAAEncryptionService encryption;
    private final Map<String, Decrypted> byEdge = new ConcurrentHashMap<>();

    EdgeKeys(final AAAEncryptionService encryption) {
        this.encryption = encryption;
    }

    /**
     * Returns the pre-shared key of an edge.
     *
     * @param edge the edge
     * @return the key bytes (the secret's UTF-8 bytes, as lispflowmapping and Open Overlay Router use them), or an
     *         empty array if the edge has no key or it does not decrypt
     */
    byte[] secretOf(final EdgeInfo edge) {
        final var key = edge.mapRegisterKey();
        if (key == null) {
            return NONE;
        }
        final var cached = byEdge.get(edge.edgeId());
        if (cached != null && cached.encryptedSecret.equals(key.encryptedSecret())) {
            return cached.secret;
        }
        final byte[] secret;
        try {
            secret = encryption.decrypt(Base64.getDecoder().decode(key.encryptedSecret()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            LOG.warn("Cannot decrypt the Map-Register key of edge {}; its messages fail authentication",
                edge.edgeId(), e);
            return NONE;
        }
        byEdge.put(edge.edgeId(), new Decrypted(key.encryptedSecret(), secret));
        return secret;
    }

    /**
     * Forgets an edge's key (the edge was removed).
     *
     * @param edgeId the edge
     */
    void forget(final String edgeId) {
        byEdge.remove(edgeId);
    }
}
