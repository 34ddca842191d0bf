/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import io.wgcp.types.WireGuardKey;
import java.util.List;
import java.util.Optional;

/**
 * A WireGuard interface as it reports itself.
 *
 * @param publicKey the interface's public key, or null when it has no private key
 * @param listenPort the UDP listen port, 0 when none is set
 * @param peers the peers (copied), in the order the interface reports them
 */
public record InterfaceState(WireGuardKey publicKey, int listenPort, List<PeerState> peers) {
    /** Copies the peers and checks the port. */
    public InterfaceState {
        if (listenPort < 0 || listenPort > 0xFFFF) {
            throw new IllegalArgumentException("listen port out of range: " + listenPort);
        }
        peers = List.copyOf(peers);
    }

    /**
     * Returns the peer with this public key.
     *
     * @param key the public key
     * @return the peer, or empty
     */
    public Optional<PeerState> peer(final WireGuardKey key) {
        return peers.stream().filter(peer -> peer.publicKey().equals(key)).findFirst();
    }
}
