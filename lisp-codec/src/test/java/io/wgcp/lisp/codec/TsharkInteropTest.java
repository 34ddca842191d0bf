/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.wgcp.lisp.codec.tshark.TsharkCapture;
import io.wgcp.lisp.codec.tshark.TsharkFrame;
import io.wgcp.lisp.codec.tshark.TsharkFrame.Field;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with Wireshark's LISP dissector: one datagram of every message the codec encodes and the map
 * server emits, in each variant, plus the Open Overlay Router forms, sent over UDP on 127.0.0.1 while
 * {@link TsharkCapture} captures them; tshark must read each as LISP of the expected type, find nothing malformed and
 * raise no expert info of severity warning or worse, except the "not dissected yet" over the body of an LCAF type 11
 * (Wireshark has no decoder for the Security Key LCAF), and every field after such an LCAF must still decode.
 *
 * <p>Known limits of the dissector (Wireshark 4.0, unchanged in its current source), asserted as such: it has no
 * Map-Notify-Ack (type 5 shows as "Unknown" with the message as undissected data), no I bit and xTR-ID/Site-ID
 * trailer in Map-Requests (the trailer shows as data) and no LCAF in an ITR-RLOC (not sent here).
 */
class TsharkInteropTest {
    private static final Logger LOG = Logger.getLogger(TsharkInteropTest.class.getName());
    private static final byte[] PSK = "wgcp-edge-secret".getBytes(StandardCharsets.US_ASCII);
    private static final ImmutableBytes WG_KEY = GoldenVectorTest.WG_KEY;
    private static final XtrSiteId XTR = GoldenVectorTest.XTR;
    private static final String XTR_HEX = "00112233445566778899aabbccddeeff";
    private static final String SITE_HEX = "0000000000000007";
    private static final int RECEIVE_TIMEOUT_MILLIS = 5_000;
    private static final Path PCAP = Path.of("target", "tshark", "TsharkInteropTest.pcapng");

    private static final WireGuardLocator WG_V4 = new WireGuardLocator(WG_KEY, v4("203.0.113.5"), 51820,
        v4("192.168.1.10"), 1, 100);
    private static final WireGuardLocator WG_V6 = new WireGuardLocator(WG_KEY, v6("2001:db8::5"), 51821, null, 2, 50);
    private static final WireGuardLocator WG_OTHER = new WireGuardLocator(ImmutableBytes.fromHex(
        "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"), v4("198.51.100.7"), 51820, null, 1, 100);

    /**
     * One datagram to send: its bytes, the LISP types tshark must read (outermost first), the hex of the data tshark
     * is expected to leave undissected (empty for none), and further checks of the decoded tree.
     */
    private record Case(String name, byte[] bytes, List<Integer> lispTypes, String undissected,
            Consumer<TsharkFrame> check) {
        Case {
            bytes = bytes.clone();
        }
    }

    private static Ipv4Address v4(final String text) {
        return Ipv4Address.parse(text);
    }

    private static Ipv6Address v6(final String text) {
        return Ipv6Address.parse(text);
    }

    private static byte[] encode(final LispMessage message) {
        final ByteBuf out = Unpooled.buffer();
        LispMessageEncoder.encode(message, out);
        return ByteBufUtil.getBytes(out);
    }

    private static byte[] sign(final AuthenticatedMessage message) {
        final ByteBuf out = Unpooled.buffer();
        LispAuthentication.encodeAndSign(message, PSK, out);
        return ByteBufUtil.getBytes(out);
    }

    private static String nonce(final long nonce) {
        return String.format(Locale.ROOT, "0x%016x", nonce);
    }

    private static String keyId(final int keyId, final int algorithmId) {
        return String.format(Locale.ROOT, "0x%02x%02x", keyId, algorithmId);
    }

    private static Case plain(final String name, final LispMessage message, final Consumer<TsharkFrame> check) {
        return new Case(name, encode(message), List.of(message.type().code()), "", check);
    }

    private static MappingRecord wireGuardRecord() {
        return MappingRecord.builder(GoldenVectorTest.iid100("10.2.0.7", 32)).ttl(3).addLocator(WG_V4)
            .addLocator(WG_V6).build();
    }

    private static MappingRecord secondWireGuardRecord() {
        return MappingRecord.builder(EidPrefix.of(100, v6("fd00:0:0:2::7"), 128)).ttl(3).addLocator(WG_OTHER).build();
    }

