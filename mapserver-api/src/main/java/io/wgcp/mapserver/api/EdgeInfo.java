/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.api;

import static java.util.Objects.requireNonNull;

import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.InetAddress;
import java.util.List;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.AuthenticationAlgorithm;

/**
 * An edge the operator admitted, as the map server needs it to authenticate and authorise its control messages.
 *
 * @param edgeId the operator's name for the edge
 * @param controlKey the edge's WireGuard public key on the control tunnel
 * @param controlAddress the edge's address inside the control tunnel
 * @param authorizedEids the EID prefixes the edge may register
 * @param mapRegisterKey its Map-Register key, or null while none is set
 */
public record EdgeInfo(String edgeId, WireGuardKey controlKey, InetAddress controlAddress,
        List<AuthorizedEid> authorizedEids, @Nullable RegisterKey mapRegisterKey) {
    /**
     * Checks the mandatory parts and freezes the prefix list.
     */
    public EdgeInfo {
        requireNonNull(edgeId);
        requireNonNull(controlKey);
        requireNonNull(controlAddress);
        authorizedEids = List.copyOf(authorizedEids);
    }

    /**
     * One EID prefix an edge may register.
     *
     * @param instanceId the virtual network
     * @param prefix the prefix
     */
    public record AuthorizedEid(long instanceId, IpPrefix prefix) {
        /**
         * Checks the prefix.
         */
        public AuthorizedEid {
            requireNonNull(prefix);
        }
    }

    /**
     * A Map-Register authentication key; the secret stays encrypted until the southbound needs it.
     *
     * @param keyId the LISP key id
     * @param algorithm the algorithm
     * @param encryptedSecret the secret, encrypted by the AAA encryption service (base64)
     */
    public record RegisterKey(int keyId, AuthenticationAlgorithm algorithm, String encryptedSecret) {
        /**
         * Checks the parts.
         */
        public RegisterKey {
            requireNonNull(algorithm);
            requireNonNull(encryptedSecret);
        }

        @Override
        public String toString() {
            // Even encrypted, the secret does not belong in logs.
            return "RegisterKey[keyId=" + keyId + ", algorithm=" + algorithm.getName() + "]";
        }
    }
}
