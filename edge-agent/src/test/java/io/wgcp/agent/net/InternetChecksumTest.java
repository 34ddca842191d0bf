/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {
    @Test
    void rfc1071Example() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to 2ddf0, folded ddf2; the checksum is its complement.
        final ByteBuffer buf = ByteBuffer.wrap(Packets.hex("0001f203f4f5f6f7"));
        assertEquals(0x2ddf0L, InternetChecksum.sum(buf, 0, 8));
        assertEquals(~0xddf2 & 0xFFFF, InternetChecksum.fold(0x2ddf0L));
        assertEquals(0x220d, InternetChecksum.compute(buf, 0, 8));
    }

    @Test
    void wellKnownIpv4HeaderExample() {
        // The IPv4 header example of the Wikipedia article "Internet checksum" / countless tutorials: 0xb861.
        final ByteBuffer header = ByteBuffer.wrap(Packets.hex("450000730000400040110000c0a80001c0a800c7"));
        assertEquals(0xb861, InternetChecksum.compute(header, 0, 20));
        header.putShort(10, (short) 0xb861);
        assertEquals(0, InternetChecksum.compute(header, 0, 20), "a correct header sums to zero");
    }

    @Test
    void kernelComputedIpv4AndIcmpChecksumsVerify() {
        final ByteBuffer packet = ByteBuffer.wrap(Packets.hex(Packets.KERNEL_ICMP_ECHO));
        assertEquals(0, InternetChecksum.compute(packet, 0, 20));
        assertEquals(0, InternetChecksum.compute(packet, 20, 16));
        // And recomputed from a zeroed field, the kernel's values come back.
        packet.putShort(10, (short) 0);
        assertEquals(0x505e, InternetChecksum.compute(packet, 0, 20));
        packet.putShort(22, (short) 0);
        assertEquals(0xc1a0, InternetChecksum.compute(packet, 20, 16));
    }

    @Test
    void kernelComputedIcmpv6ChecksumVerifiesWithThePseudoHeader() {
        final ByteBuffer packet = ByteBuffer.wrap(Packets.hex(Packets.KERNEL_ICMPV6_ECHO));
        final long pseudo = InternetChecksum.ipv6PseudoHeaderSum(packet, 8, 24, 16, 58);
        assertEquals(0, InternetChecksum.fold(pseudo + InternetChecksum.sum(packet, 40, 16)));
        packet.putShort(42, (short) 0);
        assertEquals(0xedd3, InternetChecksum.fold(pseudo + InternetChecksum.sum(packet, 40, 16)));
    }

    @Test
    void oddLengthPadsTheLastByteWithZero() {
        final ByteBuffer odd = ByteBuffer.wrap(Packets.hex("0102ab"));
        assertEquals(0x0102 + 0xab00, InternetChecksum.sum(odd, 0, 3));
        assertEquals(InternetChecksum.compute(ByteBuffer.wrap(Packets.hex("0102ab00")), 0, 4),
            InternetChecksum.compute(odd, 0, 3));
    }

    @Test
    void foldsRepeatedCarries() {
        assertEquals(0, InternetChecksum.fold(0xFFFFL));
        // 0x1fffe -> 0xffff (one carry) -> complement 0
        assertEquals(0, InternetChecksum.fold(0x1FFFEL));
        // 0xffff_ffff -> 0x1fffe -> 0xffff
        assertEquals(0, InternetChecksum.fold(0xFFFF_FFFFL));
        assertEquals(0xFFFF, InternetChecksum.fold(0));
    }

    @Test
    void ignoresTheBufferByteOrderAndPosition() {
        final ByteBuffer little = ByteBuffer.wrap(Packets.hex("00000001f203f4f5f6f7"))
            .order(ByteOrder.LITTLE_ENDIAN);
        little.position(5);
        assertEquals(0x220d, InternetChecksum.compute(little, 2, 8));
    }
}
