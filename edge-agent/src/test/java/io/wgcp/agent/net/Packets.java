/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * Test packets: vectors captured from the Linux kernel, and builders for crafted ones.
 */
public final class Packets {
    /**
     * {@code ping -c1 -s 8 203.0.113.9} from 198.51.100.1, as the Linux 6.18 kernel handed it to a TUN device:
     * IP checksum 0x505e, ICMP checksum 0xc1a0.
     */
    static final String KERNEL_ICMP_ECHO =
        "45000024843c40004001505ec6336401cb0071090800c1a02a4e00010001020304050607";
    /**
     * {@code ping -6 -c1 -s 8 2001:db8:2::9} from 2001:db8:1::1, same origin: ICMPv6 checksum 0xedd3.
     */
    static final String KERNEL_ICMPV6_ECHO = "60091df900103a4020010db800010000000000000000000120010db800020000"
        + "00000000000000098000edd32a5100010001020304050607";

    private Packets() {
        // utility class
    }

    static byte[] hex(final String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /**
     * An IPv4 packet with a correct header checksum.
     */
    public static byte[] ipv4(final String source, final String destination, final int protocol, final byte[] payload) {
        final ByteBuffer buf = ByteBuffer.allocate(20 + payload.length);
        buf.put(0, (byte) 0x45);
        buf.putShort(2, (short) (20 + payload.length));
        buf.putShort(4, (short) 0x1234);
        buf.put(8, (byte) 64);
        buf.put(9, (byte) protocol);
        buf.put(12, TunTesting.address(source).getAddress());
        buf.put(16, TunTesting.address(destination).getAddress());
        buf.put(20, payload);
        buf.putShort(10, (short) InternetChecksum.compute(buf, 0, 20));
        return buf.array();
    }

    /**
     * An IPv6 packet.
     */
    static byte[] ipv6(final String source, final String destination, final int nextHeader, final byte[] payload) {
        final ByteBuffer buf = ByteBuffer.allocate(40 + payload.length);
        buf.put(0, (byte) 0x60);
        buf.putShort(4, (short) payload.length);
        buf.put(6, (byte) nextHeader);
        buf.put(7, (byte) 64);
        buf.put(8, TunTesting.address(source).getAddress());
        buf.put(24, TunTesting.address(destination).getAddress());
        buf.put(40, payload);
        return buf.array();
    }

    /**
     * An ICMP or ICMPv6 message of a type, code 0, with data bytes; the checksum is left 0 (not checked here).
     */
    static byte[] icmp(final int type, final int dataLength) {
        final byte[] message = new byte[8 + dataLength];
        message[0] = (byte) type;
        for (int i = 8; i < message.length; i++) {
            message[i] = (byte) i;
        }
        return message;
    }

    /**
     * Recomputes the IPv4 header checksum after a test changed the header.
     */
    static byte[] fixIpv4Checksum(final byte[] packet) {
        final ByteBuffer buf = ByteBuffer.wrap(packet);
        final int headerLength = (packet[0] & 0x0F) * 4;
        buf.putShort(10, (short) 0);
        buf.putShort(10, (short) InternetChecksum.compute(buf, 0, Math.min(headerLength, packet.length)));
        return packet;
    }
}
