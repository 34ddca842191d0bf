/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import static org.junit.jupiter.api.Assertions.fail;

import io.wgcp.types.IpPrefix;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Reading a TUN device from tests with a bounded wait.
 */
final class TunTesting {
    /** The sender's IPv4 address in the catching namespace. */
    static final InetAddress LOCAL_V4 = TunTesting.address("198.51.100.1");
    /** The sender's IPv6 address in the catching namespace. */
    static final InetAddress LOCAL_V6 = TunTesting.address("2001:db8:1::1");
    /** The overlay prefixes routed to the catching TUN device. */
    static final IpPrefix OVERLAY_V4 = IpPrefix.parse("203.0.113.0/24");
    static final IpPrefix OVERLAY_V6 = IpPrefix.parse("2001:db8:2::/64");

    private TunTesting() {
        // utility class
    }

    /**
     * Reads packets on a helper thread until one matches. On timeout the device is closed, which ends the helper
     * thread (that is what close() guarantees), and the test fails.
     */
    static IpPacket awaitPacket(final TunDevice tun, final Predicate<IpPacket> match, final Duration timeout)
            throws IOException {
        final FutureTask<IpPacket> task = new FutureTask<>(() -> {
            final ByteBuffer buf = ByteBuffer.allocate(TunDevice.MAX_PACKET);
            while (true) {
                buf.clear();
                if (tun.read(buf) < 0) {
                    return null;
                }
                buf.flip();
                try {
                    final IpPacket packet = IpPacket.parse(buf).copy();
                    if (match.test(packet)) {
                        return packet;
                    }
                } catch (MalformedPacketException e) {
                    // not the packet we wait for
                }
            }
        });
        final Thread reader = new Thread(task, "tun-reader-" + tun.name());
        reader.setDaemon(true);
        reader.start();
        try {
            final IpPacket packet = task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (packet == null) {
                fail("TUN device " + tun.name() + " closed while waiting for a packet");
            }
            return packet;
        } catch (TimeoutException e) {
            tun.close();
            join(reader);
            throw new AssertionError("no matching packet on " + tun.name() + " within " + timeout.toMillis() + " ms",
                e);
        } catch (ExecutionException e) {
            throw new IOException("reading " + tun.name() + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static InetAddress address(final String literal) {
        return IpPrefix.parse(literal).address();
    }

    /**
     * Opens a TUN device in a namespace, as the agent sets it up: no IPv6 link-local address (so no kernel chatter
     * in it), up, routes of the overlay prefixes with the sender's local addresses (put on the device itself) as
     * preferred sources.
     */
    static TunDevice openCatchingTun(final TestNetwork network, final String namespace, final String role)
            throws IOException {
        final TunDevice tun = TestNetwork.callIn(namespace, () -> TunDevice.open(network.interfaceName(role)));
        final IpCommand ip = IpCommand.inNamespace(namespace);
        ip.disableAddressGeneration(tun.name());
        ip.linkUp(tun.name());
        ip.addAddress(tun.name(), LOCAL_V4);
        ip.addAddress(tun.name(), LOCAL_V6);
        ip.routeReplace(OVERLAY_V4, tun.name(), LOCAL_V4);
        ip.routeReplace(OVERLAY_V6, tun.name(), LOCAL_V6);
        return tun;
    }

    static void join(final Thread thread) {
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean isEchoRequest(final IpPacket packet) {
        return packet.icmpType() == (packet.isIpv4() ? 8 : 128);
    }
}