    private static List<Case> cases() {
        final List<Case> cases = new ArrayList<>();
        cases.add(plain("Map-Request, IPv4 EIDs", MapRequest.builder(0x0102030405060708L, v4("10.1.0.5"))
            .addItrRloc(v4("192.0.2.1"))
            .addRecord(EidPrefix.parse("10.2.0.7/32"), false)
            .build(), frame -> {
                assertValues(frame, "lisp.nonce", nonce(0x0102030405060708L));
                assertValues(frame, "lisp.mreq.srceid.ipv4", "10.1.0.5");
                assertValues(frame, "lisp.mreq.itr_rloc_ipv4", "192.0.2.1");
                assertValues(frame, "lisp.mreq.record.prefix.length", "32");
                assertValues(frame, "lisp.mreq.record.prefix.ipv4", "10.2.0.7");
            }));
        cases.add(plain("Map-Request, IPv6 EIDs", MapRequest.builder(0x0a, v6("fd00:0:0:1::5"))
            .addItrRloc(v6("2001:db8::1"))
            .addRecord(EidPrefix.parse("fd00:0:0:2::7/128"), false)
            .build(), frame -> {
                assertValues(frame, "lisp.mreq.srceid_ipv6", "fd00:0:0:1::5");
                assertValues(frame, "lisp.mreq.itr_rloc_ipv6", "2001:db8::1");
                assertValues(frame, "lisp.mreq.record.prefix.length", "128");
                assertValues(frame, "lisp.mreq.record.prefix.ipv6", "fd00:0:0:2::7");
            }));
        // RFC 9437 subscription: I=1, N=1, IID EIDs of both families, three ITR-RLOCs; the dissector knows neither the
        // I bit nor the N bit (shown as reserved bits) and leaves the xTR-ID/Site-ID trailer as data
        final MapRequest subscribe = MapRequest.builder(0xdeadbeef0000002aL,
                InstanceIdAddress.of(100, v4("10.1.0.5")))
            .addItrRloc(v4("192.0.2.1"))
            .addItrRloc(v6("2001:db8::1"))
            .addItrRloc(v4("198.51.100.1"))
            .addRecord(GoldenVectorTest.iid100("10.2.0.7", 32), true)
            .addRecord(EidPrefix.of(100, v6("fd00:0:0:2::7"), 128), true)
            .xtrSiteId(XTR)
            .build();
        cases.add(new Case("Map-Request, IID EIDs, subscribe (I=1, N=1), three ITR-RLOCs", encode(subscribe),
            List.of(1), XTR_HEX + SITE_HEX, frame -> {
                assertValues(frame, "lisp.irc", "2");
                assertShownames(frame, "lisp.mreq.itr_rloc", "ITR-RLOC 1: 192.0.2.1", "ITR-RLOC 2: 2001:db8::1",
                    "ITR-RLOC 3: 198.51.100.1");
                assertValues(frame, "lisp.lcaf.iid", "100", "100", "100");
                assertShownames(frame, "lisp.mreq.record", "Map-Request Record 1: [100] 10.2.0.7/32",
                    "Map-Request Record 2: [100] fd00:0:0:2::7/128");
                assertValues(frame, "lisp.mreq.record.res", "0x80", "0x80");
            }));
        cases.add(plain("Map-Request, SMR", MapRequest.builder(0x5, InstanceIdAddress.of(100, v4("10.2.0.7")))
            .smr(true)
            .addItrRloc(v4("192.0.2.254"))
            .addRecord(GoldenVectorTest.iid100("10.1.0.5", 32), false)
            .build(), frame -> {
                assertValues(frame, "lisp.mreq.flags.smr", "1");
                assertTrue(frame.summary().contains("(SMR)"), frame::verdict);
                assertShownames(frame, "lisp.mreq.record", "Map-Request Record 1: [100] 10.1.0.5/32");
            }));
        cases.add(plain("Map-Request, M=1 with the requester's WireGuard mapping",
            MapRequest.builder(0x6, InstanceIdAddress.of(100, v4("10.1.0.5")))
                .addItrRloc(v4("192.0.2.1"))
                .addRecord(GoldenVectorTest.iid100("10.2.0.7", 32), false)
                .mapReplyRecord(MappingRecord.builder(GoldenVectorTest.iid100("10.1.0.5", 32))
                    .addLocator(WG_OTHER).build())
                .build(), frame -> {
                    assertValues(frame, "lisp.mreq.flags.mrp", "1");
                    assertEquals(1, frame.fields("lisp.mrep.record").size(), frame::verdict);
                    assertLocators(frame, "1/100");
                }));

        cases.add(plain("Map-Reply, two records, three WireGuard locators", MapReply.of(0x7,
            List.of(wireGuardRecord(), secondWireGuardRecord())), frame -> {
                assertMappings(frame, "[100] 10.2.0.7/32", "[100] fd00:0:0:2::7/128");
                assertValues(frame, "lisp.mapping.loccnt", "2", "1");
                // each locator after an undecoded LCAF 11 starts where that LCAF ends
                assertLocators(frame, "1/100", "2/50", "1/100");
            }));
        final NatTraversalAddress natTraversal = new NatTraversalAddress(0, 51820, v4("203.0.113.5"),
            NoAddress.INSTANCE, v4("192.168.1.10"), List.of(v6("2001:db8::99")));
        cases.add(plain("Map-Reply, the WireGuard locator's NAT-traversal LCAF on its own",
            MapReply.of(0x8, MappingRecord.builder(GoldenVectorTest.iid100("10.2.0.7", 32))
                .addLocator(Locator.of(1, 100, natTraversal)).build()), frame -> {
                    assertValues(frame, "lisp.lcaf.type", "2", "7");
                    assertValues(frame, "lisp.lcaf.natt.msport", "0");
                    assertValues(frame, "lisp.lcaf.natt.etrport", "51820");
                    assertValues(frame, "lisp.lcaf.natt.rloc.afi", "1", "0", "1", "2");
                    assertValues(frame, "lisp.lcaf.natt.rloc.ipv4", "203.0.113.5", "192.168.1.10");
                    assertValues(frame, "lisp.lcaf.natt.rloc.ipv6", "2001:db8::99");
                }));
        cases.add(plain("Map-Reply, negative ACT 3 (unknown destination)", MapReply.of(0x9,
            MappingRecord.negative(GoldenVectorTest.iid100("10.2.0.0", 16), MapReplyAction.DROP_NO_REASON, 1)),
            frame -> {
                assertMappings(frame, "[100] 10.2.0.0/16");
                assertValues(frame, "lisp.mapping.act", "3");
                assertValues(frame, "lisp.mapping.loccnt", "0");
                assertValues(frame, "lisp.mapping.ttl", "1");
            }));
        cases.add(plain("Map-Reply, negative ACT 4 (policy denied)", MapReply.of(0xa,
            MappingRecord.negative(GoldenVectorTest.iid100("10.3.0.0", 16), MapReplyAction.DROP_POLICY_DENIED, 15)),
            frame -> {
                assertMappings(frame, "[100] 10.3.0.0/16");
                assertValues(frame, "lisp.mapping.act", "4");
                assertValues(frame, "lisp.mapping.loccnt", "0");
                assertValues(frame, "lisp.mapping.ttl", "15");
            }));
        cases.add(plain("Map-Reply, LCAF type 1 (AFI list) locator", MapReply.of(0xb,
            MappingRecord.builder(EidPrefix.parse("10.4.0.1/32"))
                .addLocator(Locator.of(1, 100, AfiListAddress.of(v4("192.0.2.1"), v6("2001:db8::1"))))
                .addLocator(Locator.of(2, 50, v4("192.0.2.9")))
                .build()), frame -> {
                    assertValues(frame, "lisp.lcaf.type", "1");
                    assertValues(frame, "lisp.lcaf.afi_list.ipv4", "192.0.2.1");
                    assertValues(frame, "lisp.lcaf.afi_list.ipv6", "2001:db8::1");
                    assertValues(frame, "lisp.loc.locator", "192.0.2.9");
                    assertLocators(frame, "1/100", "2/50");
                }));

        final MapRegister[] registers = {
            register(0x1001, 1, LispAuthentication.HMAC_SHA1_96, 12),
            register(0x1002, 2, LispAuthentication.HMAC_SHA256_128, 32),
            register(0x1003, 3, LispAuthentication.HMAC_SHA256_128_HKDF_SHA256, 16),
        };
        for (MapRegister register : registers) {
            final byte[] bytes = sign(register);
            final int macLength = register.authenticationData().length();
            final String mac = Hex.of(Arrays.copyOfRange(bytes, 16, 16 + macLength));
            cases.add(new Case("Map-Register, algorithm " + register.algorithmId() + ", " + macLength
                + "-byte MAC, I=1, M=1", bytes, List.of(3), "", frame -> {
                    assertValues(frame, "lisp.nonce", nonce(register.nonce()));
                    assertValues(frame, "lisp.keyid", keyId(register.keyId(), register.algorithmId()));
                    assertValues(frame, "lisp.authlen", String.valueOf(macLength));
                    assertEquals(mac, frame.fields("lisp.auth").get(0).value(), frame::verdict);
                    assertValues(frame, "lisp.mreg.flags.wmn", "1");
                    assertValues(frame, "lisp.mreg.flags.xtrid", "1");
                    assertMappings(frame, "[100] 10.2.0.7/32", "[100] fd00:0:0:2::7/128");
                    assertLocators(frame, "1/100", "2/50", "1/100");
                    assertTrailer(frame);
                }));
        }
        final MapRegister answered = registers[2];
        cases.add(new Case("Map-Notify, solicited (answering the algorithm 3 register)",
            sign(MapNotify.answering(answered)), List.of(4), "", frame -> {
                assertValues(frame, "lisp.nonce", nonce(answered.nonce()));
                assertValues(frame, "lisp.keyid", keyId(3, 3));
                assertValues(frame, "lisp.authlen", "16");
                assertValues(frame, "lisp.mnot.flags.xtrid", "1");
                assertMappings(frame, "[100] 10.2.0.7/32", "[100] fd00:0:0:2::7/128");
                assertLocators(frame, "1/100", "2/50", "1/100");
                assertTrailer(frame);
            }));
        cases.add(new Case("Map-Notify, unsolicited publication", sign(MapNotify.unsigned(0x2001, 7,
            LispAuthentication.HMAC_SHA256_128, 16, List.of(secondWireGuardRecord()))), List.of(4), "", frame -> {
                assertValues(frame, "lisp.mnot.flags.xtrid", "0");
                assertMappings(frame, "[100] fd00:0:0:2::7/128");
                assertLocators(frame, "1/100");
                assertEquals(List.of(), frame.fields("lisp.xtrid"), frame::verdict);
            }));
        final MapNotify withdrawal = MapNotify.unsigned(0x2002, 7, LispAuthentication.HMAC_SHA256_128, 16,
            List.of(new MappingRecord(0, MapReplyAction.NO_ACTION, true, 0, GoldenVectorTest.iid100("10.2.0.7", 32),
                List.of())));
        final byte[] withdrawalBytes = sign(withdrawal);
        cases.add(new Case("Map-Notify, unsolicited withdrawal (TTL 0, no locators)", withdrawalBytes, List.of(4), "",
            frame -> {
                assertMappings(frame, "[100] 10.2.0.7/32");
                assertValues(frame, "lisp.mapping.ttl", "0");
                assertValues(frame, "lisp.mapping.loccnt", "0");
            }));
        final MapNotifyAck ack;
        try {
            ack = MapNotifyAck.acknowledging((MapNotify) LispMessageDecoder.decode(Unpooled.wrappedBuffer(
                withdrawalBytes)));
        } catch (LispDecodingException e) {
            throw new AssertionError(e);
        }
        final byte[] ackBytes = sign(ack);
        // the dissector has no Map-Notify-Ack: it reads the type and hands the message over as data
        cases.add(new Case("Map-Notify-Ack", ackBytes, List.of(5), Hex.of(ackBytes), frame -> {
            assertEquals(List.of("Unknown"), frame.lispTypeNames(), frame::verdict);
        }));

        cases.add(new Case("ECM, inner IPv4, Map-Request with IID EIDs",
            encode(EncapsulatedControlMessage.of(v4("192.168.1.10"), 4342, v4("192.0.2.254"), 4342,
                GoldenVectorTest.ecmInnerRequest())), List.of(8, 1), "", frame -> {
                    assertEquals("192.168.1.10", frame.values("ip.src").get(1), frame::verdict);
                    assertEquals("192.0.2.254", frame.values("ip.dst").get(1), frame::verdict);
                    assertEquals("4342", frame.values("udp.srcport").get(1), frame::verdict);
                    assertShownames(frame, "lisp.mreq.record", "Map-Request Record 1: [100] 10.2.0.7/32");
                    assertTrue(frame.summary().contains("Encapsulated Map-Request"), frame::verdict);
                }));
        cases.add(new Case("ECM, inner IPv6, S and E bits, ephemeral inner port",
            encode(new EncapsulatedControlMessage(true, false, true, false, v6("2001:db8::a"), v6("2001:db8::fe"),
                50000, 4342, 64, MapRequest.builder(0x2b, NoAddress.INSTANCE)
                    .addItrRloc(v6("2001:db8::a"))
                    .addRecord(EidPrefix.parse("fd00:0:0:2::/64"), false)
                    .build())), List.of(8, 1), "", frame -> {
                        assertValues(frame, "lisp.ecm.flags.sec", "1");
                        assertValues(frame, "ipv6.src", "2001:db8::a");
                        assertValues(frame, "ipv6.dst", "2001:db8::fe");
                        assertEquals("50000", frame.values("udp.srcport").get(1), frame::verdict);
                        assertValues(frame, "lisp.mreq.srceid.string", "not set");
                        assertValues(frame, "lisp.mreq.itr_rloc_ipv6", "2001:db8::a");
                    }));

        cases.add(new Case("Open Overlay Router Map-Register (hand-written, key id 1, 20-byte HMAC-SHA-1)",
            Hex.bytes(GoldenVectorTest.MAP_REGISTER_OOR_TWO_RECORDS), List.of(3), "", frame -> {
                assertValues(frame, "lisp.keyid", "0x0001");
                assertValues(frame, "lisp.authlen", "20");
                assertMappings(frame, "[100] 10.2.0.0/24", "[100] 10.20.0.0/16");
                assertValues(frame, "lisp.loc.locator", "203.0.113.5", "198.51.100.5");
            }));
        cases.add(new Case("Open Overlay Router ECM Map-Request (hand-written, inner UDP 61000)",
            Hex.bytes(GoldenVectorTest.ECM_IPV4_OOR), List.of(8, 1), "", frame -> {
                assertEquals("61000", frame.values("udp.srcport").get(1), frame::verdict);
                assertShownames(frame, "lisp.mreq.record", "Map-Request Record 1: [100] 10.2.0.7/32");
                assertValues(frame, "lisp.mreq.itr_rloc_ipv4", "192.168.1.10");
            }));
        return cases;
    }

