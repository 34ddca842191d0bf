/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real TUN device in a namespace of its own: it catches what the kernel routes to it, and closing it unblocks a
 * reader. Needs root and /dev/net/tun (fails, naming them, without).
 */
class TunDeviceTest {
    private static final InetAddress LOCAL_V4 = TunTesting.LOCAL_V4;
    private static final InetAddress LOCAL_V6 = TunTesting.LOCAL_V6;
    private static final Duration WAIT = Duration.ofSeconds(3);

    private static TestNetwork network;
    private static String namespace;
    private static IpCommand ip;

    @BeforeAll
    static void setUp() throws IOException {
        network = TestNetwork.start(false);
        namespace = network.addNamespace("tun");
        ip = IpCommand.inNamespace(namespace);
    }

    @AfterAll
    static void tearDown() {
        if (network != null) {
            network.close();
        }
    }

    private static TunDevice openCatchingTun(final String role) throws IOException {
        return TunTesting.openCatchingTun(network, namespace, role);
    }

    @Test
    void catchesTheIpv4EchoRequestOfPing() throws IOException {
        try (TunDevice tun = openCatchingTun("t4")) {
            network.startIn(namespace, "ping", "-c1", "-W1", "203.0.113.9");
            final IpPacket packet = TunTesting.awaitPacket(tun, p -> true, WAIT);

            assertEquals(4, packet.version());
            assertEquals(LOCAL_V4, packet.source());
            assertEquals(TunTesting.address("203.0.113.9"), packet.destination());
            assertEquals(IpPacket.PROTOCOL_ICMP, packet.protocol());
            // ping's default: 56 data bytes + 8 (ICMP) + 20 (IP); echo request, sequence 1, checksum correct.
            assertEquals(84, packet.length());
            assertEquals(8, packet.icmpType());
            final ByteBuffer bytes = packet.buffer();
            assertEquals(1, bytes.getShort(packet.transportOffset() + 6));
            assertEquals(0, InternetChecksum.compute(bytes, packet.transportOffset(), 64));
        }
    }

    @Test
    void catchesTheIpv6EchoRequestOfPing() throws IOException {
        try (TunDevice tun = openCatchingTun("t6")) {
            network.startIn(namespace, "ping", "-6", "-c1", "-W1", "2001:db8:2::9");
            final IpPacket packet = TunTesting.awaitPacket(tun, p -> true, WAIT);

            assertEquals(6, packet.version());
            assertEquals(LOCAL_V6, packet.source());
            assertEquals(TunTesting.address("2001:db8:2::9"), packet.destination());
            assertEquals(IpPacket.PROTOCOL_ICMPV6, packet.protocol());
            assertEquals(104, packet.length());
            assertEquals(128, packet.icmpType());
            final ByteBuffer bytes = packet.buffer();
            assertEquals(1, bytes.getShort(packet.transportOffset() + 6));
            final long sum = InternetChecksum.ipv6PseudoHeaderSum(bytes, 8, 24, 64, IpPacket.PROTOCOL_ICMPV6)
                + InternetChecksum.sum(bytes, 40, 64);
            assertEquals(0, InternetChecksum.fold(sum), "ICMPv6 checksum over the pseudo-header");
        }
    }

