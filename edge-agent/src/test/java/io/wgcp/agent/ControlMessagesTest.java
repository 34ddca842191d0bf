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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.wgcp.lisp.codec.LispAuthentication;
import io.wgcp.lisp.codec.LispMessage;
import io.wgcp.lisp.codec.LispMessageEncoder;
import io.wgcp.lisp.codec.MapNotify;
import io.wgcp.lisp.codec.MapReply;
import io.wgcp.lisp.codec.MapReplyAction;
import io.wgcp.lisp.codec.MapRequest;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.lisp.codec.XtrSiteId;
import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The agent's handling of what the map server sends, from the datagram on, with the real codec. */
class ControlMessagesTest {
    private static final byte[] SECRET = "the edge's secret".getBytes(StandardCharsets.UTF_8);
    private static final InetSocketAddress MAP_SERVER = new InetSocketAddress(IpLiteral.parse("192.0.2.1"), 4342);
    private static final WireGuardKey B = key(2);

    private final FakeWireGuard wg = new FakeWireGuard();
    private final FakeRoutes routes = new FakeRoutes();
    private final PeerTable peers = new PeerTable();
    private final NegativeCache negatives = new NegativeCache();
    private final Recorder host = new Recorder();
    private final List<String> events = host.events;
    private final List<MapRequest> requests = host.requests;
    private final FakeLoop loop = new FakeLoop();
    private final ControlDelays delays = new ControlDelays(16);
    private final AtomicLong nonces = new AtomicLong(1000);

    private final Registration registration = new Registration(new Registration.Identity(Mappings.IID,
        List.of(IpPrefix.parse("203.0.113.1/32")), 10, key(1), 51820, 0, 2, new XtrSiteId(1, 2, 0),
        Duration.ofSeconds(60)), host, loop, nonces::incrementAndGet);
    private final Resolver resolver = new Resolver(new Resolver.Requester(Mappings.IID,
        IpLiteral.parse("203.0.113.1"), IpLiteral.parse("192.0.2.11"), new XtrSiteId(1, 2, 0),
        Duration.ofMillis(500), 3), host, loop, nonces::incrementAndGet);
    private final PeerConfigurator configurator = new PeerConfigurator(new PeerConfigurator.DataPlane("wgcp-d0",
        IpLiteral.parse("203.0.113.1"), 25, Mappings.IID, List.of(IpPrefix.parse("203.0.113.1/32"))), wg, routes,
        peers, negatives, host);
    private final ControlMessages messages = new ControlMessages(MAP_SERVER.getAddress(), SECRET, registration,
        resolver, configurator, negatives, delays, host);

    private static byte[] signed(final MapNotify notify) {
        final ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        LispAuthentication.encodeAndSign(notify, SECRET, out);
        return bytes(out);
    }

    private static byte[] plain(final LispMessage message) {
        return bytes(LispMessageEncoder.encode(message, ByteBufAllocator.DEFAULT));
    }

