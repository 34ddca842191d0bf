/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireGuardLocatorTest {
    private static final ImmutableBytes KEY = GoldenVectorTest.WG_KEY;

    @Test
    void locatorRoundTripsThroughItsLcafs() {
        for (IpAddress endpoint : List.of(Ipv4Address.parse("203.0.113.5"), Ipv6Address.parse("2001:db8::5"))) {
            for (IpAddress privateAddress : new IpAddress[] { null, Ipv4Address.parse("192.168.1.10"),
                    Ipv6Address.parse("fd00::10") }) {
                final WireGuardLocator wg = new WireGuardLocator(KEY, endpoint, 51820, privateAddress, 3, 40);
                final Locator locator = wg.toLocator();
                assertEquals(3, locator.priority());
                assertEquals(40, locator.weight());
                assertTrue(locator.reachable());
                assertEquals(wg, WireGuardLocator.fromLocator(locator).orElseThrow());
            }
        }
    }

    @Test
    void wireFormMatchesTheProfile() {
        final ByteBuf out = Unpooled.buffer();
        LispMessageEncoder.writeAddress(new WireGuardLocator(KEY, Ipv4Address.parse("203.0.113.5"), 51820, null, 1,
            1).toAddress(), out);
        assertEquals(Hex.of(Hex.bytes("""
            40 03 00 00 0b 00 00 3c     # LCAF 11, length 60
            01 00 06 00 00 20           # key count 1, algorithm 6, R=0, key length 32
            0102030405060708090a0b0c0d0e0f10 1112131415161718191a1b1c1d1e1f20
            40 03 00 00 07 00 00 0e     # LCAF 7, length 14
            00 00 ca 6c                 # MS port 0, ETR port 51820
            00 01 cb 00 71 05           # global ETR RLOC
            00 00 00 00                 # MS RLOC AFI 0, private ETR RLOC AFI 0
            """)), Hex.of(out));
        assertEquals(out.readableBytes(), LispMessageEncoder.addressLength(new WireGuardLocator(KEY,
            Ipv4Address.parse("203.0.113.5"), 51820, null, 1, 1).toAddress()));
    }

    @Test
    void fromJdkTypes() throws UnknownHostException {
        final byte[] key = KEY.toByteArray();
        final WireGuardLocator wg = WireGuardLocator.of(key, new InetSocketAddress(InetAddress.getByName(
            "2001:db8::7"), 443), InetAddress.getByName("10.0.0.7"), 0, 255);
        key[0] = 99;
        assertEquals(KEY, wg.publicKey());
        assertEquals(Ipv6Address.parse("2001:db8::7"), wg.endpoint());
        assertEquals(443, wg.port());
        assertEquals(Ipv4Address.parse("10.0.0.7"), wg.privateAddress());
        assertEquals(KEY, wg.publicKey());
        assertEquals(new InetSocketAddress("2001:db8::7", 443), wg.endpointSocketAddress());
    }

    @Test
    void locatorsOutsideTheProfileAreNotWireGuardLocators() {
        final NatTraversalAddress nat = new NatTraversalAddress(0, 51820, Ipv4Address.parse("203.0.113.5"),
            NoAddress.INSTANCE, NoAddress.INSTANCE, List.of());
        final List<LispAddress> foreign = List.of(
            Ipv4Address.parse("203.0.113.5"),
            new SecurityKeyAddress(5, false, List.of(KEY), nat),
            new SecurityKeyAddress(6, true, List.of(KEY), nat),
            new SecurityKeyAddress(6, false, List.of(KEY, KEY), nat),
            new SecurityKeyAddress(6, false, List.of(), nat),
            new SecurityKeyAddress(6, false, List.of(ImmutableBytes.zeros(31)), nat),
            new SecurityKeyAddress(6, false, List.of(KEY), Ipv4Address.parse("203.0.113.5")),
            new SecurityKeyAddress(6, false, List.of(KEY), new NatTraversalAddress(0, 51820, NoAddress.INSTANCE,
                NoAddress.INSTANCE, NoAddress.INSTANCE, List.of())),
            new SecurityKeyAddress(6, false, List.of(KEY), new NatTraversalAddress(0, 0,
                Ipv4Address.parse("203.0.113.5"), NoAddress.INSTANCE, NoAddress.INSTANCE, List.of())),
            new SecurityKeyAddress(6, false, List.of(KEY), new NatTraversalAddress(0, 51820,
                Ipv4Address.parse("203.0.113.5"), NoAddress.INSTANCE, AfiListAddress.of(), List.of())));
        for (LispAddress address : foreign) {
            assertTrue(WireGuardLocator.fromLocator(Locator.of(1, 1, address)).isEmpty(), address::toString);
        }
        // lenient on what the profile ignores: MS port, MS RLOC and RTRs
        assertTrue(WireGuardLocator.fromLocator(Locator.of(1, 1, new SecurityKeyAddress(6, false, List.of(KEY),
            new NatTraversalAddress(4342, 51820, Ipv4Address.parse("203.0.113.5"), Ipv4Address.parse("192.0.2.1"),
                NoAddress.INSTANCE, List.of(Ipv4Address.parse("198.51.100.1")))))).isPresent());
    }

    @Test
    void invalidLocatorsAreRefused() {
        final IpAddress endpoint = Ipv4Address.parse("203.0.113.5");
        assertThrows(IllegalArgumentException.class, () -> new WireGuardLocator(ImmutableBytes.zeros(31), endpoint,
            1, null, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new WireGuardLocator(KEY, endpoint, 0, null, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new WireGuardLocator(KEY, endpoint, 65536, null, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new WireGuardLocator(KEY, endpoint, 1, null, 256, 1));
    }
}