    @Test
    void aShortBufferGetsATruncatedPacketAndItsWholeLength() throws IOException {
        try (TunDevice tun = openCatchingTun("tr")) {
            network.startIn(namespace, "ping", "-c1", "-W1", "203.0.113.10");
            final AtomicReference<ByteBuffer> small = new AtomicReference<>();
            final AtomicInteger length = new AtomicInteger();
            final Thread reader = new Thread(() -> {
                final ByteBuffer buf = ByteBuffer.allocate(20);
                try {
                    length.set(tun.read(buf));
                } catch (IOException e) {
                    length.set(-2);
                }
                small.set(buf);
            });
            reader.start();
            reader.join(WAIT.toMillis());
            tun.close();
            TunTesting.join(reader);
            assertEquals(84, length.get(), "the whole length, like MSG_TRUNC");
            assertEquals(20, small.get().position(), "the first 20 bytes copied");
            assertEquals(0x45, small.get().get(0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void takesAKernelChosenNameFromATemplate() throws IOException {
        try (TunDevice tun = TestNetwork.callIn(namespace, () -> TunDevice.open(network.interfaceName("n%d")))) {
            assertEquals(network.interfaceName("n0"), tun.name());
            assertTrue(ip.run("link", "show", "dev", tun.name()).contains(tun.name()));
        }
    }

    @Test
    void closeUnblocksABlockedReaderAndDeletesTheInterface() throws IOException, InterruptedException {
        final TunDevice tun = TestNetwork.callIn(namespace, () -> TunDevice.open(network.interfaceName("c")));
        // Without this, the kernel's own IPv6 router solicitation would arrive and end the read.
        ip.disableAddressGeneration(tun.name());
        ip.linkUp(tun.name());
        final AtomicInteger result = new AtomicInteger(Integer.MIN_VALUE);
        final Thread reader = new Thread(() -> {
            try {
                result.set(tun.read(new byte[TunDevice.MAX_PACKET]));
            } catch (IOException e) {
                result.set(-2);
            }
        }, "blocked-reader");
        reader.start();
        // Let it block in poll(): nothing is routed to the device, so nothing arrives.
        Thread.sleep(200);
        assertTrue(reader.isAlive(), "the reader blocks while no packet arrives, but returned " + result.get());

        final long start = System.nanoTime();
        tun.close();
        reader.join(1000);
        final long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertFalse(reader.isAlive(), "close() must unblock the reader");
        assertEquals(-1, result.get(), "a read interrupted by close() returns -1");
        assertTrue(elapsedMillis < 500, "unblocked in " + elapsedMillis + " ms");

        assertFalse(tun.isOpen());
        assertEquals(-1, tun.read(new byte[100]), "reads after close() return -1");
        assertThrows(ClosedChannelException.class, () -> tun.write(ByteBuffer.wrap(new byte[20])));
        tun.close();
        final IpCommandException gone = assertThrows(IpCommandException.class,
            () -> ip.run("link", "show", "dev", tun.name()));
        assertTrue(gone.output().contains("does not exist"), gone.getMessage());
    }

    @Test
    void closeRacingWithReadersNeverLeavesOneBlocked() throws IOException, InterruptedException {
        // close() at every point of the readers' way in: before they enter, while they enter, while they poll.
        final List<TunDevice> devices = TestNetwork.callIn(namespace, () -> {
            final List<TunDevice> opened = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                opened.add(TunDevice.open(network.interfaceName("r%d")));
            }
            return opened;
        });
        final AtomicInteger unexpected = new AtomicInteger();
        for (int i = 0; i < devices.size(); i++) {
            final TunDevice tun = devices.get(i);
            final List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                final Thread reader = new Thread(() -> {
                    try {
                        if (tun.read(new byte[TunDevice.MAX_PACKET]) != -1) {
                            unexpected.incrementAndGet();
                        }
                    } catch (IOException e) {
                        unexpected.incrementAndGet();
                    }
                });
                reader.start();
                readers.add(reader);
            }
            Thread.sleep(i % 4);
            tun.close();
            for (Thread reader : readers) {
                reader.join(1000);
                assertFalse(reader.isAlive(), "reader " + reader.getName() + " of device " + i + " still blocked");
            }
        }
        assertEquals(0, unexpected.get(), "every read ended with -1");
        assertFalse(ip.run("link", "show").contains(network.interfaceName("r")), "all devices deleted");
    }

    @Test
    void refusesBadNames() {
        assertThrows(IllegalArgumentException.class, () -> TunDevice.open("sixteen-chars-xx"));
        assertThrows(IllegalArgumentException.class, () -> TunDevice.open("a b"));
        assertThrows(IllegalArgumentException.class, () -> TunDevice.open("a/b"));
    }
}
