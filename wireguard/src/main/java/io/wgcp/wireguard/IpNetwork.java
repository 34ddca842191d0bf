/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IP network: an address and a prefix length, as WireGuard's allowed-ips are written ({@code 203.0.113.0/24},
 * {@code 2001:db8::/32}). The address is kept as given; {@link #masked()} clears the host bits, as WireGuard does when
 * it stores an allowed IP.
 *
 * @param address the address, IPv4 or IPv6
 * @param prefixLength 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record IpNetwork(InetAddress address, int prefixLength) {
    /**
     * Checks the prefix length against the address family.
     *
     * @throws IllegalArgumentException when the prefix length is out of range
     */
    public IpNetwork {
        final int bits = Objects.requireNonNull(address).getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0.." + bits);
        }
    }

    /**
     * Returns the network of one host: /32 or /128.
     *
     * @param address the address
     * @return the network
     */
    public static IpNetwork of(final InetAddress address) {
        return new IpNetwork(address, address.getAddress().length * 8);
    }

    /**
     * Parses {@code address/prefix} or a bare address (a host network). Only IP literals: no name is resolved.
     *
     * @param text the text
     * @return the network
     * @throws IllegalArgumentException when the text is not a network
     */
    public static IpNetwork parse(final String text) {
        final int slash = text.indexOf('/');
        if (slash < 0) {
            return of(Addresses.parse(text));
        }
        final InetAddress address = Addresses.parse(text.substring(0, slash));
        final int prefix = Addresses.parseDecimal(text.substring(slash + 1), 128);
        if (prefix < 0) {
            throw new IllegalArgumentException("bad prefix length in \"" + text + "\"");
        }
        return new IpNetwork(address, prefix);
    }

    /**
     * Tells whether the address is IPv4.
     *
     * @return true for IPv4, false for IPv6
     */
    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /**
     * Returns this network with the host bits cleared.
     *
     * @return the network, this one when no host bit is set
     */
    public IpNetwork masked() {
        final byte[] bytes = address.getAddress();
        boolean changed = false;
        for (int i = 0; i < bytes.length; i++) {
            final int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
            final byte mask = (byte) (0xFF00 >> keep);
            if ((bytes[i] & mask) != bytes[i]) {
                bytes[i] &= mask;
                changed = true;
            }
        }
        if (!changed) {
            return this;
        }
        try {
            return new IpNetwork(isIpv4() ? InetAddress.getByAddress(bytes)
                : Inet6Address.getByAddress(null, bytes, -1), prefixLength);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot happen: " + bytes.length + " address bytes", e);
        }
    }

    /**
     * Returns {@code address/prefix} with the address in canonical form (RFC 5952 for IPv6).
     *
     * @return the text
     */
    @Override
    public String toString() {
        return Addresses.format(address) + "/" + prefixLength;
    }
}
