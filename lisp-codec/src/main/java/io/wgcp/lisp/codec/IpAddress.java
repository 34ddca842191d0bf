/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import io.wgcp.types.IpLiteral;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

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
     * Parses an IPv4 dotted quad or an IPv6 literal with the project's one strict parser ({@link IpLiteral}): no
     * name resolution, and an IPv4-mapped literal stays IPv6.
     *
     * @param text the literal
     * @return the address
     * @throws IllegalArgumentException if the text is not an IP literal
     */
    static IpAddress parse(final String text) {
        return of(IpLiteral.parse(text));
    }
}
