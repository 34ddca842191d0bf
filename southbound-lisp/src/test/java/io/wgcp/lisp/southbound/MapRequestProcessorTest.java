/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import static io.wgcp.lisp.southbound.Edges.A;
import static io.wgcp.lisp.southbound.Edges.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.wgcp.lisp.codec.EidPrefix;
import io.wgcp.lisp.codec.IpAddress;
import io.wgcp.lisp.codec.LispMessageDecoder;
import io.wgcp.lisp.codec.MapNotify;
import io.wgcp.lisp.codec.MapReply;
import io.wgcp.lisp.codec.MapReplyAction;
import io.wgcp.lisp.codec.MapRequest;
import io.wgcp.lisp.codec.WireGuardLocator;
import io.wgcp.lisp.codec.XtrSiteId;
import io.wgcp.mapserver.api.ControlPlaneCounters;
import io.wgcp.mapserver.api.ControlPlaneCounters.Kind;
import io.wgcp.mapserver.api.LocatorEntry;
import io.wgcp.mapserver.api.MappingChangeListener;
import io.wgcp.mapserver.api.MappingEntry;
import io.wgcp.mapserver.api.MappingResolver;
import io.wgcp.mapserver.api.Resolution;
import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.MappingOrigin;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.NegativeAction;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.statistics.MessageCounters.MessageType;
import org.opendaylight.yangtools.concepts.Registration;

/** Pull and push: a Map-Request from a, with b registered, over an in-memory resolver and Netty channel. */
class MapRequestProcessorTest {
    private static final InetAddress A_EID = IpLiteral.parse("203.0.113.1");
    private static final InetAddress B_EID = IpLiteral.parse("203.0.113.2");

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ControlPlaneCounters counters = new ControlPlaneCounters();
    private final RecordingStore store = new RecordingStore();
    private final SubscriptionTable subscriptions = new SubscriptionTable(store);
    private final UnsolicitedNotifier notifier = new UnsolicitedNotifier(counters, () -> channel, 3000, 3);
    private final List<MapReply> replies = new ArrayList<>();
    private boolean warmingUp;
    private final Resolver resolver = new Resolver();
    private final MapRequestProcessor processor = new MapRequestProcessor(resolver, new Edges(A, B),
        new EdgeKeys(Edges.PLAIN), subscriptions, notifier, counters, 1, 0, () -> warmingUp);

    /** a and b registered at 198.18.0.11 and .12; nothing else in VN 7 below 203.0.113.0/24. */
    private static final class Resolver implements MappingResolver {
        boolean registeredB = true;

        @Override
        public Resolution resolve(final long instanceId, final InetAddress address) {
            if (instanceId == Edges.VN && (address.equals(A_EID) || address.equals(B_EID) && registeredB)) {
                final var edge = address.equals(A_EID) ? A : B;
                return new Resolution.Found(new MappingEntry(Edges.VN, IpPrefix.host(address), edge.controlKey(),
                    List.of(new LocatorEntry(IpLiteral.parse(address.equals(A_EID) ? "198.18.0.11" : "198.18.0.12"),
                        51820, 1, 100, null)), 3, MappingOrigin.Registered, edge.edgeId(), Instant.now(),
                    Instant.now().plusSeconds(180)));
            }
            return new Resolution.Negative(instanceId, IpPrefix.parse("203.0.113.0/29").contains(address)
                ? IpPrefix.parse("203.0.113.4/30") : IpPrefix.parse("198.51.100.0/24"), NegativeAction.DropNoReason);
        }

        @Override
        public Resolution resolveIpv4(final long instanceId, final int ipv4) {
            return resolve(instanceId, IpPrefix.ipv4Host(ipv4).address());
        }

        @Override
        public Resolution resolveIpv6(final long instanceId, final long high, final long low) {
            return resolve(instanceId, IpPrefix.ipv6Host(high, low).address());
        }

        @Override
        public MappingEntry exact(final long instanceId, final IpPrefix prefix) {
            return resolve(instanceId, prefix.address()) instanceof Resolution.Found found
                && found.mapping().eidPrefix().equals(prefix) ? found.mapping() : null;
        }

        @Override
        public List<MappingEntry> mappings(final Long instanceId) {
            return List.of();
        }

        @Override
        public long provisionedCount() {
            return 0;
        }

        @Override
        public long registeredCount() {
            return 2;
        }

        @Override
        public Registration addChangeListener(final MappingChangeListener listener) {
            return () -> { };
        }
    }

    @AfterEach
    void close() {
        notifier.close();
        channel.finishAndReleaseAll();
    }

