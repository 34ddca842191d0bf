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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpLiteralTest {
    /**
     * The project's one decision on IPv4-mapped IPv6 literals: they stay IPv6 (AFI 2 on the wire, an IPv6 allowed IP
     * in WireGuard), where the JDK and Guava would turn them into IPv4 addresses.
     */
    @Test
    void anIpv4MappedLiteralStaysIpv6() {
        final var mapped = IpLiteral.parse("::ffff:192.0.2.1");
        assertInstanceOf(Inet6Address.class, mapped);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 1},
            mapped.getAddress());
        assertEquals("::ffff:c000:201", IpLiteral.format(mapped));
        final var prefix = IpPrefix.parse("::ffff:192.0.2.1");
        assertEquals(AddressFamily.IPV6, prefix.family());
        assertEquals(128, prefix.length());
        assertEquals(mapped, prefix.address());
        assertEquals(IpPrefix.host(mapped), prefix);
        assertEquals(new InetSocketAddress(mapped, 51820), IpLiteral.parseEndpoint("[::ffff:192.0.2.1]:51820"));
        // and it is another address than the IPv4 one
        assertInstanceOf(Inet4Address.class, IpLiteral.parse("192.0.2.1"));
        assertEquals(AddressFamily.IPV4, IpPrefix.parse("192.0.2.1").family());
    }

    @Test
    void formatsAsRfc5952() {
        assertEquals("2001:db8::1", IpLiteral.format(IpLiteral.parse("2001:DB8:0:0:0:0:0:1")));
        assertEquals("2001:db8::1:0:0:1", IpLiteral.format(IpLiteral.parse("2001:db8:0:0:1:0:0:1")));
        assertEquals("::", IpLiteral.format(IpLiteral.parse("::")));
        assertEquals("198.51.100.7", IpLiteral.format(IpLiteral.parse("198.51.100.7")));
    }

    @Test
    void refusesWhatIsNotALiteral() {
        for (String bad : List.of("", "localhost", "example.org", "01.2.3.4", "1.2.3", "1.2.3.4.5", "256.0.0.1",
                "::1%eth0", "[::1]", "1::2::3", "g::1", " 1.2.3.4", "1.2.3.4 ", "::ffff:1.2.3")) {
            final var thrown = assertThrows(IllegalArgumentException.class, () -> IpLiteral.parse(bad), bad);
            assertEquals(true, thrown.getMessage().startsWith("Malformed IP address"), thrown.getMessage());
        }
    }

    @Test
    void endpoints() {
        assertEquals("198.18.0.2:51820", IpLiteral.formatEndpoint(IpLiteral.parseEndpoint("198.18.0.2:51820")));
        assertEquals("[2001:db8::1]:1", IpLiteral.formatEndpoint(IpLiteral.parseEndpoint("[2001:db8::1]:1")));
        for (String bad : List.of("198.18.0.2", "198.18.0.2:0", "198.18.0.2:65536", "2001:db8::1:5", "[198.18.0.2]:5",
                "host:5")) {
            assertThrows(IllegalArgumentException.class, () -> IpLiteral.parseEndpoint(bad), bad);
        }
    }
}