    private static MapRegister register(final long nonce, final int keyId, final int algorithm, final int macLength) {
        return MapRegister.builder(nonce)
            .wantMapNotify(true)
            .authentication(keyId, algorithm, macLength)
            .addRecord(wireGuardRecord())
            .addRecord(secondWireGuardRecord())
            .xtrSiteId(XTR)
            .build();
    }

    @Test
    void tsharkDecodesEveryMessageTheCodecEmits() throws IOException, LispDecodingException {
        final List<Case> cases = cases();
        final List<TsharkFrame> frames;
        final int port;
        try (DatagramChannel channel = DatagramChannel.open()) {
            // one socket sends to itself: source and destination port are the same, so "decode as LISP" is unambiguous
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final InetSocketAddress self = (InetSocketAddress) channel.getLocalAddress();
            port = self.getPort();
            channel.socket().setSoTimeout(RECEIVE_TIMEOUT_MILLIS);
            try (TsharkCapture capture = TsharkCapture.start(PCAP, port)) {
                for (Case sent : cases) {
                    channel.send(ByteBuffer.wrap(sent.bytes()), self);
                    final DatagramPacket packet = new DatagramPacket(new byte[65_535], 65_535);
                    channel.socket().receive(packet);
                    final byte[] received = Arrays.copyOf(packet.getData(), packet.getLength());
                    assertEquals(Hex.of(sent.bytes()), Hex.of(received), sent.name());
                    // and the codec reads what went over the wire
                    LispMessageDecoder.decode(Unpooled.wrappedBuffer(received));
                }
                frames = capture.stop();
            }
        }

        final StringBuilder log = new StringBuilder("tshark ").append(TsharkCapture.findTshark()).append(" on ")
            .append(PCAP).append(" (UDP port ").append(port).append(" decoded as LISP), one verdict per message:");
        for (int i = 0; i < frames.size(); i++) {
            log.append("\n  ").append(i < cases.size() ? cases.get(i).name() : "unexpected frame").append("\n    ")
                .append(frames.get(i).verdict());
        }
        LOG.info(log::toString);
        assertEquals(cases.size(), frames.size(), () -> "captured frames: " + frames);
        for (int i = 0; i < cases.size(); i++) {
            assertFrame(cases.get(i), frames.get(i));
        }

        // the checksums the ECM encoder computes, verified by tshark (the outer UDP checksum of loopback traffic is
        // left to the NIC, so only the inner headers are looked at)
        final List<TsharkFrame> verified = TsharkCapture.decode(PCAP, port, "ip.check_checksum:TRUE",
            "udp.check_checksum:TRUE");
        assertEquals(cases.size(), verified.stream().filter(frame -> !frame.lispTypes().isEmpty()).count());
        for (TsharkFrame frame : verified) {
            if (frame.lispTypes().equals(List.of(8, 1))) {
                final List<String> udp = frame.values("udp.checksum.status");
                assertEquals("1", udp.get(udp.size() - 1), () -> "inner UDP checksum: " + frame.verdict());
                final List<String> ip = frame.values("ip.checksum.status");
                if (frame.values("ipv6.src").isEmpty()) {
                    assertEquals(List.of("1", "1"), ip, () -> "IPv4 header checksums: " + frame.verdict());
                }
            }
        }
    }

