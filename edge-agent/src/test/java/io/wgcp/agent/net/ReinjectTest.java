/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.testing.TestHosts;
import io.wgcp.types.IpPrefix;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packet path of a first packet, on real WireGuard (wireguard-go) between two namespaces A and B: ping in A sends
 * towards B's overlay address while only the overlay route to A's TUN device exists; the packet is read from the
 * TUN, held, the /32 (/128) route to A's WireGuard interface is added, and the held packet is re-sent with
 * {@link RawIpSender}. B answers that very packet: ping, which sends exactly one, reports one reply.
 *
 * <p>The WireGuard peers are configured by the test with {@code wg} up front: this tests the packet layer, not the
 * control plane.
 */
class ReinjectTest {
    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final InetAddress A_V4 = TunTesting.address("203.0.113.1");
    private static final InetAddress B_V4 = TunTesting.address("203.0.113.2");
    private static final InetAddress A_V6 = TunTesting.address("2001:db8::1");
    private static final InetAddress B_V6 = TunTesting.address("2001:db8::2");

    private static TestNetwork network;
    private static String namespaceA;
    private static String wireguardA;
    private static IpCommand ipA;
    private static TunDevice tun;
    private static RawIpSender sender;

    @BeforeAll
    static void setUp() throws IOException {
        network = TestNetwork.start(true);
        namespaceA = network.addNamespace("a");
        final String namespaceB = network.addNamespace("b");
        network.addVeth(namespaceA, "198.18.0.1", namespaceB, "198.18.0.2");
        ipA = IpCommand.inNamespace(namespaceA);
        final IpCommand ipB = IpCommand.inNamespace(namespaceB);

        wireguardA = network.interfaceName("wa");
        final String wireguardB = network.interfaceName("wb");
        network.startWireguard(namespaceA, wireguardA);
        network.startWireguard(namespaceB, wireguardB);
        final Path keyA = network.generateKey("a");
        final Path keyB = network.generateKey("b");
        TestNetwork.exec(List.of("ip", "netns", "exec", namespaceA, "wg", "set", wireguardA, "private-key",
            keyA.toString(), "listen-port", "51820", "peer", network.publicKey(keyB), "endpoint", "198.18.0.2:51820",
            "allowed-ips", "203.0.113.2/32,2001:db8::2/128"));
        TestNetwork.exec(List.of("ip", "netns", "exec", namespaceB, "wg", "set", wireguardB, "private-key",
            keyB.toString(), "listen-port", "51820", "peer", network.publicKey(keyA), "endpoint", "198.18.0.1:51820",
            "allowed-ips", "203.0.113.1/32,2001:db8::1/128"));
        ipA.addAddress(wireguardA, A_V4);
        ipA.addAddress(wireguardA, A_V6);
        ipA.linkUp(wireguardA);
        ipB.addAddress(wireguardB, B_V4);
        ipB.addAddress(wireguardB, B_V6);
        ipB.linkUp(wireguardB);
        // B knows its way back; A knows only that the overlay goes to its TUN device, like an agent at start.
        ipB.routeReplace(IpPrefix.host(A_V4), wireguardB);
        ipB.routeReplace(IpPrefix.host(A_V6), wireguardB);

        tun = TestNetwork.callIn(namespaceA, () -> TunDevice.open(network.interfaceName("t")));
        ipA.disableAddressGeneration(tun.name());
        ipA.linkUp(tun.name());
        ipA.routeReplace(IpPrefix.parse("203.0.113.0/24"), tun.name(), A_V4);
        ipA.routeReplace(IpPrefix.parse("2001:db8::/64"), tun.name(), A_V6);
        sender = TestNetwork.callIn(namespaceA, RawIpSender::open);
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

    @Test
    void theHeldIpv4PacketIsAnsweredAfterReinjection() throws IOException, MalformedPacketException {
        firstPacketIsAnswered(B_V4, "-4");
    }

    @Test
    void theHeldIpv6PacketIsAnsweredAfterReinjection() throws IOException, MalformedPacketException {
        firstPacketIsAnswered(B_V6, "-6");
    }

    private static void firstPacketIsAnswered(final InetAddress destination, final String family)
            throws IOException, MalformedPacketException {
        final PacketHold<InetAddress> hold = new PacketHold<>(PacketHold.Limits.DEFAULT);
        final TestHosts.Started ping = network.startIn(namespaceA, "ping", family, "-c1", "-W3",
            destination.getHostAddress());

        // 1. The echo request reaches the TUN device (no route to WireGuard yet) and is held.
        final IpPacket request = TunTesting.awaitPacket(tun,
            p -> p.destination().equals(destination) && TunTesting.isEchoRequest(p), WAIT);
        assertEquals(PacketHold.Result.HELD_FIRST, hold.hold(request.destination(), request));
        assertTrue(ping.isAlive(), "ping still waits for its reply");

        // 2. "Resolution" done: the more specific route to the WireGuard interface.
        ipA.routeAdd(IpPrefix.host(destination), wireguardA);

        // 3. The held packet is re-sent through the routing table, now via WireGuard.
        for (ByteBuffer packet : hold.release(destination)) {
            sender.send(packet);
        }

        final int exitCode = ping.await(Duration.ofSeconds(5));
        final String output = ping.output();
        assertTrue(output.contains("1 packets transmitted, 1 received"), output);
        assertEquals(0, exitCode, output);
        assertEquals(1, hold.stats().released());
    }
}