    private static byte[] bytes(final ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private static MapNotify notify(final long nonce, final MappingRecord... records) {
        return MapNotify.unsigned(nonce, 0, 2, 32, List.of(records));
    }

    @Test
    void aPublicationConfiguresEveryRecordAndIsAcknowledgedOnce() throws Exception {
        messages.onDatagram(signed(notify(7, mapping("203.0.113.2/32", B, "198.18.0.2"),
            mapping("198.51.100.0/24", B, "198.18.0.2"))), MAP_SERVER, System.nanoTime());
        assertEquals(2, peers.size());
        assertEquals(1, events.stream().filter(event -> event.startsWith("ack")).count());
        assertEquals("ack 7", events.get(0), "acknowledged once the first peer exists, before its packets leave");
        assertEquals(2L, host.counted(Counter.NOTIFIES_MAPPING));
    }

    @Test
    void aWithdrawalRemovesThePeerAndIsAcknowledged() throws Exception {
        messages.onDatagram(signed(notify(7, mapping("203.0.113.2/32", B, "198.18.0.2"))), MAP_SERVER, 0);
        messages.onDatagram(signed(notify(8, Mappings.withdrawal("203.0.113.2/32"))), MAP_SERVER, 0);
        assertTrue(peers.isEmpty());
        assertTrue(wg.peers.isEmpty());
        assertTrue(events.contains("ack 8"));
        assertEquals(1L, host.counted(Counter.NOTIFIES_WITHDRAWAL));
    }

    @Test
    void aNotifyThatDoesNotVerifyChangesNothing() throws Exception {
        final byte[] datagram = signed(notify(7, mapping("203.0.113.2/32", B, "198.18.0.2")));
        // inside the authentication data (after type, nonce, key id, algorithm and length)
        datagram[16] ^= 1;
        messages.onDatagram(datagram, MAP_SERVER, 0);
        assertTrue(peers.isEmpty());
        assertTrue(events.isEmpty(), events.toString());
        assertEquals(1L, host.counted(Counter.AUTHENTICATION_FAILURES));
    }

    @Test
    void onlyTheMapServerIsHeardAndGarbageIsCounted() throws Exception {
        messages.onDatagram(signed(notify(7, mapping("203.0.113.2/32", B, "198.18.0.2"))),
            new InetSocketAddress(IpLiteral.parse("192.0.2.99"), 4342), 0);
        messages.onDatagram(new byte[] {1, 2, 3}, MAP_SERVER, 0);
        assertTrue(peers.isEmpty());
        assertEquals(2L, host.counted(Counter.MALFORMED));
    }

    @Test
    void aPositiveReplyConfiguresThePeerAndRecordsTheControlDelay() throws Exception {
        resolver.resolve(IpLiteral.parse("203.0.113.2"));
        final long nonce = requests.get(0).nonce();
        messages.onDatagram(plain(MapReply.of(nonce, mapping("203.0.113.2/32", B, "198.18.0.2"))), MAP_SERVER,
            System.nanoTime());
        assertEquals(1, peers.size());
        assertEquals(1, delays.snapshot().totals().length);
        assertEquals(1L, host.counted(Counter.MAP_REPLIES_POSITIVE));
        // the same reply again answers nothing
        messages.onDatagram(plain(MapReply.of(nonce, mapping("198.51.100.0/24", B, "198.18.0.2"))), MAP_SERVER, 0);
        assertEquals(1, peers.size());
    }

    @Test
    void aNegativeReplyIsCachedAndAnswersTheHeldFlows() throws Exception {
        resolver.resolve(IpLiteral.parse("203.0.113.2"));
        final var negative = MappingRecord.builder(Mappings.eid("203.0.113.0/24")).ttl(1)
            .action(MapReplyAction.DROP_POLICY_DENIED).build();
        messages.onDatagram(plain(MapReply.of(requests.get(0).nonce(), negative)), MAP_SERVER, 0);
        assertEquals(List.of("unreachable 203.0.113.2 203.0.113.0/24 ADMIN_PROHIBITED"), events);
        assertEquals(1, negatives.size());
        assertEquals(1L, host.counted(Counter.MAP_REPLIES_NEGATIVE));
    }

    @Test
    void theAnswerToOurRegisterGoesToRegistration() throws Exception {
        registration.endpointChanged(IpLiteral.parse("198.18.0.1"));
        final long nonce = nonces.get();
        // the Map-Notify copies the register's records (the edge's own EID and locator)
        final var answer = notify(nonce, mapping("203.0.113.1/32", key(1), "198.18.0.1"));
        messages.onDatagram(signed(answer), MAP_SERVER, 0);
        assertTrue(registration.registered());
        assertTrue(peers.isEmpty(), "never taken for a push");
        assertTrue(events.stream().noneMatch(event -> event.startsWith("ack")), "a solicited notify is not acked");
    }

    @Test
    void aNotifyWithoutRecordsAsksForARegistrationNow() throws Exception {
        registration.endpointChanged(IpLiteral.parse("198.18.0.1"));
        registration.answered(MapNotify.answering(host.registers.get(0)), Instant.now());
        events.clear();
        messages.onDatagram(signed(notify(77)), MAP_SERVER, 0);
        assertEquals(List.of("register", "ack 77"), events, "registered at once, then acknowledged");
        assertEquals(1L, host.counted(Counter.REGISTERS_SOLICITED));
    }
}
