/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.types.WireGuardKey;
import io.wgcp.wireguard.InterfaceState;
import io.wgcp.wireguard.PeerConfig;
import io.wgcp.wireguard.PeerState;
import io.wgcp.wireguard.WireGuardDriver;
import io.wgcp.wireguard.WireGuardException;
import io.wgcp.wireguard.WireGuardPrivateKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A WireGuard interface in memory: what the agent set is what it reads back, counters as the test sets them. */
final class FakeWireGuard implements WireGuardDriver {
    final Map<WireGuardKey, PeerConfig> peers = new LinkedHashMap<>();
    final Map<WireGuardKey, long[]> counters = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public InterfaceState show(final String iface) {
        final List<PeerState> states = new ArrayList<>();
        for (var peer : peers.values()) {
            final long[] rxTx = counters.getOrDefault(peer.publicKey(), new long[2]);
            states.add(new PeerState(peer, null, rxTx[0], rxTx[1]));
        }
        return new InterfaceState(null, 51820, states);
    }

    @Override
    public void setInterface(final String iface, final WireGuardPrivateKey privateKey, final int listenPort) {
        calls.add("interface " + iface);
    }

    @Override
    public void setPeer(final String iface, final PeerConfig peer) {
        final var old = peers.get(peer.publicKey());
        // As WireGuard does: a set without an endpoint keeps the one the peer has.
        peers.put(peer.publicKey(), peer.endpoint() == null && old != null ? peer.withEndpoint(old.endpoint())
            : peer);
        calls.add("set " + peer.publicKey() + " " + peer.allowedIps() + " keepalive "
            + peer.persistentKeepaliveSeconds());
    }

    @Override
    public void setPersistentKeepalive(final String iface, final WireGuardKey publicKey, final int seconds)
            throws WireGuardException {
        final var peer = peers.get(publicKey);
        if (peer == null) {
            throw new WireGuardException(WireGuardException.Reason.REJECTED, "no peer " + publicKey);
        }
        peers.put(publicKey, peer.withPersistentKeepalive(seconds));
        calls.add("keepalive " + publicKey + " " + seconds);
    }

    @Override
    public void removePeer(final String iface, final WireGuardKey publicKey) {
        peers.remove(publicKey);
        calls.add("remove " + publicKey);
    }

    @Override
    public void syncPeers(final String iface, final Collection<PeerConfig> desired) {
        peers.clear();
        desired.forEach(peer -> peers.put(peer.publicKey(), peer));
    }
}
