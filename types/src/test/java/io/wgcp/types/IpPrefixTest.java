/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpPrefixTest {
    @Test
    void parsesAndFormatsIpv4() {
        final IpPrefix prefix = IpPrefix.parse("192.0.2.0/24");
        assertEquals(AddressFamily.IPV4, prefix.family());
        assertEquals(24, prefix.length());
        assertEquals(0xC0000200, prefix.ipv4Bits());
        assertEquals("192.0.2.0/24", prefix.toString());
        assertEquals("0.0.0.0/0", IpPrefix.parse("0.0.0.0/0").toString());
        assertEquals("255.255.255.255/32", IpPrefix.parse("255.255.255.255").toString());
        assertTrue(IpPrefix.parse("198.51.100.7").isHost());
    }

    @Test
    void parsesAndFormatsIpv6AsRfc5952() {
        assertEquals("2001:db8::/32", IpPrefix.parse("2001:DB8:0:0:0:0:0:0/32").toString());
        assertEquals("::/0", IpPrefix.parse("::/0").toString());
        assertEquals("::1/128", IpPrefix.parse("0:0:0:0:0:0:0:1").toString());
        assertEquals("2001:db8::1:0:0:1/128", IpPrefix.parse("2001:db8:0:0:1:0:0:1").toString());
        assertEquals("2001:0:0:1::/64", IpPrefix.parse("2001:0:0:1:0:0:0:0/64").toString());
        assertEquals("2001:db8:0:1:1:1:1:1/128", IpPrefix.parse("2001:db8:0:1:1:1:1:1").toString());
        assertEquals("1::/16", IpPrefix.parse("1::/16").toString());
        assertEquals("::ffff:c000:201/128", IpPrefix.parse("::ffff:192.0.2.1").toString());
        final IpPrefix full = IpPrefix.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        assertEquals(-1L, full.high());
        assertEquals(-1L, full.low());
    }

    @Test
    void rejectsNonCanonicalWithClearMessage() {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> IpPrefix.parse("10.1.2.3/8"));
        assertTrue(ex.getMessage().contains("not a canonical prefix"), ex.getMessage());
        assertTrue(ex.getMessage().contains("10.0.0.0/8"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("2001:db8::1/64"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.ipv4(0x0A000001, 31));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.ipv6(0, 1, 127));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.of(new byte[] {10, 0, 0, 1}, 24));
    }

    @Test
    void masksOnRequest() {
        assertEquals(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parseMasked("10.1.2.3/8"));
        assertEquals(IpPrefix.parse("2001:db8::/32"), IpPrefix.parseMasked("2001:db8:ffff::1/32"));
        assertEquals(IpPrefix.parse("10.0.0.0/24"), IpPrefix.ofMasked(new byte[] {10, 0, 0, 9}, 24));
        assertEquals(IpPrefix.parse("0.0.0.0/0"), IpPrefix.ipv4Masked(-1, 0));
        assertEquals(IpPrefix.parse("::/0"), IpPrefix.ipv6Masked(-1, -1, 0));
        assertEquals(IpPrefix.parse("ffff:ffff:ffff:ffff:8000::/65"), IpPrefix.ipv6Masked(-1, -1, 65));
    }

    @Test
    void rejectsMalformedText() {
        for (final String bad : new String[] {"", "/", "10.0.0/8", "10.0.0.0.0/8", "256.0.0.0/8", "10.0.0.0/33",
            "10.0.0.0/-1", "10.0.0.0/08", "010.0.0.0/8", "1.2.3.4/", "1.2.3.4/x", "a.b.c.d", ":::", "1:::2",
            "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "::/129", "12345::", "1:", ":1", "g::", "fe80::1%eth0",
            "::1.2.3", "1.2.3.4::", "1:2:3:4:5:6:7:8::"}) {
            assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse(bad), bad);
        }
    }

    @Test
    void containment() {
        final IpPrefix net = IpPrefix.parse("10.1.0.0/16");
        assertTrue(net.contains(net));
        assertTrue(net.contains(IpPrefix.parse("10.1.2.0/24")));
        assertFalse(net.contains(IpPrefix.parse("10.0.0.0/8")));
        assertFalse(net.contains(IpPrefix.parse("10.2.0.0/24")));
        assertFalse(net.contains(IpPrefix.parse("::/0")));
        assertTrue(IpPrefix.parse("0.0.0.0/0").contains(IpPrefix.parse("255.255.255.255/32")));
        assertTrue(net.containsAddress(0x0A01FFFF));
        assertFalse(net.containsAddress(0x0A02FFFF));
        assertTrue(net.containsAddress(new byte[] {10, 1, 7, 7}));
        assertFalse(net.containsAddress(0, 0));
        final IpPrefix v6 = IpPrefix.parse("2001:db8::/64");
        assertTrue(v6.containsAddress(0x20010db800000000L, 12345));
        assertFalse(v6.containsAddress(0x20010db800000001L, 0));
        assertFalse(v6.containsAddress(0x0A000001));
        final IpPrefix deep = IpPrefix.parse("2001:db8::8000:0:0:0/65");
        assertTrue(deep.containsAddress(0x20010db800000000L, 0x8000000000000001L));
        assertFalse(deep.containsAddress(0x20010db800000000L, 0x7fffffffffffffffL));
    }

    @Test
    void equalityOrderAndBytes() {
        assertEquals(IpPrefix.parse("10.0.0.0/8"), IpPrefix.ipv4(0x0A000000, 8));
        assertEquals(IpPrefix.parse("10.0.0.0/8").hashCode(), IpPrefix.ipv4(0x0A000000, 8).hashCode());
        assertNotEquals(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("10.0.0.0/9"));
        assertNotEquals(IpPrefix.parse("0.0.0.0/0"), IpPrefix.parse("::/0"));
        assertTrue(IpPrefix.parse("10.0.0.0/8").compareTo(IpPrefix.parse("10.0.0.0/9")) < 0);
        assertTrue(IpPrefix.parse("10.0.0.0/9").compareTo(IpPrefix.parse("11.0.0.0/8")) < 0);
        assertTrue(IpPrefix.parse("255.0.0.0/8").compareTo(IpPrefix.parse("::/0")) < 0);
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 0}, IpPrefix.parse("192.0.2.0/24").addressBytes());
        final byte[] v6 = IpPrefix.parse("2001:db8::ff").addressBytes();
        assertEquals(16, v6.length);
        assertEquals(0x20, v6[0]);
        assertEquals((byte) 0xff, v6[15]);
        assertEquals(IpPrefix.parse("2001:db8::ff"), IpPrefix.host(v6));
        assertEquals("2001:db8::ff", IpPrefix.parse("2001:db8::ff").addressString());
    }
}
