/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
    private static final WireGuardKey KEY = WireGuardKey.fromBase64("i66OD/yh4qobx+aAreE2gOZ92sNh8ugC7sRhdfkmqGY=");

    @Test
    void allowedIpsAreCanonicalPrefixes() {
        // WireGuard stores allowed IPs with the host bits cleared: what the driver reads back is canonical.
        assertEquals(IpPrefix.parse("203.0.113.0/24"), IpPrefix.parseMasked("203.0.113.5/24"));
        assertEquals("203.0.113.7/32", IpPrefix.parseMasked("203.0.113.7").toString());
        assertEquals("0.0.0.0/0", IpPrefix.parseMasked("198.51.100.1/0").toString());
        assertEquals("2001:db8::/64", IpPrefix.parseMasked("2001:DB8:0:0:1:0:0:1/64").toString());
        assertEquals("2001:db8:8000::/33", IpPrefix.parseMasked("2001:db8:ffff::/33").toString());
        assertEquals("::/0", IpPrefix.parse("::/0").toString());
        assertEquals("::1/128", IpPrefix.parse("::1").toString());
        assertEquals("2001:db8::2:1/128", IpPrefix.parse("2001:db8:0:0:0:0:2:1").toString());
        assertEquals("2001:db8:0:1:1:1:1:1/128", IpPrefix.parse("2001:db8:0:1:1:1:1:1").toString());
        assertEquals("2001:0:0:1::1/128", IpPrefix.parse("2001:0:0:1:0:0:0:1").toString());
        // an IPv4-mapped address stays IPv6
        final IpPrefix mapped = IpPrefix.parse("::ffff:192.0.2.1/128");
        assertInstanceOf(Inet6Address.class, mapped.address());
        assertEquals("::ffff:c000:201/128", mapped.toString());
        assertInstanceOf(Inet4Address.class, IpPrefix.parse("192.0.2.1/32").address());

        for (String bad : List.of("", "/24", "203.0.113.0/33", "203.0.113.0/-1", "203.0.113.0/", "203.0.113/24",
                "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4/024", "example.org/32", "2001:db8::/129",
                "2001:db8::1::2/64", "2001:db8:1:2:3:4:5:6:7/64", "2001:db8:1:2:3:4:5/64", "g::1/64", "::1%eth0",
                "[::1]/128", "12345::/16", "1.2.3.4::/64", "2001:db8::1.2.3/128", " 1.2.3.4/32",
                "::ffff:1.2.3.4:1/128")) {
            assertThrows(IllegalArgumentException.class, () -> IpPrefix.parseMasked(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.of(IpLiteral.parse("::1"), 129));
    }

    @Test
    void endpoints() throws Exception {
        final InetSocketAddress v4 = IpLiteral.parseEndpoint("198.18.0.2:51820");
        assertEquals(new InetSocketAddress(InetAddress.getByName("198.18.0.2"), 51820), v4);
        assertEquals("198.18.0.2:51820", IpLiteral.formatEndpoint(v4));
        final InetSocketAddress v6 = IpLiteral.parseEndpoint("[2001:db8::1]:1");
        assertEquals("[2001:db8::1]:1", IpLiteral.formatEndpoint(v6));
        assertEquals(IpLiteral.parseEndpoint("[fe80::1]:5"), IpLiteral.parseEndpoint("[fe80::1%eth0]:5"));
        for (String bad : List.of("198.18.0.2", "198.18.0.2:0", "198.18.0.2:65536", "2001:db8::1:5",
                "[198.18.0.2]:5", "[2001:db8::1]", ":5", "host:5", "198.18.0.2:+5")) {
            assertThrows(IllegalArgumentException.class, () -> IpLiteral.parseEndpoint(bad), bad);
        }
    }

    @Test
    void peerConfig() throws Exception {
        final List<IpPrefix> networks = new ArrayList<>(List.of(IpPrefix.parse("203.0.113.2/32")));
        final PeerConfig peer = new PeerConfig(KEY, null, networks, 25);
        networks.clear();
        assertEquals(1, peer.allowedIps().size());
        assertThrows(UnsupportedOperationException.class, () -> peer.allowedIps().clear());
        assertThrows(IllegalArgumentException.class, () -> peer.withPersistentKeepalive(65536));
        assertThrows(IllegalArgumentException.class, () -> peer.withPersistentKeepalive(-1));
        assertThrows(IllegalArgumentException.class,
            () -> peer.withEndpoint(InetSocketAddress.createUnresolved("example.org", 1)));
        assertThrows(IllegalArgumentException.class, () -> peer.withEndpoint(new InetSocketAddress("198.18.0.1", 0)));
        assertThrows(NullPointerException.class, () -> PeerConfig.of(null, null));

        // isSatisfiedBy: sets of masked networks; a null endpoint accepts any
        final InetSocketAddress endpoint = new InetSocketAddress(InetAddress.getByName("198.18.0.2"), 51820);
        final PeerConfig desired = PeerConfig.of(KEY, null, IpPrefix.parseMasked("203.0.113.5/24"),
            IpPrefix.parse("2001:db8::2/128"));
        final PeerConfig actual = PeerConfig.of(KEY, endpoint, IpPrefix.parse("2001:db8::2/128"),
            IpPrefix.parse("203.0.113.0/24"));
        assertTrue(desired.isSatisfiedBy(actual));
        assertTrue(desired.withEndpoint(endpoint).isSatisfiedBy(actual));
        assertFalse(desired.withEndpoint(new InetSocketAddress(endpoint.getAddress(), 1)).isSatisfiedBy(actual));
        assertFalse(desired.withPersistentKeepalive(25).isSatisfiedBy(actual));
        assertFalse(desired.withAllowedIps(List.of()).isSatisfiedBy(actual));
        assertFalse(PeerConfig.of(WireGuardKeyPair.generate().publicKey(), null, IpPrefix.parseMasked("203.0.113.5/24"),
            IpPrefix.parse("2001:db8::2/128")).isSatisfiedBy(actual));
    }

    @Test
    void states() {
        final PeerState state = new PeerState(PeerConfig.of(KEY, null), null, 1, 2);
        assertEquals(KEY, state.publicKey());
        assertNull(state.endpoint());
        assertEquals(List.of(), state.allowedIps());
        assertEquals(0, state.persistentKeepaliveSeconds());
        assertThrows(IllegalArgumentException.class, () -> new PeerState(PeerConfig.of(KEY, null), null, -1, 0));
        final InterfaceState iface = new InterfaceState(null, 0, List.of(state));
        assertEquals(state, iface.peer(KEY).orElseThrow());
        assertTrue(iface.peer(WireGuardKeyPair.generate().publicKey()).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new InterfaceState(null, 65536, List.of()));
    }

    @Test
    void interfaceNames() throws Exception {
        for (String good : List.of("wg0", "wgt12ab-a.1_x=+", "a".repeat(15))) {
            assertEquals(good, InterfaceNames.check(good));
        }
        for (String bad : List.of("", ".", "..", "a".repeat(16), "a/b", "a:b", "a b", "a%d", "-f", "wg\n0",
                "wg" + (char) 0xe9)) {
            final WireGuardException e = assertThrows(WireGuardException.class, () -> InterfaceNames.check(bad), bad);
            assertEquals(WireGuardException.Reason.INVALID_ARGUMENT, e.reason());
        }
        assertThrows(WireGuardException.class, () -> InterfaceNames.check(null));
    }

    @Test
    void backendNames() {
        assertInstanceOf(UapiDriver.class, WireGuardDrivers.of("uapi"));
        assertInstanceOf(WgCommandDriver.class, WireGuardDrivers.of(" Kernel "));
        final WireGuardDriver auto = WireGuardDrivers.of("AUTO");
        assertFalse(auto instanceof UapiDriver || auto instanceof WgCommandDriver);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> WireGuardDrivers.of("boringtun"));
        assertTrue(e.getMessage().contains("uapi, kernel or auto"), e.getMessage());
    }
}
