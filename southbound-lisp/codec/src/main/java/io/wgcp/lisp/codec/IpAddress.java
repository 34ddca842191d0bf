/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A plain IPv4 or IPv6 address (AFI 1 or 2).
 */
public sealed interface IpAddress extends LispAddress permits Ipv4Address, Ipv6Address {
    /**
     * Returns the number of bits of the address.
     *
     * @return 32 or 128
     */
    int bitLength();

    /**
     * Converts to a JDK address.
     *
     * @return the same address as an {@link InetAddress}
     */
    InetAddress toInetAddress();

    /**
     * Converts a JDK address.
     *
     * @param address an IPv4 or IPv6 address
     * @return the same address
     */
    static IpAddress of(final InetAddress address) {
        if (address instanceof Inet4Address) {
            return Ipv4Address.of(address.getAddress());
        }
        if (address instanceof Inet6Address) {
            return Ipv6Address.of(address.getAddress());
        }
        throw new IllegalArgumentException("not an IP address: " + address);
    }

    /**
     * Parses an IPv4 dotted quad or an IPv6 literal. No name resolution is ever attempted.
     *
     * @param text the literal
     * @return the address
     * @throws IllegalArgumentException if the text is not an IP literal
     */
    static IpAddress parse(final String text) {
        if (text.indexOf(':') < 0) {
            return Ipv4Address.parse(text);
        }
        // Only hex digits, colons and dots (for an embedded IPv4 tail), starting with a hex digit or a colon: the JDK
        // then treats the text as an IPv6 literal and never goes to a resolver.
        final char first = text.charAt(0);
        if (first != ':' && Character.digit(first, 16) < 0) {
            throw new IllegalArgumentException("not an IPv6 literal: " + text);
        }
        for (int i = 0; i < text.length(); i++) {
            final char ch = text.charAt(i);
            if (ch != ':' && ch != '.' && Character.digit(ch, 16) < 0) {
                throw new IllegalArgumentException("not an IPv6 literal: " + text);
            }
        }
        try {
            final byte[] bytes = InetAddress.getByName(text).getAddress();
            // The JDK turns an IPv4-mapped literal (::ffff:a.b.c.d) into an IPv4 address; keep it IPv6 as written.
            if (bytes.length == 4) {
                return new Ipv6Address(0, 0xFFFF_0000_0000L | Ipv4Address.of(bytes).bits() & 0xFFFF_FFFFL);
            }
            return Ipv6Address.of(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 literal: " + text, e);
        }
    }
}
