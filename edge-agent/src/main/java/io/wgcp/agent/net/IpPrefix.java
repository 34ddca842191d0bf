/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix such as {@code 203.0.113.0/24} or {@code 2001:db8::/32}, with no host bits set.
 *
 * @param address the first address of the prefix
 * @param length the prefix length, 0-32 for IPv4, 0-128 for IPv6
 */
public record IpPrefix(InetAddress address, int length) {
    /**
     * Validates.
     *
     * @param address the first address of the prefix
     * @param length the prefix length
     * @throws IllegalArgumentException if the length is out of range or host bits are set
     */
    public IpPrefix {
        final int bits = address.getAddress().length * 8;
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("prefix length " + length + " not in 0.." + bits);
        }
        final byte[] bytes = address.getAddress();
        for (int bit = length; bit < bits; bit++) {
            if ((bytes[bit / 8] & 0x80 >>> bit % 8) != 0) {
                throw new IllegalArgumentException("host bits set in " + address.getHostAddress() + "/" + length);
            }
        }
    }

    /**
     * The prefix of one host ({@code /32} or {@code /128}).
     *
     * @param host the address
     * @return the prefix
     */
    public static IpPrefix host(final InetAddress host) {
        return new IpPrefix(host, host.getAddress().length * 8);
    }

    /**
     * The prefix of a length that holds an address: the address with its host bits cleared.
     *
     * @param address any address of the prefix
     * @param length the prefix length
     * @return the prefix
     * @throws IllegalArgumentException if the length is out of range
     */
    public static IpPrefix covering(final InetAddress address, final int length) {
        return new IpPrefix(masked(address, length), length);
    }

    /**
     * Whether an address lies inside this prefix.
     *
     * @param candidate the address
     * @return true if it is of this prefix's family and its first {@code length} bits are the prefix's
     */
    public boolean contains(final InetAddress candidate) {
        final byte[] network = address.getAddress();
        final byte[] bytes = candidate.getAddress();
        return network.length == bytes.length && Arrays.equals(masked(candidate, length).getAddress(), network);
    }

    private static InetAddress masked(final InetAddress address, final int length) {
        final byte[] bytes = address.getAddress();
        if (length < 0 || length > bytes.length * 8) {
            throw new IllegalArgumentException("prefix length " + length + " not in 0.." + bytes.length * 8);
        }
        for (int i = 0; i < bytes.length; i++) {
            final int keep = Math.max(0, Math.min(8, length - i * 8));
            bytes[i] = (byte) (bytes[i] & 0xFF << 8 - keep);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses {@code address/length}, or a bare address for a host prefix. Only literals are accepted: nothing is
     * ever looked up in DNS.
     *
     * @param text the prefix
     * @return the prefix
     * @throws IllegalArgumentException if the text is not a prefix literal
     */
    public static IpPrefix parse(final String text) {
        final int slash = text.indexOf('/');
        final String addressText = slash < 0 ? text : text.substring(0, slash);
        final InetAddress address = addressText.indexOf(':') >= 0 ? parseIpv6(addressText) : parseIpv4(addressText);
        if (slash < 0) {
            return host(address);
        }
        try {
            return new IpPrefix(address, Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in " + text, e);
        }
    }

    private static InetAddress parseIpv6(final String text) {
        try {
            // With a colon in it, getByName() parses an IPv6 literal or fails; it never looks the text up in DNS.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address literal: " + text, e);
        }
    }

    private static InetAddress parseIpv4(final String text) {
        // Parsed here: getByName() would take some malformed dotted strings for host names and look them up.
        final String[] parts = text.split("\\.", -1);
        final byte[] bytes = new byte[4];
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address literal: " + text);
        }
        for (int i = 0; i < 4; i++) {
            final String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                    || Integer.parseInt(part) > 255) {
                throw new IllegalArgumentException("not an IPv4 address literal: " + text);
            }
            bytes[i] = (byte) Integer.parseInt(part);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether this is an IPv4 prefix.
     *
     * @return true for IPv4
     */
    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + length;
    }
}
