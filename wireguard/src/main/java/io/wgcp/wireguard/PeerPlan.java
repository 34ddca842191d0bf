/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import io.wgcp.types.WireGuardKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes that make an interface's peers equal to a desired set.
 *
 * @param remove the keys of the peers to remove
 * @param set the peers to add or update
 */
record PeerPlan(List<WireGuardKey> remove, List<PeerConfig> set) {
    PeerPlan {
        remove = List.copyOf(remove);
        set = List.copyOf(set);
    }

    /**
     * Computes the changes.
     *
     * @param iface the interface name, for messages
     * @param current the interface as it is
     * @param desired the peers wanted
     * @return the changes
     * @throws WireGuardException when two desired peers share a key or one has the interface's key
     */
    static PeerPlan of(final String iface, final InterfaceState current, final Collection<PeerConfig> desired)
            throws WireGuardException {
        final Map<WireGuardKey, PeerConfig> currentPeers = new HashMap<>();
        for (PeerState peer : current.peers()) {
            currentPeers.put(peer.publicKey(), peer.config());
        }
        final Set<WireGuardKey> wanted = new HashSet<>();
        final List<PeerConfig> set = new ArrayList<>();
        for (PeerConfig peer : desired) {
            if (!wanted.add(peer.publicKey())) {
                throw new WireGuardException(WireGuardException.Reason.INVALID_ARGUMENT,
                    "sync of " + iface + ": peer " + peer.publicKey() + " is listed twice");
            }
            if (peer.publicKey().equals(current.publicKey())) {
                throw new WireGuardException(WireGuardException.Reason.INVALID_ARGUMENT,
                    "sync of " + iface + ": peer " + peer.publicKey() + " is the interface's own public key");
            }
            final PeerConfig actual = currentPeers.get(peer.publicKey());
            if (actual == null || !peer.isSatisfiedBy(actual)) {
                set.add(peer);
            }
        }
        final List<WireGuardKey> remove = new ArrayList<>();
        for (PeerState peer : current.peers()) {
            if (!wanted.contains(peer.publicKey())) {
                remove.add(peer.publicKey());
            }
        }
        return new PeerPlan(remove, set);
    }

    boolean isEmpty() {
        return remove.isEmpty() && set.isEmpty();
    }
}
