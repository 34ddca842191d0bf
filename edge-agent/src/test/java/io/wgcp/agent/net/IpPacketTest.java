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

import io.wgcp.agent.net.MalformedPacketException.Reason;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IpPacketTest {
    private static Reason reasonOf(final byte[] bytes) {
        return assertThrows(MalformedPacketException.class, () -> IpPacket.parse(bytes)).reason();
    }

    @Test
    void parsesAKernelIpv4Packet() throws MalformedPacketException {
        final IpPacket packet = IpPacket.parse(Packets.hex(Packets.KERNEL_ICMP_ECHO));
        assertEquals(4, packet.version());
        assertTrue(packet.isIpv4());
        assertEquals(36, packet.length());
        assertEquals(20, packet.headerLength());
        assertEquals(20, packet.transportOffset());
        assertEquals(IpPacket.PROTOCOL_ICMP, packet.protocol());
        assertEquals(8, packet.icmpType());
        assertEquals(64, packet.hopLimit());
        assertEquals(TunTesting.address("198.51.100.1"), packet.source());
        assertEquals(TunTesting.address("203.0.113.9"), packet.destination());
        assertFalse(packet.isFragment(), "DF set, MF clear, offset 0");
        assertEquals("IPv4 198.51.100.1 -> 203.0.113.9 protocol 1 length 36", packet.toString());
    }

    @Test
    void parsesAKernelIpv6Packet() throws MalformedPacketException {
        final IpPacket packet = IpPacket.parse(Packets.hex(Packets.KERNEL_ICMPV6_ECHO));
        assertEquals(6, packet.version());
        assertEquals(56, packet.length());
        assertEquals(40, packet.headerLength());
        assertEquals(40, packet.transportOffset());
        assertEquals(IpPacket.PROTOCOL_ICMPV6, packet.protocol());
        assertEquals(128, packet.icmpType());
        assertEquals(64, packet.hopLimit());
        assertEquals(TunTesting.address("2001:db8:1::1"), packet.source());
        assertEquals(TunTesting.address("2001:db8:2::9"), packet.destination());
    }

    @Test
    void viewsWithoutCopyingAndWithoutMovingTheCallersBuffer() throws MalformedPacketException {
        final byte[] raw = Packets.hex("ffff" + Packets.KERNEL_ICMP_ECHO + "0000");
        final ByteBuffer buf = ByteBuffer.wrap(raw, 2, raw.length - 2);
        final IpPacket packet = IpPacket.parse(buf);
        assertEquals(2, buf.position(), "position unchanged");
        assertEquals(raw.length, buf.limit(), "limit unchanged");
        assertEquals(36, packet.length(), "trailing padding left out");
        assertEquals(36, packet.buffer().remaining());
        assertThrows(ReadOnlyBufferException.class, () -> packet.buffer().put(0, (byte) 0));

        final IpPacket copy = packet.copy();
        raw[2 + 8] = 1; // the TTL, in the caller's array: the view sees it, the copy does not
        assertEquals(1, packet.hopLimit());
        assertEquals(64, copy.hopLimit());
        assertArrayEquals(Arrays.copyOfRange(raw, 2, 38), packet.toByteArray());
    }

    @Test
    void rejectsEmptyAndShortPackets() {
        assertEquals(Reason.TOO_SHORT, reasonOf(new byte[0]));
        assertEquals(Reason.TOO_SHORT, reasonOf(Arrays.copyOf(Packets.hex(Packets.KERNEL_ICMP_ECHO), 19)));
        assertEquals(Reason.TOO_SHORT, reasonOf(new byte[] {0x45}));
        assertEquals(Reason.TOO_SHORT, reasonOf(Arrays.copyOf(Packets.hex(Packets.KERNEL_ICMPV6_ECHO), 39)));
    }

    @Test
    void rejectsOtherVersions() {
        final byte[] packet = Packets.hex(Packets.KERNEL_ICMP_ECHO);
        for (int version : new int[] {0, 5, 7, 15}) {
            packet[0] = (byte) (version << 4 | 5);
            assertEquals(Reason.BAD_VERSION, reasonOf(packet));
        }
    }

    @Test
    void rejectsABadIhl() {
        final byte[] tooSmall = Packets.hex(Packets.KERNEL_ICMP_ECHO);
        tooSmall[0] = 0x44;
        assertEquals(Reason.BAD_HEADER_LENGTH, reasonOf(Packets.fixIpv4Checksum(tooSmall)));
        final byte[] pastTheEnd = Arrays.copyOf(Packets.hex(Packets.KERNEL_ICMP_ECHO), 24);
        pastTheEnd[0] = 0x4F;
        assertEquals(Reason.BAD_HEADER_LENGTH, reasonOf(pastTheEnd));
    }

    @Test
    void rejectsABadTotalLength() {
        final byte[] belowHeader = Packets.hex(Packets.KERNEL_ICMP_ECHO);
        belowHeader[3] = 19;
        assertEquals(Reason.BAD_TOTAL_LENGTH, reasonOf(Packets.fixIpv4Checksum(belowHeader)));
        final byte[] beyondData = Packets.hex(Packets.KERNEL_ICMP_ECHO);
        beyondData[3] = 37;
        assertEquals(Reason.BAD_TOTAL_LENGTH, reasonOf(Packets.fixIpv4Checksum(beyondData)));
        final byte[] truncated = Arrays.copyOf(Packets.hex(Packets.KERNEL_ICMP_ECHO), 30);
        assertEquals(Reason.BAD_TOTAL_LENGTH, reasonOf(truncated));
    }

    @Test
    void rejectsABadHeaderChecksum() {
        final byte[] packet = Packets.hex(Packets.KERNEL_ICMP_ECHO);
        packet[8]--;
        final MalformedPacketException e = assertThrows(MalformedPacketException.class,
            () -> IpPacket.parse(packet));
        assertEquals(Reason.BAD_CHECKSUM, e.reason());
        assertEquals("BAD_CHECKSUM: header checksum 0x505e is off", e.getMessage());
    }

    @Test
    void acceptsIpv4Options() throws MalformedPacketException {
        // IHL 6: one word of options (four NOPs) between the header and the payload.
        final byte[] payload = Packets.icmp(8, 4);
        final byte[] packet = new byte[24 + payload.length];
        System.arraycopy(Packets.ipv4("192.0.2.1", "192.0.2.2", 1, payload), 0, packet, 0, 20);
        Arrays.fill(packet, 20, 24, (byte) 1);
        System.arraycopy(payload, 0, packet, 24, payload.length);
        packet[0] = 0x46;
        packet[3] = (byte) packet.length;
        final IpPacket parsed = IpPacket.parse(Packets.fixIpv4Checksum(packet));
        assertEquals(24, parsed.headerLength());
        assertEquals(24, parsed.transportOffset());
        assertEquals(8, parsed.icmpType());
    }

    @Test
    void readsIpv4Fragments() throws MalformedPacketException {
        final byte[] first = Packets.ipv4("192.0.2.1", "192.0.2.2", 17, new byte[16]);
        first[6] = 0x20; // MF
        final IpPacket firstFragment = IpPacket.parse(Packets.fixIpv4Checksum(first));
        assertTrue(firstFragment.isFragment());
        assertTrue(firstFragment.moreFragments());
        assertEquals(20, firstFragment.transportOffset());

        final byte[] later = Packets.ipv4("192.0.2.1", "192.0.2.2", 1, new byte[16]);
        later[7] = 3; // offset 3 * 8 bytes, MF clear: the last fragment
        final IpPacket laterFragment = IpPacket.parse(Packets.fixIpv4Checksum(later));
        assertTrue(laterFragment.isFragment());
        assertEquals(24, laterFragment.fragmentOffset());
        assertEquals(-1, laterFragment.transportOffset());
        assertEquals(-1, laterFragment.icmpType(), "no ICMP header in a later fragment");
    }

    @Test
    void rejectsTruncatedIpv6() {
        final byte[] packet = Packets.hex(Packets.KERNEL_ICMPV6_ECHO);
        assertEquals(Reason.TRUNCATED, reasonOf(Arrays.copyOf(packet, packet.length - 1)));
        assertEquals(Reason.TRUNCATED, reasonOf(Arrays.copyOf(packet, 40)));
        packet[5]++;
        assertEquals(Reason.TRUNCATED, reasonOf(packet));
    }

    @Test
    void walksIpv6ExtensionHeaders() throws MalformedPacketException {
        // hop-by-hop (8 bytes: next 60, len 0, PadN) -> destination options (16 bytes: next 44, len 1)
        // -> fragment (next 58, offset 0, M set) -> ICMPv6 echo request
        final byte[] icmp = Packets.icmp(128, 8);
        final ByteBuffer payload = ByteBuffer.allocate(8 + 16 + 8 + icmp.length);
        payload.put(new byte[] {60, 0, 1, 4, 0, 0, 0, 0});
        payload.put(new byte[] {44, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        payload.put(new byte[] {58, 0, 0, 1, 0, 0, 0, 42});
        payload.put(icmp);
        final IpPacket packet = IpPacket.parse(Packets.ipv6("2001:db8::1", "2001:db8::2", 0, payload.array()));
        assertEquals(58, packet.protocol());
        assertEquals(40 + 32, packet.transportOffset());
        assertEquals(128, packet.icmpType());
        assertTrue(packet.isFragment());
        assertTrue(packet.moreFragments());
        assertEquals(0, packet.fragmentOffset());
    }

    @Test
    void readsALaterIpv6Fragment() throws MalformedPacketException {
        final byte[] payload = new byte[8 + 16];
        payload[0] = 17;
        payload[2] = 0x01; // offset 0x0100 >> 3 = 32 units = 256 bytes
        final IpPacket packet = IpPacket.parse(Packets.ipv6("2001:db8::1", "2001:db8::2", 44, payload));
        assertEquals(17, packet.protocol());
        assertEquals(256, packet.fragmentOffset());
        assertEquals(-1, packet.transportOffset());
    }

    @Test
    void rejectsTruncatedAndEndlessIpv6ExtensionHeaders() {
        // Destination options claiming 16 bytes with only 8 present.
        assertEquals(Reason.TRUNCATED,
            reasonOf(Packets.ipv6("2001:db8::1", "2001:db8::2", 60, new byte[] {58, 1, 0, 0, 0, 0, 0, 0})));
        // A routing header cut after one byte.
        assertEquals(Reason.TRUNCATED, reasonOf(Packets.ipv6("2001:db8::1", "2001:db8::2", 43, new byte[] {58})));
        // A fragment header cut short.
        assertEquals(Reason.TRUNCATED, reasonOf(Packets.ipv6("2001:db8::1", "2001:db8::2", 44, new byte[4])));
        // 40 destination-options headers in a row.
        final byte[] chain = new byte[40 * 8];
        for (int i = 0; i < 40; i++) {
            chain[i * 8] = 60;
        }
        assertEquals(Reason.BAD_EXTENSION_HEADERS, reasonOf(Packets.ipv6("2001:db8::1", "2001:db8::2", 60, chain)));
        assertEquals(Reason.UNSUPPORTED_JUMBOGRAM,
            reasonOf(Packets.ipv6("2001:db8::1", "2001:db8::2", 0, new byte[0])));
    }

    @Test
    void garbageNeverThrowsAnythingButMalformedPacketException() {
        // Mutations and truncations of valid packets, and random bytes: parse either succeeds with a view inside
        // the input, or rejects with a reason; any other exception fails the test.
        final SplittableRandom random = new SplittableRandom(42);
        final byte[][] seeds = {
            Packets.hex(Packets.KERNEL_ICMP_ECHO),
            Packets.hex(Packets.KERNEL_ICMPV6_ECHO),
            Packets.ipv6("2001:db8::1", "2001:db8::2", 0, new byte[] {60, 0, 1, 4, 0, 0, 0, 0, 58, 0, 0, 0, 0, 0, 0,
                0, (byte) 128, 0, 0, 0, 0, 0, 0, 0}),
        };
        int accepted = 0;
        for (int round = 0; round < 200_000; round++) {
            final byte[] seed = seeds[round % seeds.length];
            final byte[] input = round % 7 == 0 ? new byte[random.nextInt(64)]
                : Arrays.copyOf(seed, random.nextInt(seed.length + 8));
            if (round % 7 == 0) {
                random.nextBytes(input);
            } else {
                for (int flips = random.nextInt(4); flips > 0 && input.length > 0; flips--) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
            }
            try {
                final IpPacket packet = IpPacket.parse(input);
                assertTrue(packet.length() <= input.length);
                assertTrue(packet.transportOffset() <= packet.length());
                packet.source();
                packet.destination();
                packet.icmpType();
                packet.hopLimit();
                accepted++;
            } catch (MalformedPacketException e) {
                // expected for most
            }
        }
        assertTrue(accepted > 1000, "some mutations keep a valid packet: " + accepted);
    }
}
