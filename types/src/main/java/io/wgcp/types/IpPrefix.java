/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.types;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Immutable, canonical IPv4 or IPv6 prefix: an address family, the address bits and a length, with every bit past
 * the length zero. A full-length prefix ({@code /32}, {@code /128}) doubles as the representation of a single
 * address.
 *
 * <p>The address is kept left-aligned in two longs ({@link #high()}, {@link #low()}); an IPv4 address occupies the
 * upper 32 bits of {@link #high()}. Text form is {@code 192.0.2.0/24} or {@code 2001:db8::/32}; IPv6 is written as
 * RFC 5952 recommends.
 *
 * <p>Two kinds of factories exist: the strict ones ({@link #parse(String)}, {@link #ipv4(int, int)},
 * {@link #of(byte[], int)}, ...) reject a prefix with host bits set, because a configuration that says
 * {@code 10.1.2.3/8} is almost always a mistake worth reporting; the {@code ...Masked} ones clear those bits, for
 * callers that derive a prefix from an address on purpose.
 */
public final class IpPrefix implements Comparable<IpPrefix> {
    private final AddressFamily family;
    private final long hi;
    private final long lo;
    private final int length;

    private IpPrefix(final AddressFamily family, final long hi, final long lo, final int length) {
        this.family = family;
        this.hi = hi;
        this.lo = lo;
        this.length = length;
    }

    /**
     * Canonical IPv4 prefix.
     *
     * @param address the address bits, most significant octet first
     * @param length prefix length, 0 to 32
     * @return the prefix
     * @throws IllegalArgumentException if the length is out of range or host bits are set
     */
    public static IpPrefix ipv4(final int address, final int length) {
        checkLength(AddressFamily.IPV4, length);
        final long key = (long) address << 32;
        if ((key & ~maskHi(length)) != 0) {
            throw notCanonical(new IpPrefix(AddressFamily.IPV4, key, 0, 32), length);
        }
        return new IpPrefix(AddressFamily.IPV4, key, 0, length);
    }

    /**
     * IPv4 prefix of {@code address} with the host bits cleared.
     *
     * @param address the address bits
     * @param length prefix length, 0 to 32
     * @return the prefix
     * @throws IllegalArgumentException if the length is out of range
     */
    public static IpPrefix ipv4Masked(final int address, final int length) {
        checkLength(AddressFamily.IPV4, length);
        return new IpPrefix(AddressFamily.IPV4, ((long) address << 32) & maskHi(length), 0, length);
    }

    /**
     * Full-length IPv4 prefix, i.e. a single address.
     *
     * @param address the address bits
     * @return the /32 prefix
     */
    public static IpPrefix ipv4Host(final int address) {
        return new IpPrefix(AddressFamily.IPV4, (long) address << 32, 0, 32);
    }

    /**
     * Canonical IPv6 prefix.
     *
     * @param high the upper 64 address bits
     * @param low the lower 64 address bits
     * @param length prefix length, 0 to 128
     * @return the prefix
     * @throws IllegalArgumentException if the length is out of range or host bits are set
     */
    public static IpPrefix ipv6(final long high, final long low, final int length) {
        checkLength(AddressFamily.IPV6, length);
        if ((high & ~maskHi(length)) != 0 || (low & ~maskLo(length)) != 0) {
            throw notCanonical(new IpPrefix(AddressFamily.IPV6, high, low, 128), length);
        }
        return new IpPrefix(AddressFamily.IPV6, high, low, length);
    }

    /**
     * IPv6 prefix with the host bits cleared.
     *
     * @param high the upper 64 address bits
     * @param low the lower 64 address bits
     * @param length prefix length, 0 to 128
     * @return the prefix
     * @throws IllegalArgumentException if the length is out of range
     */
    public static IpPrefix ipv6Masked(final long high, final long low, final int length) {
        checkLength(AddressFamily.IPV6, length);
        return new IpPrefix(AddressFamily.IPV6, high & maskHi(length), low & maskLo(length), length);
    }

    /**
     * Full-length IPv6 prefix, i.e. a single address.
     *
     * @param high the upper 64 address bits
     * @param low the lower 64 address bits
     * @return the /128 prefix
     */
    public static IpPrefix ipv6Host(final long high, final long low) {
        return new IpPrefix(AddressFamily.IPV6, high, low, 128);
    }

    /**
     * Canonical prefix from raw address bytes (4 for IPv4, 16 for IPv6, network order).
     *
     * @param address the address bytes
     * @param length prefix length
     * @return the prefix
     * @throws IllegalArgumentException if the array has another size, the length is out of range or host bits
     *     are set
     */
    public static IpPrefix of(final byte[] address, final int length) {
        return address.length == 4 ? ipv4(readInt(address, 0), length)
            : ipv6(readLong(checkV6(address), 0), readLong(address, 8), length);
    }

    /**
     * Canonical prefix of an address.
     *
     * @param address the network address
     * @param length prefix length
     * @return the prefix
     * @throws IllegalArgumentException if the length is out of range or host bits are set
     */
    public static IpPrefix of(final InetAddress address, final int length) {
        return of(address.getAddress(), length);
    }

    /**
     * Prefix from raw address bytes with the host bits cleared.
     *
     * @param address the address bytes, 4 or 16
     * @param length prefix length
     * @return the prefix
     * @throws IllegalArgumentException if the array has another size or the length is out of range
     */
    public static IpPrefix ofMasked(final byte[] address, final int length) {
        return address.length == 4 ? ipv4Masked(readInt(address, 0), length)
            : ipv6Masked(readLong(checkV6(address), 0), readLong(address, 8), length);
    }

    /**
     * Full-length prefix of an address given as raw bytes.
     *
     * @param address the address bytes, 4 or 16
     * @return the /32 or /128 prefix
     * @throws IllegalArgumentException if the array has another size
     */
    public static IpPrefix host(final byte[] address) {
        return address.length == 4 ? ipv4Host(readInt(address, 0))
            : ipv6Host(readLong(checkV6(address), 0), readLong(address, 8));
    }

    /**
     * Full-length prefix of an address: a /32 or a /128.
     *
     * @param address the address
     * @return the prefix
     */
    public static IpPrefix host(final InetAddress address) {
        return host(address.getAddress());
    }

    /**
     * The prefix of the given length that contains an address (its host bits cleared).
     *
     * @param address any address inside the prefix
     * @param length prefix length
     * @return the prefix
     * @throws IllegalArgumentException if the length is out of range
     */
    public static IpPrefix covering(final InetAddress address, final int length) {
        return ofMasked(address.getAddress(), length);
    }

    /**
     * Parses {@code address/length}; without {@code /length} the text names a single address.
     *
     * @param text for example {@code 192.0.2.0/24}, {@code 2001:db8::/32} or {@code 198.51.100.7}
     * @return the prefix
     * @throws IllegalArgumentException if the text is malformed or host bits are set
     */
    public static IpPrefix parse(final String text) {
        return parseText(text, false);
    }

    /**
     * Parses {@code address/length} and clears any host bits, so {@code 10.1.2.3/8} gives {@code 10.0.0.0/8}.
     *
     * @param text the prefix text
     * @return the prefix
     * @throws IllegalArgumentException if the text is malformed
     */
    public static IpPrefix parseMasked(final String text) {
        return parseText(text, true);
    }

    private static IpPrefix parseText(final String text, final boolean mask) {
        final int slash = text.indexOf('/');
        final String addr = slash < 0 ? text : text.substring(0, slash);
        final boolean v6 = addr.indexOf(':') >= 0;
        final AddressFamily fam = v6 ? AddressFamily.IPV6 : AddressFamily.IPV4;
        final int len = slash < 0 ? fam.width() : IpLiteral.parseLength(text, slash + 1, fam.width());
        if (v6) {
            final long[] bits = IpLiteral.parseV6(addr, text, "prefix");
            return mask ? ipv6Masked(bits[0], bits[1], len) : ipv6(bits[0], bits[1], len);
        }
        final int bits = IpLiteral.parseV4(addr, 0, addr.length(), text, "prefix");
        return mask ? ipv4Masked(bits, len) : ipv4(bits, len);
    }

    /**
     * Mask of the first {@code length} bits of a left-aligned address, upper word ({@link #high()}).
     *
     * @param length a prefix length, 0 to 128
     * @return the mask
     */
    public static long maskHi(final int length) {
        if (length <= 0) {
            return 0;
        }
        return length >= 64 ? -1L : -1L << 64 - length;
    }

    /**
     * Mask of the first {@code length} bits of a left-aligned address, lower word ({@link #low()}).
     *
     * @param length a prefix length, 0 to 128
     * @return the mask
     */
    public static long maskLo(final int length) {
        if (length <= 64) {
            return 0;
        }
        return length >= 128 ? -1L : -1L << 128 - length;
    }

    private static void checkLength(final AddressFamily fam, final int len) {
        if (len < 0 || len > fam.width()) {
            throw new IllegalArgumentException("Prefix length " + len + " is out of range 0.." + fam.width()
                + " for " + fam);
        }
    }

    private static IllegalArgumentException notCanonical(final IpPrefix address, final int len) {
        final IpPrefix masked = new IpPrefix(address.family, address.hi & maskHi(len),
            address.lo & maskLo(len), len);
        return new IllegalArgumentException(IpLiteral.formatAddress(address) + "/" + len
            + " is not a canonical prefix: bits past the prefix length are set (did you mean " + masked + "?)");
    }

    private static byte[] checkV6(final byte[] address) {
        if (address.length != 16) {
            throw new IllegalArgumentException("An address has 4 or 16 bytes, not " + address.length);
        }
        return address;
    }

    private static int readInt(final byte[] buf, final int off) {
        return (buf[off] & 0xff) << 24 | (buf[off + 1] & 0xff) << 16 | (buf[off + 2] & 0xff) << 8
            | buf[off + 3] & 0xff;
    }

    private static long readLong(final byte[] buf, final int off) {
        return (long) readInt(buf, off) << 32 | readInt(buf, off + 4) & 0xffffffffL;
    }

    /**
     * Address family.
     *
     * @return IPv4 or IPv6
     */
    public AddressFamily family() {
        return family;
    }

    /**
     * Prefix length in bits.
     *
     * @return the length
     */
    public int length() {
        return length;
    }

    /**
     * Upper 64 bits of the left-aligned address (an IPv4 address is in the upper half of this value).
     *
     * @return the bits
     */
    public long high() {
        return hi;
    }

    /**
     * Lower 64 bits of the address; always zero for IPv4.
     *
     * @return the bits
     */
    public long low() {
        return lo;
    }

    /**
     * IPv4 address bits as an int.
     *
     * @return the address
     * @throws IllegalStateException if this is an IPv6 prefix
     */
    public int ipv4Bits() {
        if (family != AddressFamily.IPV4) {
            throw new IllegalStateException(this + " is not an IPv4 prefix");
        }
        return (int) (hi >>> 32);
    }

    /**
     * Tells whether this is an IPv4 prefix.
     *
     * @return true for IPv4
     */
    public boolean isIpv4() {
        return family == AddressFamily.IPV4;
    }

    /**
     * The network address as a JDK address (an {@link java.net.Inet6Address} for IPv6, also when IPv4-mapped).
     *
     * @return the address
     */
    public InetAddress address() {
        try {
            return family == AddressFamily.IPV4 ? InetAddress.getByAddress(addressBytes())
                : Inet6Address.getByAddress(null, addressBytes(), -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes was refused", e);
        }
    }

    /**
     * Whether this prefix is a single address ({@code /32} or {@code /128}).
     *
     * @return true for a full-length prefix
     */
    public boolean isHost() {
        return length == family.width();
    }

    /**
     * Address bytes in network order, a fresh array of 4 or 16 bytes.
     *
     * @return the bytes
     */
    public byte[] addressBytes() {
        final byte[] out = new byte[family == AddressFamily.IPV4 ? 4 : 16];
        for (int i = 0; i < out.length; i++) {
            final long word = i < 8 ? hi : lo;
            out[i] = (byte) (word >>> 56 - 8 * (i & 7));
        }
        return out;
    }

    /**
     * Whether {@code other} lies entirely inside this prefix (a prefix contains itself). Prefixes of different
     * families never contain one another.
     *
     * @param other the prefix to test
     * @return true if every address of {@code other} is in this prefix
     */
    public boolean contains(final IpPrefix other) {
        return family == other.family && other.length >= length
            && ((other.hi ^ hi) & maskHi(length)) == 0 && ((other.lo ^ lo) & maskLo(length)) == 0;
    }

    /**
     * Tells whether an address lies inside this prefix (an address of the other family never does).
     *
     * @param address the address
     * @return true when inside
     */
    public boolean contains(final InetAddress address) {
        final byte[] bytes = address.getAddress();
        return (bytes.length == 4) == (family == AddressFamily.IPV4) && containsAddress(bytes);
    }

    /**
     * Whether the IPv4 address lies in this prefix; false for an IPv6 prefix.
     *
     * @param address the address bits
     * @return true if contained
     */
    public boolean containsAddress(final int address) {
        return family == AddressFamily.IPV4 && (((long) address << 32 ^ hi) & maskHi(length)) == 0;
    }

    /**
     * Whether the IPv6 address lies in this prefix; false for an IPv4 prefix.
     *
     * @param high upper 64 address bits
     * @param low lower 64 address bits
     * @return true if contained
     */
    public boolean containsAddress(final long high, final long low) {
        return family == AddressFamily.IPV6
            && ((high ^ hi) & maskHi(length)) == 0 && ((low ^ lo) & maskLo(length)) == 0;
    }

    /**
     * Whether the address given as 4 or 16 raw bytes lies in this prefix.
     *
     * @param address the address bytes
     * @return true if contained
     * @throws IllegalArgumentException if the array has another size
     */
    public boolean containsAddress(final byte[] address) {
        return contains(host(address));
    }

    @Override
    public int compareTo(final IpPrefix other) {
        int cmp = family.compareTo(other.family);
        if (cmp == 0) {
            cmp = Long.compareUnsigned(hi, other.hi);
            if (cmp == 0) {
                cmp = Long.compareUnsigned(lo, other.lo);
                if (cmp == 0) {
                    cmp = Integer.compare(length, other.length);
                }
            }
        }
        return cmp;
    }

    @Override
    public int hashCode() {
        int result = Long.hashCode(hi);
        result = 31 * result + Long.hashCode(lo);
        result = 31 * result + length;
        return 31 * result + family.ordinal();
    }

    @Override
    public boolean equals(final Object obj) {
        return this == obj || obj instanceof IpPrefix other && hi == other.hi && lo == other.lo
            && length == other.length && family == other.family;
    }

    @Override
    public String toString() {
        return IpLiteral.formatAddress(this) + "/" + length;
    }

    /**
     * Address part of the text form, without the length.
     *
     * @return for example {@code 192.0.2.0} or {@code 2001:db8::}
     */
    public String addressString() {
        return IpLiteral.formatAddress(this);
    }
}
