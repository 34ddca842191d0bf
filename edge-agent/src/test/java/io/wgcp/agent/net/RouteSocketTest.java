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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.types.IpPrefix;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RouteSocket} against the kernel, in a namespace of its own, checked with {@code ip route show}: the routes
 * it writes must read back exactly as those {@code ip route replace} writes. Also the {@link AddressWatch} there.
 */
class RouteSocketTest {
    private static TestNetwork network;
    private static String namespace;
    private static IpCommand ip;
    private static String device;
    private static TunDevice tun;
    private static RouteSocket routes;

    @BeforeAll
    static void setUp() throws IOException {
        network = TestNetwork.start(false);
        namespace = network.addNamespace("route");
        ip = IpCommand.inNamespace(namespace);
        device = network.interfaceName("rt");
        tun = TestNetwork.callIn(namespace, () -> TunDevice.open(device));
        ip.disableAddressGeneration(device);
        ip.linkUp(device);
        ip.addAddress(device, InetAddress.getByName("192.0.2.1"));
        ip.addAddress(device, InetAddress.getByName("2001:db8::1"));
        routes = TestNetwork.callIn(namespace, RouteSocket::open);
    }

    @AfterAll
    static void tearDown() {
        if (routes != null) {
            routes.close();
        }
        if (tun != null) {
            tun.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void writesWhatIpRouteReplaceWrites() throws IOException {
        final IpPrefix host = IpPrefix.parse("203.0.113.7/32");
        routes.replace(host, device, InetAddress.getByName("192.0.2.1"));
        final String ours = route("-4", host);
        assertEquals("203.0.113.7 dev " + device + " scope link src 192.0.2.1", ours);
        routes.delete(host, device);

        ip.routeReplace(host, device, InetAddress.getByName("192.0.2.1"));
        assertEquals(ours, route("-4", host));
        assertTrue(routes.delete(host, device), "deletes a route that ip added");
        assertEquals("", route("-4", host));
    }

    @Test
    void replaceIsIdempotentAndDeleteTellsWhetherThereWasARoute() throws IOException {
        final IpPrefix v4 = IpPrefix.parse("198.51.100.0/25");
        routes.replace(v4, device, null);
        routes.replace(v4, device, null);
        assertEquals("198.51.100.0/25 dev " + device + " scope link", route("-4", v4));
        assertTrue(routes.delete(v4, device));
        assertFalse(routes.delete(v4, device), "no route left to delete");
        assertEquals("", route("-4", v4));
    }

    @Test
    void ipv6RoutesWithAndWithoutSource() throws IOException {
        final IpPrefix net = IpPrefix.parse("2001:db8:77::/48");
        final IpPrefix host = IpPrefix.parse("2001:db8:99::5/128");
        routes.replace(net, device, null);
        routes.replace(host, device, InetAddress.getByName("2001:db8::1"));
        assertTrue(route("-6", net).startsWith("2001:db8:77::/48 dev " + device + " "), route("-6", net));
        assertTrue(route("-6", host).startsWith("2001:db8:99::5 dev " + device + " src 2001:db8::1 "),
            route("-6", host));
        assertTrue(routes.delete(net, device));
        assertTrue(routes.delete(host, device));
        assertEquals("", route("-6", net) + route("-6", host));
    }

    @Test
    void refusalsCarryTheKernelsReasonAndChangeNothing() throws IOException {
        final IpPrefix prefix = IpPrefix.parse("192.0.2.128/25");
        final RouteException noDevice = assertThrows(RouteException.class,
            () -> routes.replace(prefix, "pknosuchdev", null));
        assertEquals(19, noDevice.errno());
        assertTrue(noDevice.getMessage().contains("pknosuchdev"), noDevice.getMessage());

        final RouteException foreignSource = assertThrows(RouteException.class,
            () -> routes.replace(prefix, device, InetAddress.getByName("192.0.2.99")));
        assertNotEquals(0, foreignSource.errno());
        assertEquals("", route("-4", prefix));
        assertThrows(IllegalArgumentException.class,
            () -> routes.replace(prefix, device, InetAddress.getByName("2001:db8::1")));
    }

    @Test
    void followsADeviceRecreatedUnderTheSameName() throws IOException {
        final String name = network.interfaceName("re");
        final IpPrefix prefix = IpPrefix.parse("203.0.113.64/26");
        TunDevice first = TestNetwork.callIn(namespace, () -> TunDevice.open(name));
        try {
            ip.linkUp(name);
            routes.replace(prefix, name, null);
        } finally {
            first.close();
        }
        // Closing a non-persistent TUN removes the device and its routes; a new one gets another index.
        try (TunDevice second = TestNetwork.callIn(namespace, () -> TunDevice.open(name))) {
            ip.linkUp(name);
            routes.replace(prefix, name, null);
            assertEquals("203.0.113.64/26 dev " + name + " scope link", route("-4", prefix));
            assertTrue(routes.delete(prefix, name));
        }
    }

    @Test
    void aClosedSocketRefuses() throws IOException {
        final RouteSocket closed = TestNetwork.callIn(namespace, RouteSocket::open);
        closed.close();
        closed.close();
        assertThrows(IOException.class, () -> closed.replace(IpPrefix.parse("192.0.2.0/24"), device, null));
    }

    @Test
    void sourceTowardsADestinationIsWhatIpRouteGetSays() throws IOException {
        final IpPrefix v4 = IpPrefix.parse("198.51.100.0/24");
        final IpPrefix v6 = IpPrefix.parse("2001:db8:55::/48");
        routes.replace(v4, device, null);
        routes.replace(v6, device, InetAddress.getByName("2001:db8::1"));
        try {
            for (String destination : List.of("198.51.100.9", "2001:db8:55::9")) {
                final String expected = ip.run("-o", "route", "get", destination).replaceAll("(?s).*\\bsrc (\\S+).*",
                    "$1");
                final InetAddress source = routes.sourceTowards(InetAddress.getByName(destination));
                assertEquals(InetAddress.getByName(expected), source, destination);
            }
            assertEquals(InetAddress.getByName("192.0.2.1"), routes.sourceTowards(InetAddress.getByName(
                "198.51.100.9")));
            assertNull(routes.sourceTowards(InetAddress.getByName("203.0.113.200")),
                "no route (the namespace has no default route)");
        } finally {
            routes.delete(v4, device);
            routes.delete(v6, device);
        }
    }

    @Test
    void theAddressWatchHearsAnAddressChange() throws Exception {
        final var changes = new Semaphore(0);
        final AddressWatch watch = TestNetwork.callIn(namespace, () -> AddressWatch.start(changes::release));
        try {
            ip.addAddress(device, InetAddress.getByName("192.0.2.77"));
            assertTrue(changes.tryAcquire(5, TimeUnit.SECONDS), "no notification of an added address");
            changes.drainPermits();
            ip.run("address", "del", "192.0.2.77/32", "dev", device);
            assertTrue(changes.tryAcquire(5, TimeUnit.SECONDS), "no notification of a deleted address");
        } finally {
            watch.close();
        }
        changes.drainPermits();
        ip.addAddress(device, InetAddress.getByName("192.0.2.78"));
        assertFalse(changes.tryAcquire(1, TimeUnit.SECONDS), "a closed watch still calls its listener");
    }

    private static String route(final String family, final IpPrefix prefix) throws IOException {
        return ip.run(family, "route", "show", "exact", prefix.toString()).strip();
    }
}
