/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.wireguard.WireGuardDriver;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;

/**
 * The agent's round once a second: expired negative answers go, and each peer is looked at against what WireGuard
 * reports of it ({@link PeerMonitor} decides; this acts: remove it, or resolve it again).
 */
final class Housekeeping {
    private static final Logger LOG = System.getLogger(Housekeeping.class.getName());

    private final WireGuardDriver wg;
    private final String dataInterface;
    private final PeerTable peers;
    private final NegativeCache negatives;
    private final PeerMonitor monitor;
    private final Resolver resolver;
    private final PeerConfigurator configurator;
    private final Counters counters;

    Housekeeping(final WireGuardDriver wg, final String dataInterface, final PeerTable peers,
            final NegativeCache negatives, final PeerMonitor monitor, final Resolver resolver,
            final PeerConfigurator configurator, final Counters counters) {
        this.wg = wg;
        this.dataInterface = dataInterface;
        this.peers = peers;
        this.negatives = negatives;
        this.monitor = monitor;
        this.resolver = resolver;
        this.configurator = configurator;
        this.counters = counters;
    }

    void round() throws IOException {
        final Instant now = Instant.now();
        negatives.expire(now);
        if (peers.isEmpty()) {
            return;
        }
        final var state = wg.show(dataInterface);
        for (var peer : peers.all()) {
            switch (monitor.observe(peer, state.peer(peer.key).orElse(null), now,
                    resolver.isResolving(peer.prefix.address()))) {
                case GONE -> configurator.remove(peer);
                case IDLE -> {
                    LOG.log(Level.INFO, "Peer {0} idle: removed", peer.prefix);
                    counters.count(Counter.IDLE_REMOVALS);
                    configurator.remove(peer);
                }
                case RESOLVE_STALE -> {
                    counters.count(Counter.STALE_RESOLVES);
                    resolver.resolve(peer.prefix.address());
                }
                case RESOLVE_TTL -> {
                    counters.count(Counter.TTL_RESOLVES);
                    resolver.resolve(peer.prefix.address());
                }
                default -> {
                    // kept
                }
            }
        }
    }
}
