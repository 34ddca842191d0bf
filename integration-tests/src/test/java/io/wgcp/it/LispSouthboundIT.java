/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.it;

import static io.wgcp.it.RestconfClient.key;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.netty.buffer.Unpooled;
import io.wgcp.lisp.codec.EidPrefix;
import io.wgcp.lisp.codec.EncapsulatedControlMessage;
import io.wgcp.lisp.codec.IpAddress;
import io.wgcp.lisp.codec.Ipv4Address;
import io.wgcp.lisp.codec.LispDecodingException;
import io.wgcp.lisp.codec.LispMessageDecoder;
import io.wgcp.lisp.codec.MapNotify;
import io.wgcp.lisp.codec.MapNotifyAck;
import io.wgcp.lisp.codec.MapRegister;
import io.wgcp.lisp.codec.MapReply;
import io.wgcp.lisp.codec.MapReplyAction;
import io.wgcp.lisp.codec.MapRequest;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.lisp.codec.WireGuardLocator;
import io.wgcp.lisp.codec.XtrSiteId;
import io.wgcp.lisp.codec.tshark.TsharkCapture;
import io.wgcp.wireguard.UapiDriver;
import io.wgcp.wireguard.WireGuardException;
import io.wgcp.wireguard.WireGuardGoProcess;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The LISP southbound of the running distribution, over real UDP on the loopback: edges (real sockets on
 * 127.0.0.2-6, port 4342) register, resolve, receive pushes and publications, against a controller provisioned only
 * over RESTCONF. Overlay addresses come from 203.0.113.0/24 and 192.0.2.0/24, endpoints from 198.18.0.0/15.
 *
 * <p>The tests share one controller and build on each other, in {@link Order}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LispSouthboundIT {
    private static final long VN = 7;
    private static final long OTHER_VN = 8;
    private static final Duration ANSWER = Duration.ofSeconds(5);
    private static final Duration SILENCE = Duration.ofMillis(1500);
    private static final Duration COUNTER_WAIT = Duration.ofSeconds(20);
    /** Short retransmission and registration lifetime so that retransmission and expiry show within seconds. */
    private static final int RETRANSMIT_MS = 400;
    private static final int LIFETIME_S = 15;
    private static final XtrSiteId XTR = new XtrSiteId(0x0123456789abcdefL, 0x0fedcba987654321L, 42);

    private Controller controller;
    private TsharkCapture capture;
    private String namespace;
    private WireGuardGoProcess controlInterface;
    private RestconfClient rest;
    private final Map<String, LispTestEdge> edges = new HashMap<>();
    private final Map<String, byte[]> secrets = new HashMap<>();

    @BeforeAll
    void start() throws IOException, InterruptedException {
        // The map server's control interface: a real wireguard-go in a namespace of this test (its UAPI socket is
        // machine-wide, so the controller in the root namespace configures it).
        final var suffix = Long.toHexString(System.nanoTime() & 0xffffffL);
        namespace = "wgcp-lit" + suffix;
        sweepStaleNamespaces();
        run("ip", "netns", "add", namespace);
        controlInterface = WireGuardGoProcess.start(namespace, "wgcplit" + suffix);
        controller = Controller.start("lisp", Map.of("io.wgcp.lisp.southbound.cfg", String.join("\n",
            "control.interface = " + controlInterface.interfaceName(), "wireguard.backend = uapi",
            "bind.address = 127.0.0.1", "port = 4342", "push.ack.wait.ms = 50",
            "notify.retransmit.interval.ms = " + RETRANSMIT_MS, "notify.max.retransmits = 8",
            "registration.lifetime.s = " + LIFETIME_S, "")));
        rest = controller.rest();
        capture = TsharkCapture.start(Path.of("target/tshark/lisp-southbound-it.pcapng"), 4342);
        edges.put("a", new LispTestEdge("a", "127.0.0.2"));
        edges.put("b", new LispTestEdge("b", "127.0.0.3"));
        edges.put("c", new LispTestEdge("c", "127.0.0.4"));
        edges.put("o", new LispTestEdge("o", "127.0.0.5"));
        edges.put("x", new LispTestEdge("x", "127.0.0.6"));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (capture != null) {
            capture.close();
        }
        edges.values().forEach(LispTestEdge::close);
        try {
            if (controller != null) {
                controller.shutdown();
            }
        } finally {
            if (controlInterface != null) {
                controlInterface.close();
            }
            if (namespace != null) {
                run("ip", "netns", "delete", namespace);
            }
        }
    }

    @Test
    @Order(1)
    void provisionsEdgesOverRestconf() {
        for (var vn : new long[] { VN, OTHER_VN }) {
            final var body = new JsonObject();
            body.addProperty("instance-id", vn);
            body.addProperty("name", "vn" + vn);
            expectOk(rest.put("/data/wgcp:virtual-networks/virtual-network=" + key(vn),
                Json.wrap("wgcp:virtual-network", body)));
        }
        provision("a", VN, "203.0.113.0/28", 1, "hmac-sha-256-128");
        provision("b", VN, "203.0.113.16/28", 1, "hmac-sha-256-128");
        provision("c", OTHER_VN, "203.0.113.32/28", 1, "hmac-sha-256-128-hkdf-sha-256");
        // Open Overlay Router writes a 16-bit key id 1: key id 0 and HMAC-SHA-1-96 in the profile's 8 + 8 bits.
        provision("o", VN, "203.0.113.48/28", 0, "hmac-sha-1-96");
        provision("x", VN, "203.0.113.64/28", 1, "hmac-sha-256-128");
        awaitControlPeers(new TreeSet<>(List.of("a", "b", "c", "o", "x")));
    }

    @Test
    @Order(2)
    void registerWithWantMapNotifyIsStoredAndAnswered() throws IOException {
        for (var id : new String[] { "a", "b", "c", "x" }) {
            final long vn = "c".equals(id) ? OTHER_VN : VN;
            final var register = register(id, vn, prefixOf(id), "198.18.0." + (10 + id.charAt(0) - 'a'), true,
                !"x".equals(id));
            final var notify = edge(id).await("the Map-Notify answering the register",
                r -> r.message() instanceof MapNotify n && n.nonce() == register.nonce(), ANSWER);
            assertNotNull(notify, id + ": no Map-Notify answered the Map-Register with M=1");
            final var mapNotify = (MapNotify) notify.message();
            assertAll(id + ": Map-Notify",
                () -> assertTrue(notify.verifies(secrets.get(id)), "authentication data does not verify"),
                () -> assertEquals(register.records(), mapNotify.records(), "records differ from the register's"),
                () -> assertEquals(register.keyId(), mapNotify.keyId()),
                () -> assertEquals(register.algorithmId(), mapNotify.algorithmId()),
                () -> assertEquals(LispTestEdge.MAP_SERVER, notify.from()));
        }
        final var stored = awaitRegistered(VN, "203.0.113.0/28");
        assertAll("registered mapping of a in the operational datastore",
            () -> assertEquals("registered", stored.get("origin").getAsString()),
            () -> assertEquals("a", stored.get("edge-id").getAsString()),
            () -> assertEquals(Base64.getEncoder().encodeToString(edge("a").wireGuardKey()),
                stored.get("public-key").getAsString()),
            () -> assertEquals("198.18.0.10", stored.getAsJsonArray("locator").get(0).getAsJsonObject()
                .get("address").getAsString()),
            () -> assertEquals(51820, stored.getAsJsonArray("locator").get(0).getAsJsonObject()
                .get("port").getAsInt()));
    }

    @Test
    @Order(3)
    void refusedRegistrationsChangeNothingAndAreCounted() throws IOException, InterruptedException {
        final var before = registeredPrefixes();
        final long authFailed = counter("map-register", "authentication-failed");
        final long unauthorized = counter("map-register", "unauthorized");

        // Wrong key.
        final var wrongKey = registerMessage("a", VN, "203.0.113.0/28", "198.18.0.99", true, true);
        edge("a").send(wrongKey, "not the secret of edge a".getBytes(StandardCharsets.UTF_8));
        // Unknown edge: nobody may register 192.0.2.0/28, and nothing is provisioned at 127.0.0.9.
        try (var stranger = new LispTestEdge("stranger", "127.0.0.9")) {
            stranger.send(registerMessage("a", VN, "192.0.2.0/28", "198.18.0.99", true, true), secrets.get("a"));
            // Right key and EIDs of edge a, from the wrong address.
            stranger.send(registerMessage("a", VN, "203.0.113.0/28", "198.18.0.99", true, true), secrets.get("a"));
            assertNull(stranger.await("no answer", r -> true, SILENCE), "a refused register was answered");
        }
        // An EID outside edge a's authorised prefixes.
        edge("a").send(registerMessage("a", VN, "203.0.113.128/28", "198.18.0.99", true, true), secrets.get("a"));
        assertNull(edge("a").await("no answer", r -> r.message() instanceof MapNotify, SILENCE),
            "a refused register was answered");

        awaitCounter("map-register", "authentication-failed", authFailed + 1);
        awaitCounter("map-register", "unauthorized", unauthorized + 3);
        // Per edge, in the console: a's failure shows on a's line.
        final var activity = controller.console("wgcp:edge-activity");
        final String aRefused = "\\s*a\\s+\\d+ s ago\\s+[1-9]\\d*\\s+[1-9].*";
        assertTrue(activity.output().lines().anyMatch(line -> line.matches(aRefused)),
            "wgcp:edge-activity does not show a's refused registrations\n" + activity.describe());
        assertEquals(before, registeredPrefixes(), "a refused registration changed the operational datastore");
        final var a = awaitRegistered(VN, "203.0.113.0/28");
        assertEquals("198.18.0.10", a.getAsJsonArray("locator").get(0).getAsJsonObject().get("address")
            .getAsString(), "a refused registration changed edge a's endpoint");
    }

    @Test
    @Order(4)
    void resolveHitPushesTheRequesterToTheDestinationUntilAcknowledged() throws IOException, InterruptedException {
        final long retransmitted = counter("map-notify", "retransmitted");
        final var request = MapRequest.builder(LispTestEdge.nonce(), EidPrefix.of(VN, ipv4("203.0.113.1"), 32)
                .address())
            .addItrRloc(IpAddress.of(edge("a").controlAddress()))
            .addRecord(EidPrefix.of(VN, ipv4("203.0.113.17"), 32), true)
            .xtrSiteId(XTR)
            .build();
        edge("a").send(request, null);

        // B learns A's key first, in an unsolicited Map-Notify signed with B's key.
        final var push = edge("b").await("the push of a's mapping", r -> r.message() instanceof MapNotify, ANSWER);
        assertNotNull(push, "b received no push of a's mapping");
        final var pushed = (MapNotify) push.message();
        assertTrue(push.verifies(secrets.get("b")), "the push is not signed with b's key");
        assertEquals(1, pushed.records().size());
        assertEquals(EidPrefix.of(VN, ipv4("203.0.113.0"), 28), pushed.records().get(0).eid());
        assertWireGuard(pushed.records().get(0), edge("a").wireGuardKey(), "198.18.0.10");

        // A gets B's mapping (B did not acknowledge: the reply leaves after the bound).
        final var reply = edge("a").await("the Map-Reply", r -> r.message() instanceof MapReply m
            && m.nonce() == request.nonce(), ANSWER);
        assertNotNull(reply, "a received no Map-Reply");
        final var mapReply = (MapReply) reply.message();
        assertEquals(EidPrefix.of(VN, ipv4("203.0.113.16"), 28), mapReply.records().get(0).eid());
        assertWireGuard(mapReply.records().get(0), edge("b").wireGuardKey(), "198.18.0.11");

        // Unacknowledged, the push comes again with the same nonce; acknowledged, it stops.
        final var again = edge("b").await("the retransmitted push", r -> r.message() instanceof MapNotify n
            && n.nonce() == pushed.nonce(), Duration.ofMillis(RETRANSMIT_MS * 5L));
        assertNotNull(again, "the unacknowledged push was not retransmitted");
        edge("b").send(MapNotifyAck.acknowledging(pushed), secrets.get("b"));
        edge("b").drain(Duration.ofMillis(RETRANSMIT_MS / 2));
        final var afterAck = edge("b").await("no further retransmission", r -> r.message() instanceof MapNotify n
            && n.nonce() == pushed.nonce(), Duration.ofMillis(RETRANSMIT_MS * 4L));
        assertNull(afterAck, "the push was retransmitted after its acknowledgement");
        awaitCounter("map-notify", "retransmitted", retransmitted + 1);
    }

    @Test
    @Order(5)
    void resolveMissAnswersTheWidestNegativePrefix() throws IOException {
        final var request = MapRequest.builder(LispTestEdge.nonce(), EidPrefix.of(VN, ipv4("203.0.113.1"), 32)
                .address())
            .addItrRloc(IpAddress.of(edge("a").controlAddress()))
            .addRecord(EidPrefix.of(VN, ipv4("203.0.113.200"), 32), false)
            .build();
        edge("a").send(request, null);
        final var reply = edge("a").await("the negative Map-Reply", r -> r.message() instanceof MapReply m
            && m.nonce() == request.nonce(), ANSWER);
        assertNotNull(reply, "no negative Map-Reply");
        final var negative = ((MapReply) reply.message()).records().get(0);
        assertAll("negative Map-Reply",
            () -> assertEquals(MapReplyAction.DROP_NO_REASON, negative.action()),
            () -> assertTrue(negative.locators().isEmpty()),
            () -> assertEquals(1, negative.ttl()),
            // 203.0.113.128/25 holds nothing; 203.0.113.0/25 holds the registered /28s.
            () -> assertEquals(EidPrefix.of(VN, ipv4("203.0.113.128"), 25), negative.eid()));
        assertNull(edge("b").await("no push", r -> r.message() instanceof MapNotify, SILENCE),
            "a negative answer pushed something");
    }

    @Test
    @Order(6)
    void anotherVirtualNetworkCannotResolve() throws IOException {
        final var sameVn = MapRequest.builder(LispTestEdge.nonce(), EidPrefix.of(OTHER_VN, ipv4("203.0.113.33"), 32)
                .address())
            .addItrRloc(IpAddress.of(edge("c").controlAddress()))
            .addRecord(EidPrefix.of(OTHER_VN, ipv4("203.0.113.1"), 32), false)
            .build();
        final var crossVn = MapRequest.builder(LispTestEdge.nonce(),
                EidPrefix.of(OTHER_VN, ipv4("203.0.113.33"), 32).address())
            .addItrRloc(IpAddress.of(edge("c").controlAddress()))
            .addRecord(EidPrefix.of(VN, ipv4("203.0.113.1"), 32), false)
            .build();
        edge("c").send(sameVn, null);
        edge("c").send(crossVn, null);
        final var unknown = edge("c").await("the reply in its own network", r -> r.message() instanceof MapReply m
            && m.nonce() == sameVn.nonce(), ANSWER);
        final var denied = edge("c").await("the reply across networks", r -> r.message() instanceof MapReply m
            && m.nonce() == crossVn.nonce(), ANSWER);
        assertNotNull(unknown, "no reply");
        assertNotNull(denied, "no reply");
        assertEquals(MapReplyAction.DROP_NO_REASON, ((MapReply) unknown.message()).records().get(0).action());
        assertTrue(((MapReply) unknown.message()).records().get(0).locators().isEmpty());
        assertEquals(MapReplyAction.DROP_POLICY_DENIED, ((MapReply) denied.message()).records().get(0).action());
        assertNull(edge("a").await("no push", r -> r.message() instanceof MapNotify, SILENCE),
            "edge a was told about edge c of another virtual network");
    }

    @Test
    @Order(7)
    void requestWithASourceEidTheSenderDidNotRegisterIsRefused() throws IOException, InterruptedException {
        final long unauthorized = counter("map-request", "unauthorized");
        final var request = MapRequest.builder(LispTestEdge.nonce(), EidPrefix.of(VN, ipv4("203.0.113.17"), 32)
                .address())
            .addItrRloc(IpAddress.of(edge("a").controlAddress()))
            .addRecord(EidPrefix.of(VN, ipv4("203.0.113.1"), 32), false)
            .build();
        edge("a").send(request, null);
        assertNull(edge("a").await("no reply", r -> r.message() instanceof MapReply m
            && m.nonce() == request.nonce(), SILENCE), "a request with another edge's source EID was answered");
        awaitCounter("map-request", "unauthorized", unauthorized + 1);
    }

    @Test
    @Order(8)
    void subscriberLearnsTheNewEndpointOfARegistration() throws IOException, InterruptedException {
        edge("a").drain(Duration.ofMillis(200));
        // a subscribed to b's prefix with its request in order 4; b moves.
        register("b", VN, prefixOf("b"), "198.18.0.33", true, true);
        final var publication = edge("a").await("the publication of b's new endpoint",
            r -> r.message() instanceof MapNotify n && !n.records().isEmpty()
                && n.records().get(0).eid().equals(EidPrefix.of(VN, ipv4("203.0.113.16"), 28)), ANSWER);
        assertNotNull(publication, "the subscriber a was not told that b moved");
        assertTrue(publication.verifies(secrets.get("a")), "the publication is not signed with a's key");
        assertWireGuard(((MapNotify) publication.message()).records().get(0), edge("b").wireGuardKey(),
            "198.18.0.33");
        edge("a").send(MapNotifyAck.acknowledging((MapNotify) publication.message()), secrets.get("a"));

        final var subscriptions = Json.object(rest.get("/data/wgcp:subscriptions?content=nonconfig"));
        assertTrue(subscriptions.toString().contains("\"edge-id\":\"a\"")
            && subscriptions.toString().contains("203.0.113.16/28"),
            "the subscription is not in the operational datastore: " + subscriptions);
        final var console = controller.console("wgcp:subscription-list -i 7");
        assertTrue(console.output().contains("203.0.113.16/28") && console.output().contains("01234567"),
            "wgcp:subscription-list does not show the subscription\n" + console.describe());
    }

    @Test
    @Order(9)
    void messagesInOpenOverlayRoutersFormAreAccepted() throws IOException {
        // Key id 0 + algorithm 1 = OOR's 16-bit key id 1, with the full 20-byte HMAC-SHA-1; EIDs in IID LCAFs.
        final var register = MapRegister.builder(LispTestEdge.nonce())
            .wantMapNotify(true)
            .authentication(0, 1, 20)
            .addRecord(record("o", VN, "203.0.113.48/28", "198.18.0.14"))
            .build();
        edge("o").send(register, secrets.get("o"));
        final var notify = edge("o").await("the Map-Notify", r -> r.message() instanceof MapNotify n
            && n.nonce() == register.nonce(), ANSWER);
        assertNotNull(notify, "an OOR-form Map-Register was not answered");
        assertEquals(20, ((MapNotify) notify.message()).authenticationData().length(),
            "the answer does not use the register's MAC length");
        assertTrue(notify.verifies(secrets.get("o")));

        // An ECM-wrapped Map-Request: the reply goes to the inner UDP source port.
        final var inner = MapRequest.builder(LispTestEdge.nonce(), EidPrefix.of(VN, ipv4("203.0.113.49"), 32)
                .address())
            .addItrRloc(IpAddress.of(edge("o").controlAddress()))
            .addRecord(EidPrefix.of(VN, ipv4("203.0.113.2"), 32), false)
            .build();
        try (var replySocket = new DatagramSocket(new InetSocketAddress(edge("o").controlAddress(), 61_000))) {
            edge("o").send(EncapsulatedControlMessage.of(ipv4("203.0.113.49"), 61_000, ipv4("127.0.0.1"), 4342,
                inner), null);
            replySocket.setSoTimeout((int) ANSWER.toMillis());
            final var packet = new DatagramPacket(new byte[2048], 2048);
            try {
                replySocket.receive(packet);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no Map-Reply on the ECM's inner source port 61000", e);
            }
            final MapReply reply;
            try {
                reply = assertInstanceOf(MapReply.class, LispMessageDecoder.decode(
                    Unpooled.wrappedBuffer(packet.getData(), 0, packet.getLength())));
            } catch (LispDecodingException e) {
                throw new AssertionError(e);
            }
            assertEquals(inner.nonce(), reply.nonce());
            assertEquals(EidPrefix.of(VN, ipv4("203.0.113.0"), 28), reply.records().get(0).eid());
        }
    }

    @Test
    @Order(10)
    void malformedDatagramsAreDroppedAndCounted() throws IOException, InterruptedException {
        final long malformedRegisters = counter("map-register", "malformed");
        final long malformedUnknown = counter("unknown", "malformed");
        final var valid = registerMessage("a", VN, prefixOf("a"), "198.18.0.10", true, true);
        final var bytes = edge("a").send(valid, secrets.get("a"));
        edge("a").await("the Map-Notify", r -> r.message() instanceof MapNotify, ANSWER);
        edge("a").sendRaw(Arrays.copyOf(bytes, bytes.length - 7));
        edge("a").sendRaw(new byte[] { (byte) 0xf0, 1, 2, 3 });
        awaitCounter("map-register", "malformed", malformedRegisters + 1);
        awaitCounter("unknown", "malformed", malformedUnknown + 1);
        // The server still works.
        final var again = register("a", VN, prefixOf("a"), "198.18.0.10", true, true);
        assertNotNull(edge("a").await("the Map-Notify", r -> r.message() instanceof MapNotify n
            && n.nonce() == again.nonce(), ANSWER), "the server stopped answering after malformed input");
    }

    @Test
    @Order(11)
    void expiredRegistrationIsRemovedAndPublished() throws IOException, InterruptedException {
        // x registers without T (the IT's short lifetime) and never refreshes; a subscribes to it.
        final var registered = register("x", VN, prefixOf("x"), "198.18.0.16", true, false);
        assertNotNull(edge("x").await("the Map-Notify", r -> r.message() instanceof MapNotify n
            && n.nonce() == registered.nonce(), ANSWER), "x's register was not answered");
        awaitRegistered(VN, prefixOf("x"));
        final var request = MapRequest.builder(LispTestEdge.nonce(), EidPrefix.of(VN, ipv4("203.0.113.1"), 32)
                .address())
            .addItrRloc(IpAddress.of(edge("a").controlAddress()))
            .addRecord(EidPrefix.of(VN, ipv4("203.0.113.65"), 32), true)
            .xtrSiteId(XTR)
            .build();
        edge("a").send(request, null);
        final var reply = edge("a").await("the Map-Reply for x", r -> r.message() instanceof MapReply m
            && m.nonce() == request.nonce(), ANSWER);
        assertNotNull(reply, "no Map-Reply for x");
        final var withdrawal = edge("a").await("the withdrawal of x", r -> r.message() instanceof MapNotify n
            && !n.records().isEmpty() && n.records().get(0).ttl() == 0
            && n.records().get(0).eid().equals(EidPrefix.of(VN, ipv4("203.0.113.64"), 28)),
            Duration.ofSeconds(LIFETIME_S + 10));
        assertNotNull(withdrawal, "the expiry of x was not published to a");
        assertTrue(((MapNotify) withdrawal.message()).records().get(0).locators().isEmpty());
        assertFalse(registeredPrefixes().contains(VN + "," + "203.0.113.64/28"),
            "the expired registration is still in the operational datastore");
    }

    @Test
    @Order(12)
    void deletingAnEdgeOverRestconfWithdrawsItsMappingFromSubscribers() throws IOException, InterruptedException {
        edge("a").drain(Duration.ofMillis(200));
        expectOk(rest.delete("/data/wgcp:edges/edge=b"));
        final var withdrawal = edge("a").await("the withdrawal of b", r -> r.message() instanceof MapNotify n
            && !n.records().isEmpty() && n.records().get(0).ttl() == 0
            && n.records().get(0).eid().equals(EidPrefix.of(VN, ipv4("203.0.113.16"), 28)), ANSWER);
        assertNotNull(withdrawal, "a was not told that b was deleted");
        awaitControlPeers(new TreeSet<>(List.of("a", "c", "o", "x")));
        assertTrue(withdrawal.verifies(secrets.get("a")));
        assertFalse(registeredPrefixes().contains(VN + ",203.0.113.16/28"),
            "the deleted edge's registration is still in the operational datastore");
    }

    @Test
    @Order(99)
    void wiresharkDecodesEverythingTheMapServerSent() {
        final var frames = capture.stop();
        capture = null;
        final var types = new TreeSet<Integer>();
        final var problems = new ArrayList<String>();
        int fromServer = 0;
        for (var frame : frames) {
            if (!frame.values("udp.srcport").contains("4342") || !frame.values("ip.src").contains("127.0.0.1")) {
                continue;
            }
            fromServer++;
            types.addAll(frame.lispTypes());
            if (frame.lispTypes().isEmpty() || !frame.problems().isEmpty()) {
                problems.add(frame.verdict());
            }
        }
        assertTrue(fromServer > 0, "tshark captured nothing the map server sent");
        assertEquals(List.of(), problems, "tshark found problems in what the map server sent");
        // Map-Replies (positive and negative) and Map-Notifies (solicited, pushes, publications, withdrawals).
        assertEquals(new TreeSet<>(List.of(2, 4)), types, "message types the map server sent");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private LispTestEdge edge(final String id) {
        return edges.get(id);
    }

    private static String prefixOf(final String id) {
        return switch (id) {
            case "a" -> "203.0.113.0/28";
            case "b" -> "203.0.113.16/28";
            case "c" -> "203.0.113.32/28";
            case "o" -> "203.0.113.48/28";
            default -> "203.0.113.64/28";
        };
    }

    private void provision(final String id, final long vn, final String prefix, final int keyId,
            final String algorithm) {
        final var edgeBody = new JsonObject();
        edgeBody.addProperty("edge-id", id);
        edgeBody.addProperty("control-public-key", Base64.getEncoder().encodeToString(edge(id).wireGuardKey()));
        edgeBody.addProperty("control-address", edge(id).controlAddress().getHostAddress());
        final var eids = new JsonArray();
        final var eid = new JsonObject();
        eid.addProperty("instance-id", vn);
        eid.addProperty("eid-prefix", prefix);
        eids.add(eid);
        edgeBody.add("authorized-eid", eids);
        expectOk(rest.put("/data/wgcp:edges/edge=" + key(id), Json.wrap("wgcp:edge", edgeBody)));
        final var secret = "secret of edge " + id + " for the LISP integration test";
        final var input = new JsonObject();
        input.addProperty("edge-id", id);
        input.addProperty("key-id", keyId);
        input.addProperty("algorithm", algorithm);
        input.addProperty("secret", secret);
        final var body = new JsonObject();
        body.add("input", input);
        expectOk(rest.post("/operations/wgcp:set-map-register-key", body.toString()));
        secrets.put(id, secret.getBytes(StandardCharsets.UTF_8));
        edge(id).acknowledgeSolicitations(secrets.get(id));
    }

    private MappingRecord record(final String id, final long vn, final String prefix, final String endpoint) {
        final var slash = prefix.indexOf('/');
        return MappingRecord.builder(EidPrefix.of(vn, ipv4(prefix.substring(0, slash)),
                Integer.parseInt(prefix.substring(slash + 1))))
            .ttl(1440)
            .addLocator(WireGuardLocator.of(edge(id).wireGuardKey(), new InetSocketAddress(ipv4(endpoint)
                .toInetAddress(), 51820), null, 1, 100))
            .build();
    }

    private MapRegister registerMessage(final String id, final long vn, final String prefix, final String endpoint,
            final boolean wantNotify, final boolean useTtl) {
        final var key = "o".equals(id) ? 0 : 1;
        final var algorithm = switch (id) {
            case "c" -> 3;
            case "o" -> 1;
            default -> 2;
        };
        return MapRegister.builder(LispTestEdge.nonce())
            .wantMapNotify(wantNotify)
            .useTtlForTimeout(useTtl)
            .authentication(key, algorithm)
            .addRecord(record(id, vn, prefix, endpoint))
            .xtrSiteId(XTR)
            .build();
    }

    private MapRegister register(final String id, final long vn, final String prefix, final String endpoint,
            final boolean wantNotify, final boolean useTtl) throws IOException {
        final var register = registerMessage(id, vn, prefix, endpoint, wantNotify, useTtl);
        edge(id).send(register, secrets.get(id));
        return register;
    }

    private static Ipv4Address ipv4(final String text) {
        return Ipv4Address.parse(text);
    }

    private static void assertWireGuard(final MappingRecord mappingRecord, final byte[] key, final String endpoint) {
        final var locator = WireGuardLocator.fromLocator(mappingRecord.locators().get(0)).orElse(null);
        assertNotNull(locator, "the record has no WireGuard locator: " + mappingRecord);
        assertArrayEquals(key, locator.publicKey().toByteArray(), "wrong WireGuard key");
        assertEquals(endpoint, locator.endpoint().toString(), "wrong endpoint");
        assertEquals(51820, locator.port(), "wrong port");
    }

    private JsonObject awaitRegistered(final long vn, final String prefix) {
        final long deadline = System.nanoTime() + ANSWER.toNanos();
        while (true) {
            final var response = rest.get("/data/wgcp:mappings/mapping=" + key(vn, prefix) + "?content=nonconfig");
            if (response.status() == 200) {
                final var list = Json.first(Json.object(response), "wgcp:mapping", "mapping");
                return list.getAsJsonArray().get(0).getAsJsonObject();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no registered mapping " + vn + "/" + prefix + "\n" + response.describe());
            }
            sleep(100);
        }
    }

    private TreeSet<String> registeredPrefixes() {
        final var response = rest.get("/data/wgcp:mappings?content=nonconfig");
        final var result = new TreeSet<String>();
        if (response.status() != 200) {
            return result;
        }
        final var mappings = Json.first(Json.object(response), "wgcp:mappings", "mappings");
        final var list = mappings != null ? mappings.getAsJsonObject().get("mapping") : null;
        if (list != null) {
            for (var mapping : list.getAsJsonArray()) {
                final var object = mapping.getAsJsonObject();
                result.add(object.get("instance-id").getAsLong() + "," + object.get("eid-prefix").getAsString());
            }
        }
        return result;
    }

    private long counter(final String messageType, final String kind) {
        final var response = rest.get("/data/wgcp:statistics/message-counters=" + messageType
            + "?content=nonconfig");
        if (response.status() != 200) {
            return 0;
        }
        final var list = Json.first(Json.object(response), "wgcp:message-counters", "message-counters");
        final var value = list.getAsJsonArray().get(0).getAsJsonObject().get(kind);
        return value != null ? value.getAsLong() : 0;
    }

    private void awaitCounter(final String messageType, final String kind, final long atLeast)
            throws InterruptedException {
        final long deadline = System.nanoTime() + COUNTER_WAIT.toNanos();
        long value;
        while ((value = counter(messageType, kind)) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(messageType + " " + kind + " is " + value + ", expected at least " + atLeast);
            }
            Thread.sleep(250);
        }
    }

    /**
     * Waits until the map server's control interface has exactly the peers of these edges: each edge's control key
     * with its control address as the only allowed IP.
     */
    private void awaitControlPeers(final TreeSet<String> edgeIds) {
        final var expected = new TreeSet<String>();
        for (var id : edgeIds) {
            expected.add(Base64.getEncoder().encodeToString(edge(id).wireGuardKey()) + " "
                + edge(id).controlAddress().getHostAddress() + "/32");
        }
        final long deadline = System.nanoTime() + ANSWER.toNanos();
        var actual = new TreeSet<String>();
        while (true) {
            actual = new TreeSet<>();
            try {
                for (var peer : new UapiDriver().show(controlInterface.interfaceName()).peers()) {
                    actual.add(peer.publicKey().toBase64() + " " + peer.allowedIps().stream()
                        .map(Object::toString).sorted().reduce((x, y) -> x + "," + y).orElse(""));
                }
            } catch (WireGuardException e) {
                throw new AssertionError("cannot read the control interface", e);
            }
            if (actual.equals(expected) || System.nanoTime() > deadline) {
                break;
            }
            sleep(100);
        }
        assertEquals(expected, actual, "the control interface's peers are not the provisioned edges");
    }

    private static void sweepStaleNamespaces() throws IOException, InterruptedException {
        final var list = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        final var output = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        list.waitFor();
        for (var line : output.split("\n")) {
            final var name = line.split(" ")[0];
            if (name.startsWith("wgcp-lit")) {
                run("ip", "netns", "delete", name);
            }
        }
    }

    private static void run(final String... command) {
        try {
            final var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command)
                + " (the LISP integration test needs root, iproute2 and wireguard-go)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void expectOk(final Response response) {
        assertTrue(response.isSuccess(), "expected success\n" + response.describe());
    }


    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
