/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import io.wgcp.wireguard.PeerConfig;
import io.wgcp.wireguard.PeerState;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PeerMonitorTest {
    private static final WireGuardKey KEY = WireGuardKey.of(new byte[32]);
    private static final Instant T0 = Instant.parse("2026-12-08T00:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(5);
    private static final Duration STALE = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(4);

    private final PeerMonitor monitor = new PeerMonitor(IDLE, STALE, RETRY);
    private final Peer peer = new Peer(IpPrefix.parse("203.0.113.2/32"), KEY, null, PeerSource.PULLED, T0);

    PeerMonitorTest() {
        peer.expires = T0.plus(Duration.ofMinutes(10));
    }

    private static PeerState state(final long rx, final long tx, final Instant handshake) {
        return new PeerState(PeerConfig.of(KEY, null), handshake, rx, tx);
    }

    @Test
    void aPeerGoneFromTheInterfaceIsForgotten() {
        assertEquals(PeerMonitor.Decision.GONE, monitor.observe(peer, null, T0, false));
    }

    @Test
    void trafficBothWaysKeepsThePeer() {
        assertEquals(PeerMonitor.Decision.KEEP, monitor.observe(peer, state(100, 100, T0), T0.plusSeconds(1), false));
        assertEquals(PeerMonitor.Decision.KEEP, monitor.observe(peer, state(200, 300, T0), T0.plusSeconds(30),
            false));
        assertEquals(T0.plusSeconds(30), peer.lastActivity);
        assertEquals(200, peer.rx);
    }

    @Test
    void noTrafficAndNoHandshakeForTheIdleTimeoutRemovesIt() {
        monitor.observe(peer, state(10, 10, T0), T0.plusSeconds(1), false);
        assertEquals(PeerMonitor.Decision.KEEP, monitor.observe(peer, state(10, 10, T0), T0.plus(IDLE), false));
        assertEquals(PeerMonitor.Decision.IDLE, monitor.observe(peer, state(10, 10, T0),
            T0.plus(IDLE).plusSeconds(2), false));
    }

    @Test
    void aRecentHandshakeIsASignOfLife() {
        final Instant late = T0.plus(IDLE).plusSeconds(60);
        assertEquals(PeerMonitor.Decision.KEEP, monitor.observe(peer, state(0, 0, late.minusSeconds(5)), late,
            false));
    }

    @Test
    void trafficOutWithNothingBackAsksAgainAtMostOncePerStaleInterval() {
        monitor.observe(peer, state(100, 100, T0), T0.plusSeconds(1), false);
        assertEquals(PeerMonitor.Decision.KEEP, monitor.observe(peer, state(100, 500, T0), T0.plusSeconds(5),
            false));
        assertEquals(PeerMonitor.Decision.RESOLVE_STALE, monitor.observe(peer, state(100, 900, T0),
            T0.plusSeconds(12), false));
        assertEquals(PeerMonitor.Decision.KEEP, monitor.observe(peer, state(100, 1300, T0), T0.plusSeconds(13),
            false), "not again within the stale interval");
        assertEquals(PeerMonitor.Decision.RESOLVE_STALE, monitor.observe(peer, state(100, 1700, T0),
            T0.plusSeconds(23), false));
    }

    @Test
    void aLoneKeepaliveIsNotTrafficWaiting() {
        monitor.observe(peer, state(100, 100, T0), T0.plusSeconds(1), false);
        assertEquals(PeerMonitor.Decision.KEEP, monitor.observe(peer, state(100, 100 + PeerMonitor.KEEPALIVE_BYTES,
            T0), T0.plusSeconds(20), false));
    }

    @Test
    void anExpiredMappingIsResolvedAgainUnlessARequestIsInFlight() {
        final Instant after = peer.expires.plusSeconds(1);
        assertEquals(PeerMonitor.Decision.KEEP, monitor.observe(peer, state(0, 0, after), after, true));
        assertEquals(PeerMonitor.Decision.RESOLVE_TTL, monitor.observe(peer, state(0, 0, after), after, false));
        assertEquals(after.plus(RETRY), peer.expires);
        assertEquals(PeerMonitor.Decision.KEEP, monitor.observe(peer, state(0, 0, after), after.plusSeconds(1),
            false));
    }

    @Test
    void statusShowsTheEndpointWireGuardUsesAndTheMappedOneBesideIt() {
        final var mapped = new InetSocketAddress(IpLiteral.parse("198.18.0.2"), 51820);
        final var roamed = new InetSocketAddress(IpLiteral.parse("198.18.0.9"), 40000);
        peer.endpoint = mapped;
        final var table = new PeerTable();
        table.put(peer);
        assertEquals(mapped, table.statuses(T0).get(0).endpoint(), "the mapped one until WireGuard was read");
        monitor.observe(peer, new PeerState(PeerConfig.of(KEY, roamed), T0, 1, 1), T0, false);
        final var status = table.statuses(T0).get(0);
        assertEquals(roamed, status.endpoint());
        assertEquals(mapped, status.mappedEndpoint());
    }
}
