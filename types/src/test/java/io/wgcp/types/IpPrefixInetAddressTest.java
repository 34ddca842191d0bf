/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpPrefixInetAddressTest {
    @Test
    void parsesPrefixesAndHosts() {
        final IpPrefix v4 = IpPrefix.parse("203.0.113.0/24");
        assertTrue(v4.isIpv4());
        assertEquals(24, v4.length());
        assertEquals("203.0.113.0/24", v4.toString());
        assertEquals("203.0.113.9/32", IpPrefix.parse("203.0.113.9").toString());
        final IpPrefix v6 = IpPrefix.parse("2001:db8::/32");
        assertFalse(v6.isIpv4());
        assertEquals(32, v6.length());
        assertEquals(128, IpPrefix.parse("2001:db8::2").length());
        assertEquals(IpPrefix.parse("0.0.0.0/0"), IpPrefix.of(IpPrefix.parse("0.0.0.0").address(), 0));
    }

    @Test
    void refusesHostBitsAndBadLengths() {
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("203.0.113.1/24"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("2001:db8::1/64"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("203.0.113.0/33"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("2001:db8::/129"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("203.0.113.0/-1"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("203.0.113.0/x"));
    }

    @Test
    void acceptsOnlyLiteralsSoNothingIsLookedUp() {
        // Each of these would reach a DNS lookup through InetAddress.getByName().
        for (String text : new String[] {"", "dead", "cafe/16", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1",
            "1.2.3.04x", "1..2.3", "example.org/24"}) {
            assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse(text), text);
        }
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("2001:db8::g"));
    }

    @Test
    void containmentAndCovering() {
        assertTrue(IpPrefix.parse("203.0.113.0/24").contains(IpPrefix.parse("203.0.113.7").address()));
        assertFalse(IpPrefix.parse("203.0.113.0/25").contains(IpPrefix.parse("203.0.113.200").address()));
        assertFalse(IpPrefix.parse("2001:db8::/32").contains(IpPrefix.parse("203.0.113.7").address()));
        assertTrue(IpPrefix.parse("2001:db8::/32").contains(IpPrefix.parse("2001:db8:1::7").address()));
        assertTrue(IpPrefix.parse("0.0.0.0/0").contains(IpPrefix.parse("198.51.100.1").address()));
        assertEquals(IpPrefix.parse("203.0.113.0/25"),
            IpPrefix.covering(IpLiteral.parse("203.0.113.77"), 25));
        assertEquals(IpPrefix.parse("2001:db8:80::/41"),
            IpPrefix.covering(IpLiteral.parse("2001:db8:ff::1"), 41));
        assertThrows(IllegalArgumentException.class,
            () -> IpPrefix.covering(IpLiteral.parse("203.0.113.77"), 33));
    }
}