    private static void assertFrame(final Case sent, final TsharkFrame frame) {
        final String context = sent.name() + ": " + frame.verdict();
        assertEquals(sent.lispTypes(), frame.lispTypes(), () -> "LISP type as tshark read it, " + context);
        assertEquals(List.of(), frame.problems(), () -> "malformed or expert warnings/errors, " + context);
        // the tolerated LCAF 11 items are exactly one per Security Key LCAF, over its body
        assertEquals(frame.lcafs(TsharkFrame.LCAF_SECURITY_KEY).size(), frame.undecodedLcaf11().size(),
            () -> "undecoded LCAF 11 bodies, " + context);
        // nothing left over but what the dissector is known not to know
        assertEquals(sent.undissected(), frame.fields("data.data").stream().map(Field::value)
            .collect(Collectors.joining()), () -> "undissected data, " + context);
        // every byte of the frame was reached: the last decoded field ends where the frame ends
        final int frameLength = Integer.parseInt(frame.protocols().get(0).showOf("len"));
        final int decodedEnd = frame.protocols().stream()
            .filter(proto -> !proto.name().equals("geninfo") && !proto.name().equals("frame"))
            .flatMap(Field::subtree).mapToInt(Field::end).max().orElse(0);
        assertEquals(frameLength, decodedEnd, () -> "end of the last decoded field, " + context);
        assertEquals(14 + 20 + 8 + sent.bytes().length, frameLength, () -> "frame length, " + context);
        sent.check().accept(frame);
    }

