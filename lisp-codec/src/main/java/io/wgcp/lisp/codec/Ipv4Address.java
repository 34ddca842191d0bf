/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import io.wgcp.types.IpLiteral;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 address (AFI 1), held as one {@code int} so that decoding allocates nothing but this object and lookups
 * can work on the bits directly.
 *
 * @param bits the address in network order, most significant byte first
 */
public record Ipv4Address(int bits) implements IpAddress {
    /**
     * Creates an address from its four bytes.
     *
     * @param bytes exactly four bytes, network order
     * @return the address
     */
    public static Ipv4Address of(final byte[] bytes) {
        if (bytes.length != 4) {
            throw new IllegalArgumentException("IPv4 address needs 4 bytes, got " + bytes.length);
        }
        return new Ipv4Address((bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8
            | bytes[3] & 0xFF);
    }

    /**
     * Parses a dotted quad such as {@code 192.0.2.1}.
     *
     * @param text the literal
     * @return the address
     * @throws IllegalArgumentException if the text is not a dotted quad
     */
    public static Ipv4Address parse(final String text) {
        if (text.indexOf(':') >= 0) {
            throw new IllegalArgumentException("not an IPv4 literal: " + text);
        }
        return of(IpLiteral.parse(text).getAddress());
    }

    @Override
    public int afi() {
        return Afi.IPV4;
    }

    @Override
    public int bitLength() {
        return 32;
    }

    /**
     * Returns the four bytes of the address.
     *
     * @return a new array, network order
     */
    public byte[] toBytes() {
        return new byte[] { (byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits };
    }

    @Override
    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(toBytes());
        } catch (UnknownHostException e) {
            // getByAddress only fails on a wrong array length, and ours is always 4
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + (bits >>> 16 & 0xFF) + "." + (bits >>> 8 & 0xFF) + "." + (bits & 0xFF);
    }
}