    private static MapRequest request(final long instanceId, final InetAddress destination, final boolean subscribe) {
        return MapRequest.builder(99, EidPrefix.of(Edges.VN, IpAddress.of(A_EID), 32).address())
            .addItrRloc(IpAddress.of(A.controlAddress()))
            .addRecord(EidPrefix.of(instanceId, IpAddress.of(destination), 32), subscribe)
            .xtrSiteId(new XtrSiteId(1, 2, 0)).build();
    }

    private boolean process(final MapRequest request, final InetAddress sender) {
        return processor.process(request, sender, channel.eventLoop(), replies::add);
    }

    private List<MapNotify> pushes() throws Exception {
        channel.runPendingTasks();
        final List<MapNotify> out = new ArrayList<>();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            final var packet = (DatagramPacket) message;
            assertEquals(B.controlAddress(), packet.recipient().getAddress());
            out.add((MapNotify) LispMessageDecoder.decode(packet.content()));
            packet.release();
        }
        return out;
    }

    @Test
    void aRequestForBIsAnsweredWithBsKeyAndPushesAsMappingToB() throws Exception {
        assertTrue(process(request(Edges.VN, B_EID, false), A.controlAddress()));
        assertEquals(1, replies.size());
        final var answer = replies.get(0).records().get(0);
        assertEquals(99, replies.get(0).nonce());
        final var locator = WireGuardLocator.fromLocator(answer.locators().get(0)).orElseThrow();
        assertEquals(B.controlKey(), WireGuardKey.of(locator.publicKey().toByteArray()));
        assertEquals(IpLiteral.parse("198.18.0.12"), locator.endpointSocketAddress().getAddress());
        final var pushes = pushes();
        assertEquals(1, pushes.size(), "b learns a's key before a's handshake arrives");
        final var pushed = WireGuardLocator.fromLocator(pushes.get(0).records().get(0).locators().get(0))
            .orElseThrow();
        assertEquals(IpLiteral.parse("198.18.0.11"), pushed.endpointSocketAddress().getAddress());
        assertEquals(List.of("subscribe 7 203.0.113.1/32 b"), store.writes, "b now follows a's mapping");
    }

    @Test
    void anUnknownDestinationGetsANegativeReplyOverTheWidestEmptyPrefixAndNoPush() throws Exception {
        process(request(Edges.VN, IpLiteral.parse("203.0.113.5"), false), A.controlAddress());
        final var answer = replies.get(0).records().get(0);
        assertTrue(answer.locators().isEmpty());
        assertEquals(MapReplyAction.DROP_NO_REASON, answer.action());
        assertEquals(30, answer.eid().maskLength());
        assertEquals(1, answer.ttl(), "negative.ttl.minutes");
        assertTrue(pushes().isEmpty());
    }

    @Test
    void justAfterAStartAProvisionedButUnregisteredDestinationIsNotCacheable() throws Exception {
        warmingUp = true;
        // b's EID, but b has not registered again yet
        resolver.registeredB = false;
        process(request(Edges.VN, B_EID, false), A.controlAddress());
        assertEquals(0, replies.get(0).records().get(0).ttl(), "its Map-Register may be on its way: ask again");
        // no edge may register 203.0.113.5: the usual TTL
        process(request(Edges.VN, IpLiteral.parse("203.0.113.5"), false), A.controlAddress());
        assertEquals(1, replies.get(1).records().get(0).ttl());
        process(request(8, B_EID, false), A.controlAddress());
        assertEquals(1, replies.get(2).records().get(0).ttl(), "policy answers keep their TTL");
    }

    @Test
    void anotherVirtualNetworkIsPolicyDenied() throws Exception {
        process(request(8, B_EID, false), A.controlAddress());
        assertEquals(MapReplyAction.DROP_POLICY_DENIED, replies.get(0).records().get(0).action());
        assertTrue(pushes().isEmpty());
    }

    @Test
    void aSubscribingRequestSubscribesTheRequester() throws Exception {
        process(request(Edges.VN, B_EID, true), A.controlAddress());
        assertTrue(store.writes.contains("subscribe 7 203.0.113.2/32 a"), store.writes.toString());
        assertEquals(1, subscriptions.concerned(Edges.VN, IpPrefix.parse("203.0.113.2/32")).stream()
            .filter(subscription -> subscription.edgeId().equals("a")).count());
    }

    @Test
    void requestsFromUnknownAddressesOrForeignSourceEidsAreRefused() throws Exception {
        assertFalse(process(request(Edges.VN, B_EID, false), IpLiteral.parse("192.0.2.99")));
        // b asks with a's EID as its source
        assertFalse(process(request(Edges.VN, B_EID, false), B.controlAddress()));
        assertTrue(replies.isEmpty());
        assertTrue(pushes().isEmpty());
        assertEquals(2, counters.get(MessageType.MapRequest, Kind.UNAUTHORIZED));
    }
}