    private static void assertValues(final TsharkFrame frame, final String field, final String... expected) {
        assertEquals(List.of(expected), frame.values(field), () -> field + " in " + frame.verdict());
    }

    private static void assertShownames(final TsharkFrame frame, final String field, final String... expected) {
        assertEquals(List.of(expected), frame.fields(field).stream().map(Field::showname)
            .collect(Collectors.toList()), () -> field + " in " + frame.verdict());
    }

    private static void assertMappings(final TsharkFrame frame, final String... eids) {
        final List<String> shown = frame.fields("lisp.mapping").stream().map(Field::showname)
            .collect(Collectors.toList());
        assertEquals(eids.length, shown.size(), () -> "mapping records " + shown);
        for (int i = 0; i < eids.length; i++) {
            final String expected = "Mapping Record " + (i + 1) + ", EID Prefix: " + eids[i] + ",";
            assertTrue(shown.get(i).startsWith(expected), "expected " + expected + " in " + shown);
        }
    }

    /**
     * Checks the locators' priority/weight as tshark read them, in order: a locator read from the wrong offset after
     * an undecoded LCAF would show other numbers.
     */
    private static void assertLocators(final TsharkFrame frame, final String... priorityWeights) {
        final List<Field> locators = frame.fields("lisp.loc");
        assertEquals(priorityWeights.length, locators.size(), () -> "locators in " + frame.verdict());
        for (int i = 0; i < priorityWeights.length; i++) {
            final Field locator = locators.get(i);
            assertEquals(priorityWeights[i], locator.showOf("lisp.loc.priority") + "/"
                + locator.showOf("lisp.loc.weight"), locator::describe);
            assertEquals("1", locator.showOf("lisp.loc.flags.reach"), locator::describe);
        }
    }

    private static void assertTrailer(final TsharkFrame frame) {
        assertEquals(List.of(XTR_HEX), frame.fields("lisp.xtrid").stream().map(Field::value)
            .collect(Collectors.toList()), frame::verdict);
        assertEquals(List.of(SITE_HEX), frame.fields("lisp.siteid").stream().map(Field::value)
            .collect(Collectors.toList()), frame::verdict);
        final int frameLength = Integer.parseInt(frame.protocols().get(0).showOf("len"));
        assertEquals(frameLength, frame.fields("lisp.siteid").get(0).end(), frame::verdict);
    }
}
