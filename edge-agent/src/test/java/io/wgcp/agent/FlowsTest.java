/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import static io.wgcp.agent.Mappings.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.agent.net.IcmpUnreachable;
import io.wgcp.agent.net.IpPacket;
import io.wgcp.agent.net.PacketHold;
import io.wgcp.agent.net.Packets;
import io.wgcp.lisp.codec.MapRequest;
import io.wgcp.lisp.codec.XtrSiteId;
import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowsTest {
    private final List<MapRequest> requests = new ArrayList<>();
    private final List<ByteBuffer> resent = new ArrayList<>();
    private final List<IpPacket> answers = new ArrayList<>();
    private final Counters counters = new Counters();
    private final PeerTable peers = new PeerTable();
    private final NegativeCache negatives = new NegativeCache();
    private final FakeLoop loop = new FakeLoop();
    private final Resolver resolver = new Resolver(new Resolver.Requester(7, IpLiteral.parse("203.0.113.1"),
        IpLiteral.parse("192.0.2.11"), new XtrSiteId(1, 2, 0), Duration.ofMillis(500), 1), new Resolver.Host() {
            @Override
            public void send(final MapRequest request) {
                requests.add(request);
            }

            @Override
            public void count(final Counter counter) {
                counters.count(counter);
            }

            @Override
            public void unanswered(final InetAddress destination) {
                flows().unreachable(destination, null, IcmpUnreachable.Code.HOST_UNREACHABLE);
            }
        }, loop, System::nanoTime);
    private final Flows flows = new Flows(new PacketHold<>(new PacketHold.Limits(2, 10, 1 << 20)), peers, negatives,
        resolver, new Flows.PacketIo() {
            @Override
            public void resend(final ByteBuffer packet) {
                resent.add(packet);
            }

            @Override
            public void answer(final IpPacket packet) {
                answers.add(packet);
            }
        }, counters);

    private Flows flows() {
        return flows;
    }

    private static IpPacket packet(final String destination) throws Exception {
        return IpPacket.parse(ByteBuffer.wrap(Packets.ipv4("203.0.113.1", destination, 17, new byte[12]))).copy();
    }

    @Test
    void theFirstPacketIsHeldAndResolvedThenReleased() throws Exception {
        flows.onPacket(packet("203.0.113.2"));
        flows.onPacket(packet("203.0.113.2"));
        assertEquals(1, requests.size(), "one Map-Request for the flow");
        assertEquals(2, flows.heldPackets());
        flows.onPacket(packet("203.0.113.2"));
        assertEquals(1L, counters.snapshot().get(Counter.PACKETS_DROPPED_HOLD_FULL));
        flows.release(IpPrefix.parse("203.0.113.0/24"));
        assertEquals(2, resent.size());
        assertEquals(0, flows.heldPackets());
        assertEquals(2L, counters.snapshot().get(Counter.PACKETS_RELEASED));
    }

    @Test
    void aPacketForAKnownPeerIsSentOnAtOnce() throws Exception {
        peers.put(new Peer(IpPrefix.parse("203.0.113.0/24"), key(2), null, PeerSource.PULLED, Instant.now()));
        flows.onPacket(packet("203.0.113.9"));
        assertEquals(1, resent.size());
        assertTrue(requests.isEmpty());
    }

    @Test
    void anUnansweredResolutionAnswersTheHeldPacketsWithIcmp() throws Exception {
        flows.onPacket(packet("203.0.113.2"));
        loop.fireOnly();
        assertEquals(1, answers.size());
        assertEquals(IpLiteral.parse("203.0.113.1"), answers.get(0).destination());
        assertEquals(1L, counters.snapshot().get(Counter.ICMP_UNREACHABLE_SENT));
        assertEquals(0, flows.heldPackets());
    }

    @Test
    void aNegativeAnswerCoversEveryHeldDestinationInsideItAndLaterFlows() throws Exception {
        flows.onPacket(packet("203.0.113.2"));
        flows.onPacket(packet("203.0.113.3"));
        flows.onPacket(packet("198.51.100.3"));
        flows.unreachable(IpLiteral.parse("203.0.113.2"), IpPrefix.parse("203.0.113.0/24"),
            IcmpUnreachable.Code.ADMIN_PROHIBITED);
        assertEquals(2, answers.size());
        assertEquals(1, flows.heldPackets(), "the other destination still waits");
        negatives.put(IpPrefix.parse("203.0.113.0/24"), IcmpUnreachable.Code.ADMIN_PROHIBITED,
            Instant.now().plusSeconds(60));
        final int requestsBefore = requests.size();
        flows.onPacket(packet("203.0.113.4"));
        assertEquals(3, answers.size());
        assertEquals(requestsBefore, requests.size(), "a cached negative answer asks nothing");
    }
}
