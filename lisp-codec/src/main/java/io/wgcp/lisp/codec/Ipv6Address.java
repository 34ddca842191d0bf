/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv6 address (AFI 2), held as two {@code long}s so that decoding allocates nothing but this object.
 *
 * @param high the first 64 bits, network order
 * @param low the last 64 bits, network order
 */
public record Ipv6Address(long high, long low) implements IpAddress {
    /**
     * Creates an address from its sixteen bytes.
     *
     * @param bytes exactly sixteen bytes, network order
     * @return the address
     */
    public static Ipv6Address of(final byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("IPv6 address needs 16 bytes, got " + bytes.length);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = hi << 8 | bytes[i] & 0xFF;
            lo = lo << 8 | bytes[i + 8] & 0xFF;
        }
        return new Ipv6Address(hi, lo);
    }

    /**
     * Parses an IPv6 literal such as {@code 2001:db8::1}.
     *
     * @param text the literal
     * @return the address
     * @throws IllegalArgumentException if the text is not an IPv6 literal
     */
    public static Ipv6Address parse(final String text) {
        if (text.indexOf(':') < 0) {
            throw new IllegalArgumentException("not an IPv6 literal: " + text);
        }
        return (Ipv6Address) IpAddress.parse(text);
    }

    @Override
    public int afi() {
        return Afi.IPV6;
    }

    @Override
    public int bitLength() {
        return 128;
    }

    /**
     * Returns the sixteen bytes of the address.
     *
     * @return a new array, network order
     */
    public byte[] toBytes() {
        final byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (high >>> 56 - 8 * i);
            out[i + 8] = (byte) (low >>> 56 - 8 * i);
        }
        return out;
    }

    @Override
    public InetAddress toInetAddress() {
        try {
            // Inet6Address.getByAddress keeps an IPv4-mapped address IPv6, where InetAddress.getByAddress would not
            return Inet6Address.getByAddress(null, toBytes(), -1);
        } catch (UnknownHostException e) {
            // getByAddress only fails on a wrong array length, and ours is always 16
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return toInetAddress().getHostAddress();
    }
}
