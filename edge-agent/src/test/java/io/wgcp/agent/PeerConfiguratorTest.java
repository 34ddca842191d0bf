/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import static io.wgcp.agent.Mappings.key;
import static io.wgcp.agent.Mappings.mapping;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.agent.net.IcmpUnreachable;
import io.wgcp.lisp.codec.EidPrefix;
import io.wgcp.lisp.codec.IpAddress;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import io.wgcp.wireguard.InterfaceState;
import io.wgcp.wireguard.PeerConfig;
import io.wgcp.wireguard.PeerState;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerConfiguratorTest {
    private static final String WG = "wgcp-d0";
    private static final WireGuardKey B = key(2);
    private static final WireGuardKey C = key(3);

    private final FakeWireGuard wg = new FakeWireGuard();
    private final FakeRoutes routes = new FakeRoutes();
    private final PeerTable peers = new PeerTable();
    private final NegativeCache negatives = new NegativeCache();
    private final Recorder host = new Recorder();
    private final List<String> events = host.events;
    private final PeerConfigurator configurator = new PeerConfigurator(new PeerConfigurator.DataPlane(WG,
        IpLiteral.parse("203.0.113.1"), 25, Mappings.IID, List.of(IpPrefix.parse("203.0.113.1/32"))), wg, routes,
        peers, negatives, host);

    @Test
    void aPulledMappingConfiguresThePeerAndTheRoute() throws Exception {
        final var timing = new PeerConfigurator.Timing();
        assertTrue(configurator.apply(mapping("203.0.113.2/32", B, "198.18.0.2"), PeerSource.PULLED, null, timing));
        final PeerConfig peer = wg.peers.get(B);
        assertEquals(new InetSocketAddress(IpLiteral.parse("198.18.0.2"), 51820), peer.endpoint());
        assertEquals(List.of(IpPrefix.parse("203.0.113.2/32")), peer.allowedIps());
        assertEquals(25, peer.persistentKeepaliveSeconds());
        assertEquals(WG, routes.routes.get(IpPrefix.parse("203.0.113.2/32")));
        assertEquals(List.of("released 203.0.113.2/32"), events);
        assertTrue(timing.peerSet >= timing.routeSet && timing.routeSet > 0);
        assertEquals(1L, host.counted(Counter.PEERS_ADDED));
    }

    @Test
    void aPushedPeerStartsWithoutKeepaliveIsWatchedAndAcknowledgedBeforeTheRelease() throws Exception {
        configurator.apply(mapping("203.0.113.2/32", B, "198.18.0.2"), PeerSource.PUSHED,
            () -> events.add("ack"), null);
        assertEquals(0, wg.peers.get(B).persistentKeepaliveSeconds());
        assertEquals(List.of("ack", "released 203.0.113.2/32", "watch " + B), events);
    }

    @Test
    void prefixesOfOneKeyAreTheAllowedIpsOfOnePeer() throws Exception {
        configurator.apply(mapping("203.0.113.2/32", B, "198.18.0.2"), PeerSource.PULLED, null, null);
        configurator.apply(mapping("198.51.100.0/24", B, "198.18.0.2"), PeerSource.PULLED, null, null);
        assertEquals(1, wg.peers.size());
        assertEquals(Set.of(IpPrefix.parse("203.0.113.2/32"), IpPrefix.parse("198.51.100.0/24")),
            Set.copyOf(wg.peers.get(B).allowedIps()));
        // a withdrawal of one prefix shrinks the peer, the last one removes it
        configurator.withdraw(Mappings.eid("198.51.100.0/24"));
        assertEquals(List.of(IpPrefix.parse("203.0.113.2/32")), wg.peers.get(B).allowedIps());
        assertFalse(routes.routes.containsKey(IpPrefix.parse("198.51.100.0/24")));
        configurator.withdraw(Mappings.eid("203.0.113.2/32"));
        assertTrue(wg.peers.isEmpty());
        assertTrue(routes.routes.isEmpty());
        assertEquals(2L, host.counted(Counter.PEERS_REMOVED));
    }

    @Test
    void aPublicationWithANewKeyReplacesThePeerAndANewEndpointMovesIt() throws Exception {
        configurator.apply(mapping("203.0.113.2/32", B, "198.18.0.2"), PeerSource.PULLED, null, null);
        configurator.apply(mapping("203.0.113.2/32", B, "198.18.0.9"), PeerSource.PUSHED, null, null);
        assertEquals(IpLiteral.parse("198.18.0.9"), wg.peers.get(B).endpoint().getAddress());
        assertEquals(1L, host.counted(Counter.ENDPOINT_CHANGES));
        configurator.apply(mapping("203.0.113.2/32", C, "198.18.0.9"), PeerSource.PUSHED, null, null);
        assertNull(wg.peers.get(B));
        assertEquals(List.of(IpPrefix.parse("203.0.113.2/32")), wg.peers.get(C).allowedIps());
        assertEquals(1L, host.counted(Counter.KEY_CHANGES));
        assertFalse(events.contains("watch " + C), "a key change of a known prefix is no new pushed peer");
    }

    @Test
    void aWithdrawalTakesOnlyPrefixesInsideIt() throws Exception {
        configurator.apply(mapping("198.51.100.0/25", B, "198.18.0.2"), PeerSource.PULLED, null, null);
        configurator.withdraw(Mappings.eid("198.51.100.0/26"));
        assertEquals(1, peers.size(), "a withdrawal of a more specific prefix leaves the wider peer");
        configurator.withdraw(Mappings.eid("198.51.100.0/24"));
        assertTrue(peers.isEmpty());
    }

    @Test
    void ownOtherNetworkAndUnusableMappingsChangeNothing() throws Exception {
        assertFalse(configurator.apply(mapping("203.0.113.1/32", B, "198.18.0.2"), PeerSource.PUSHED, null, null));
        assertFalse(configurator.apply(mapping("203.0.113.0/24", B, "198.18.0.2"), PeerSource.PUSHED, null, null),
            "a prefix that holds our own EID is ours too");
        final var otherNetwork = MappingRecord.builder(EidPrefix.of(8, IpAddress.of(IpLiteral.parse("203.0.113.5")),
            32)).ttl(10).addLocator(mapping("203.0.113.5/32", B, "198.18.0.2").locators().get(0)).build();
        assertFalse(configurator.apply(otherNetwork, PeerSource.PUSHED, null, null));
        final var noWireGuard = MappingRecord.builder(Mappings.eid("203.0.113.6/32")).ttl(10).build();
        assertFalse(configurator.apply(noWireGuard, PeerSource.PULLED, null, null));
        assertTrue(wg.peers.isEmpty());
        assertTrue(routes.routes.isEmpty());
        assertEquals(1L, host.counted(Counter.MALFORMED));
    }

    @Test
    void aPositiveMappingClearsTheNegativeAnswer() throws Exception {
        negatives.put(IpPrefix.parse("203.0.113.2/32"), IcmpUnreachable.Code.HOST_UNREACHABLE,
            Instant.now().plusSeconds(60));
        configurator.apply(mapping("203.0.113.2/32", B, "198.18.0.2"), PeerSource.PULLED, null, null);
        assertEquals(0, negatives.size());
    }

    @Test
    void aNegativeAnswerRemovesThePeersInsideIt() throws Exception {
        configurator.apply(mapping("203.0.113.2/32", B, "198.18.0.2"), PeerSource.PULLED, null, null);
        configurator.apply(mapping("198.51.100.0/24", C, "198.18.0.3"), PeerSource.PULLED, null, null);
        configurator.removeAllIn(IpPrefix.parse("203.0.113.0/24"));
        assertEquals(1, peers.size());
        assertNull(wg.peers.get(B));
    }

    @Test
    void aRestartKeepsThePeersOfTheInterfaceAndTheirRoutes() throws Exception {
        final var state = new InterfaceState(null, 51820, List.of(new PeerState(new PeerConfig(B,
            new InetSocketAddress(IpLiteral.parse("198.18.0.2"), 51820), List.of(IpPrefix.parse("203.0.113.2/32"),
            IpPrefix.parse("198.51.100.0/24")), 0), null, 5, 6)));
        wg.peers.put(B, state.peers().get(0).config());
        assertEquals(2, configurator.restore(state));
        assertEquals(2, peers.size());
        assertEquals(PeerSource.RESTORED, peers.get(IpPrefix.parse("203.0.113.2/32")).source);
        assertEquals(2, routes.routes.size());
        assertEquals(25, wg.peers.get(B).persistentKeepaliveSeconds(), "the configured keepalive is put back");
    }
}
