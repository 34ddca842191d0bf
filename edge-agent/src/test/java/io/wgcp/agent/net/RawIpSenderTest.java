/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RawIpSender} sends through the routing table: towards a prefix routed to a TUN device, the very bytes sent
 * come out of the device; without a route, the kernel refuses.
 */
class RawIpSenderTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private static TestNetwork network;
    private static String namespace;
    private static TunDevice tun;
    private static RawIpSender sender;

    @BeforeAll
    static void setUp() throws IOException {
        network = TestNetwork.start(false);
        namespace = network.addNamespace("raw");
        tun = TunTesting.openCatchingTun(network, namespace, "raw");
        sender = TestNetwork.callIn(namespace, RawIpSender::open);
    }

    @AfterAll
    static void tearDown() {
        if (sender != null) {
            sender.close();
        }
        if (tun != null) {
            tun.close();
        }
        if (network != null) {
            network.close();
        }
    }

    private static byte[] udp(final int length) {
        final byte[] udp = new byte[length];
        for (int i = 8; i < length; i++) {
            udp[i] = (byte) i;
        }
        // ports 40000 -> 40001, length; checksum 0 (none), which the kernel does not touch on the way out
        ByteBuffer.wrap(udp).putShort(0, (short) 40000).putShort(2, (short) 40001).putShort(4, (short) length);
        return udp;
    }

    @Test
    void anIpv4PacketComesOutOfTheRouteUnchanged() throws IOException, MalformedPacketException {
        assertTrue(sender.supportsIpv4());
        final byte[] packet = Packets.ipv4("198.51.100.1", "203.0.113.31", 17, udp(100));
        sender.send(ByteBuffer.wrap(packet));
        final IpPacket out = TunTesting.awaitPacket(tun,
            p -> p.destination().equals(TunTesting.address("203.0.113.31")), WAIT);
        assertArrayEquals(packet, out.toByteArray(), "header and payload as sent");
    }

    @Test
    void anIpv6PacketComesOutOfTheRouteUnchanged() throws IOException, MalformedPacketException {
        assertTrue(sender.supportsIpv6());
        final byte[] packet = Packets.ipv6("2001:db8:1::1", "2001:db8:2::31", 17, udp(100));
        sender.send(ByteBuffer.wrap(packet));
        final IpPacket out = TunTesting.awaitPacket(tun,
            p -> p.destination().equals(TunTesting.address("2001:db8:2::31")), WAIT);
        assertArrayEquals(packet, out.toByteArray(), "IPv6 packets are sent as they are");
    }

    @Test
    void withoutARouteTheKernelRefuses() {
        final IOException v4 = assertThrows(IOException.class,
            () -> sender.send(ByteBuffer.wrap(Packets.ipv4("198.51.100.1", "192.0.2.77", 17, udp(8)))));
        assertTrue(v4.getMessage().contains("Network is unreachable"), v4.getMessage());
        final IOException v6 = assertThrows(IOException.class,
            () -> sender.send(ByteBuffer.wrap(Packets.ipv6("2001:db8:1::1", "2001:db8:99::1", 17, udp(8)))));
        assertTrue(v6.getMessage().contains("Network is unreachable"), v6.getMessage());
    }

    @Test
    void closedSenderRefuses() throws IOException {
        final RawIpSender closed = TestNetwork.callIn(namespace, RawIpSender::open);
        closed.close();
        closed.close();
        assertThrows(ClosedChannelException.class,
            () -> closed.send(ByteBuffer.wrap(Packets.ipv4("198.51.100.1", "203.0.113.31", 17, udp(8)))));
    }
}
