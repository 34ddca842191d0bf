/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's peers by overlay prefix. WireGuard has one peer per key whose allowed IPs are all the prefixes mapped
 * to that key: {@link #allowedIpsOf(WireGuardKey)} derives them from here, so that the two can never disagree.
 */
final class PeerTable {
    private final Map<IpPrefix, Peer> peers = new HashMap<>();

    Peer get(final IpPrefix prefix) {
        return peers.get(prefix);
    }

    void put(final Peer peer) {
        peers.put(peer.prefix, peer);
    }

    void remove(final Peer peer) {
        peers.remove(peer.prefix, peer);
    }

    boolean isEmpty() {
        return peers.isEmpty();
    }

    int size() {
        return peers.size();
    }

    /** A copy, so that callers may remove peers while they walk it. */
    List<Peer> all() {
        return new ArrayList<>(peers.values());
    }

    /** The peer whose prefix is the longest that contains the destination, or null. */
    Peer longestMatch(final InetAddress destination) {
        Peer best = null;
        for (var peer : peers.values()) {
            if (peer.prefix.contains(destination) && (best == null || peer.prefix.length() > best.prefix.length())) {
                best = peer;
            }
        }
        return best;
    }

    /** The peers whose prefix starts inside {@code prefix}. */
    List<Peer> withAddressIn(final IpPrefix prefix) {
        final List<Peer> found = new ArrayList<>();
        for (var peer : peers.values()) {
            if (prefix.contains(peer.prefix.address())) {
                found.add(peer);
            }
        }
        return found;
    }

    /** What {@code status} shows of each peer, by prefix. */
    List<PeerStatus> statuses(final Instant now) {
        final List<PeerStatus> out = new ArrayList<>();
        for (var peer : peers.values()) {
            out.add(new PeerStatus(peer.prefix.toString(), peer.key.toBase64(), peer.source,
                peer.endpointInUse != null ? peer.endpointInUse : peer.endpoint, peer.endpoint, peer.lastHandshake,
                Math.max(0, Duration.between(now, peer.expires).toSeconds()), peer.rx, peer.tx));
        }
        out.sort((a, b) -> a.prefix().compareTo(b.prefix()));
        return out;
    }

    List<IpPrefix> allowedIpsOf(final WireGuardKey key) {
        final List<IpPrefix> allowed = new ArrayList<>();
        for (var peer : peers.values()) {
            if (peer.key.equals(key)) {
                allowed.add(peer.prefix);
            }
        }
        return allowed;
    }

    /** The endpoint of one of the key's prefixes (all of them have the same), or null. */
    InetSocketAddress endpointOf(final WireGuardKey key) {
        InetSocketAddress endpoint = null;
        for (var peer : peers.values()) {
            if (peer.key.equals(key)) {
                endpoint = peer.endpoint;
            }
        }
        return endpoint;
    }
}
