/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.agent.net.IcmpUnreachable.Code;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IcmpUnreachableTest {
    private static IpPacket parse(final byte[] bytes) throws MalformedPacketException {
        return IpPacket.parse(bytes);
    }

    private static boolean answered(final byte[] bytes) throws MalformedPacketException {
        return IcmpUnreachable.answer(parse(bytes), Code.HOST_UNREACHABLE).isPresent();
    }

    @Test
    void answersAnIpv4EchoRequestWithHostUnreachable() throws MalformedPacketException {
        final IpPacket original = parse(Packets.hex(Packets.KERNEL_ICMP_ECHO));
        final IpPacket answer = IcmpUnreachable.answer(original, Code.HOST_UNREACHABLE).orElseThrow();
        // parse() already checked the lengths and the IP header checksum.
        assertEquals(4, answer.version());
        assertEquals(20 + 8 + 36, answer.length());
        assertEquals(original.destination(), answer.source());
        assertEquals(original.source(), answer.destination());
        assertEquals(IpPacket.PROTOCOL_ICMP, answer.protocol());
        final ByteBuffer bytes = answer.buffer();
        assertEquals(3, bytes.get(20));
        assertEquals(1, bytes.get(21));
        assertEquals(0, bytes.getInt(24), "unused word");
        assertEquals(0, InternetChecksum.compute(bytes, 20, answer.length() - 20), "ICMP checksum");
        final byte[] quoted = new byte[36];
        bytes.get(28, quoted);
        assertArrayEquals(original.toByteArray(), quoted, "the whole short original is quoted");
    }

    @Test
    void goldenIpv4Answer() throws MalformedPacketException {
        // Header 45c0 0040 0000 0000 4001 (checksum) cb00 7109 c633 6401, then ICMP 03 0d (checksum) 0000 0000 and
        // the quote. Both checksums were computed independently (a separate RFC 1071 implementation in Python);
        // the network test shows that Linux accepts such answers.
        final IpPacket answer = IcmpUnreachable.answer(parse(Packets.hex(Packets.KERNEL_ICMP_ECHO)),
            Code.ADMIN_PROHIBITED).orElseThrow();
        assertEquals("45c00040000000004001" + "13bf" + "cb007109c6336401" + "030d" + "fcf2" + "00000000"
            + Packets.KERNEL_ICMP_ECHO, HexFormat.of().formatHex(answer.toByteArray()));
    }

    @Test
    void answersAnIpv6EchoRequestWithAddressUnreachable() throws MalformedPacketException {
        final IpPacket original = parse(Packets.hex(Packets.KERNEL_ICMPV6_ECHO));
        final IpPacket answer = IcmpUnreachable.answer(original, Code.HOST_UNREACHABLE).orElseThrow();
        assertEquals(6, answer.version());
        assertEquals(40 + 8 + 56, answer.length());
        assertEquals(original.destination(), answer.source());
        assertEquals(original.source(), answer.destination());
        assertEquals(IpPacket.PROTOCOL_ICMPV6, answer.protocol());
        assertEquals(1, answer.icmpType());
        final ByteBuffer bytes = answer.buffer();
        assertEquals(3, bytes.get(41));
        final long sum = InternetChecksum.ipv6PseudoHeaderSum(bytes, 8, 24, 64, 58) + InternetChecksum.sum(bytes, 40,
            64);
        assertEquals(0, InternetChecksum.fold(sum), "ICMPv6 checksum over the pseudo-header");
        assertEquals(1, IcmpUnreachable.answer(original, Code.ADMIN_PROHIBITED).orElseThrow().buffer().get(41));
        assertEquals(0, IcmpUnreachable.answer(original, Code.NO_ROUTE).orElseThrow().buffer().get(41));
    }

    @Test
    void quotesAtMost576BytesForIpv4And1280ForIpv6() throws MalformedPacketException {
        final IpPacket big4 = parse(Packets.ipv4("192.0.2.1", "203.0.113.9", 17, new byte[1400]));
        final IpPacket answer4 = IcmpUnreachable.answer(big4, Code.HOST_UNREACHABLE).orElseThrow();
        assertEquals(576, answer4.length());
        assertEquals(0, InternetChecksum.compute(answer4.buffer(), 20, 556));
        final byte[] quoted4 = new byte[548];
        answer4.buffer().get(28, quoted4);
        assertArrayEquals(Arrays.copyOf(big4.toByteArray(), 548), quoted4);

        final IpPacket big6 = parse(Packets.ipv6("2001:db8::1", "2001:db8::2", 17, new byte[1400]));
        final IpPacket answer6 = IcmpUnreachable.answer(big6, Code.HOST_UNREACHABLE).orElseThrow();
        assertEquals(1280, answer6.length());
        final ByteBuffer bytes = answer6.buffer();
        assertEquals(0, InternetChecksum.fold(InternetChecksum.ipv6PseudoHeaderSum(bytes, 8, 24, 1240, 58)
            + InternetChecksum.sum(bytes, 40, 1240)));
    }

    @Test
    void usesTheGivenSource() throws MalformedPacketException {
        final IpPacket original = parse(Packets.hex(Packets.KERNEL_ICMP_ECHO));
        final IpPacket answer = IcmpUnreachable.answer(original, Code.HOST_UNREACHABLE,
            TunTesting.address("192.0.2.254")).orElseThrow();
        assertEquals(TunTesting.address("192.0.2.254"), answer.source());
        assertThrows(IllegalArgumentException.class, () -> IcmpUnreachable.answer(original, Code.HOST_UNREACHABLE,
            TunTesting.address("2001:db8::1")));
    }

    @Test
    void doesNotAnswerIcmpErrors() throws MalformedPacketException {
        for (int type : new int[] {3, 4, 5, 11, 12}) {
            assertFalse(answered(Packets.ipv4("192.0.2.1", "203.0.113.9", 1, Packets.icmp(type, 8))), "type " + type);
        }
        assertTrue(answered(Packets.ipv4("192.0.2.1", "203.0.113.9", 1, Packets.icmp(8, 8))));
        assertTrue(answered(Packets.ipv4("192.0.2.1", "203.0.113.9", 1, Packets.icmp(0, 8))));
        assertFalse(answered(Packets.ipv4("192.0.2.1", "203.0.113.9", 1, new byte[0])), "no ICMP type to check");
        for (int type : new int[] {1, 2, 3, 4, 127, 137}) {
            assertFalse(answered(Packets.ipv6("2001:db8::1", "2001:db8::2", 58, Packets.icmp(type, 8))),
                "ICMPv6 type " + type);
        }
        assertTrue(answered(Packets.ipv6("2001:db8::1", "2001:db8::2", 58, Packets.icmp(128, 8))));
        // The answers themselves are errors: no answer to an answer.
        final IpPacket answer = IcmpUnreachable.answer(parse(Packets.hex(Packets.KERNEL_ICMPV6_ECHO)),
            Code.HOST_UNREACHABLE).orElseThrow();
        assertFalse(IcmpUnreachable.mayAnswer(answer));
    }

    @Test
    void doesNotAnswerMulticastBroadcastOrHostlessSources() throws MalformedPacketException {
        final byte[] udp = new byte[8];
        assertTrue(answered(Packets.ipv4("192.0.2.1", "203.0.113.9", 17, udp)));
        assertFalse(answered(Packets.ipv4("192.0.2.1", "224.0.0.251", 17, udp)));
        assertFalse(answered(Packets.ipv4("192.0.2.1", "255.255.255.255", 17, udp)));
        assertFalse(answered(Packets.ipv4("0.0.0.0", "203.0.113.9", 17, udp)));
        assertFalse(answered(Packets.ipv4("127.0.0.1", "203.0.113.9", 17, udp)));
        assertFalse(answered(Packets.ipv4("239.1.1.1", "203.0.113.9", 17, udp)));
        assertTrue(answered(Packets.ipv6("2001:db8::1", "2001:db8::2", 17, udp)));
        assertFalse(answered(Packets.ipv6("2001:db8::1", "ff02::1", 17, udp)));
        assertFalse(answered(Packets.ipv6("::", "2001:db8::2", 17, udp)));
        assertFalse(answered(Packets.ipv6("::1", "2001:db8::2", 17, udp)));
        assertFalse(answered(Packets.ipv6("ff05::1", "2001:db8::2", 17, udp)));
    }

    @Test
    void doesNotAnswerLaterFragments() throws MalformedPacketException {
        final byte[] later = Packets.ipv4("192.0.2.1", "203.0.113.9", 17, new byte[16]);
        later[7] = 3;
        assertFalse(answered(Packets.fixIpv4Checksum(later)));
        final byte[] first = Packets.ipv4("192.0.2.1", "203.0.113.9", 17, new byte[16]);
        first[6] = 0x20;
        assertTrue(answered(Packets.fixIpv4Checksum(first)));
    }
}
