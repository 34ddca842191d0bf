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
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The one strict parser and formatter of IP literals, prefixes' address parts and endpoints in wgcp. Written by hand
 * rather than through {@code InetAddress.getByName} or Guava's {@code InetAddresses} because those resolve host names
 * or accept forms that are ambiguous in configuration (octal or shortened IPv4, zones), allocate, and turn an
 * IPv4-mapped IPv6 literal into an IPv4 address. Here {@code ::ffff:192.0.2.1} stays IPv6 (an
 * {@link Inet6Address}): on the wire it is AFI 2, and WireGuard treats it as an IPv6 allowed IP.
 *
 * <p>Accepted: dotted quads without leading zeros, RFC 4291 IPv6 text (one {@code ::}, an embedded dotted quad
 * last); formatted: dotted quad, RFC 5952 IPv6 (lower case, longest run of zero groups compressed).
 */
public final class IpLiteral {
    private IpLiteral() {
        // utility class
    }

    /**
     * Parses an IP literal; never looks anything up.
     *
     * @param text for example {@code 192.0.2.1} or {@code 2001:db8::1}
     * @return an {@link java.net.Inet4Address} for a dotted quad, an {@link Inet6Address} for IPv6 text (also an
     *     IPv4-mapped one)
     * @throws IllegalArgumentException when the text is not an IP literal
     */
    public static InetAddress parse(final String text) {
        try {
            if (text.indexOf(':') >= 0) {
                final long[] bits = parseV6(text, text, "address");
                return Inet6Address.getByAddress(null, toBytes(bits[0], bits[1]), -1);
            }
            final int v4 = parseV4(text, 0, text.length(), text, "address");
            return InetAddress.getByAddress(new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8),
                (byte) v4});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes was refused", e);
        }
    }

    /**
     * Formats an address: dotted quad, or RFC 5952 IPv6 text.
     *
     * @param address the address
     * @return the text
     */
    public static String format(final InetAddress address) {
        final byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
        }
        return formatV6(readLong(bytes, 0), readLong(bytes, 8));
    }

    /**
     * Parses an endpoint as WireGuard writes it: {@code a.b.c.d:port} or {@code [v6]:port}. A zone ({@code %eth0}) on
     * an IPv6 address is dropped, as the UAPI socket reports link-local endpoints with one.
     *
     * @param text the endpoint
     * @return the endpoint
     * @throws IllegalArgumentException when the text is not an endpoint
     */
    public static InetSocketAddress parseEndpoint(final String text) {
        final int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not an endpoint (address:port): \"" + text + "\"");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            final int zone = host.indexOf('%');
            if (zone >= 0) {
                host = host.substring(0, zone);
            }
            if (host.indexOf(':') < 0) {
                throw new IllegalArgumentException("not an endpoint (address:port): \"" + text + "\"");
            }
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("IPv6 endpoint without brackets: \"" + text + "\"");
        }
        final int port = parseDecimal(text.substring(colon + 1), 65535);
        if (port < 1) {
            throw new IllegalArgumentException("bad port in endpoint \"" + text + "\"");
        }
        return new InetSocketAddress(parse(host), port);
    }

    /**
     * Formats an endpoint the way WireGuard writes it: {@code 198.18.0.1:51820} or {@code [2001:db8::1]:51820}.
     *
     * @param endpoint the endpoint, resolved
     * @return the text
     */
    public static String formatEndpoint(final InetSocketAddress endpoint) {
        final InetAddress address = endpoint.getAddress();
        return address instanceof Inet6Address ? "[" + format(address) + "]:" + endpoint.getPort()
            : format(address) + ":" + endpoint.getPort();
    }

    /**
     * Parses a short unsigned decimal number: no sign, no leading zero (but a lone 0), at most 10 digits.
     *
     * @param text the digits
     * @param max the largest accepted value
     * @return the value, or -1 when the text is not such a number or exceeds {@code max}
     */
    public static int parseDecimal(final String text, final int max) {
        if (text.isEmpty() || text.length() > 10 || text.length() > 1 && text.charAt(0) == '0') {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            final char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            value = value * 10 + ch - '0';
        }
        return value > max ? -1 : (int) value;
    }

    static byte[] toBytes(final long high, final long low) {
        final byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (high >>> 56 - 8 * i);
            out[i + 8] = (byte) (low >>> 56 - 8 * i);
        }
        return out;
    }

    static long readLong(final byte[] buf, final int off) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | buf[off + i] & 0xFF;
        }
        return value;
    }

    static int parseLength(final String text, final int from, final int width) {
        final String what = "prefix";
        final int end = text.length();
        if (from >= end || end - from > 3) {
            throw malformed(text, what, "bad prefix length");
        }
        int value = 0;
        for (int i = from; i < end; i++) {
            final char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                throw malformed(text, what, "bad prefix length");
            }
            value = value * 10 + ch - '0';
        }
        if (end - from > 1 && text.charAt(from) == '0') {
            throw malformed(text, what, "leading zero in prefix length");
        }
        if (value > width) {
            throw malformed(text, what, "prefix length " + value + " exceeds " + width);
        }
        return value;
    }

    /** Parses dotted-quad {@code text[from, to)}; {@code whole} is the full input, for messages. */
    static int parseV4(final String text, final int from, final int to, final String whole, final String what) {
        int result = 0;
        int octets = 0;
        int pos = from;
        while (true) {
            int value = 0;
            final int start = pos;
            while (pos < to && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                value = value * 10 + text.charAt(pos) - '0';
                pos++;
                if (pos - start > 3) {
                    throw malformed(whole, what, "IPv4 octet too long");
                }
            }
            if (pos == start) {
                throw malformed(whole, what, "IPv4 octet expected");
            }
            if (value > 255) {
                throw malformed(whole, what, "IPv4 octet " + value + " exceeds 255");
            }
            // A leading zero is rejected: some parsers read 010 as octal, so the text would be ambiguous.
            if (pos - start > 1 && text.charAt(start) == '0') {
                throw malformed(whole, what, "leading zero in IPv4 octet");
            }
            result = result << 8 | value;
            octets++;
            if (octets == 4) {
                break;
            }
            if (pos >= to || text.charAt(pos) != '.') {
                throw malformed(whole, what, "IPv4 address needs four octets");
            }
            pos++;
        }
        if (pos != to) {
            throw malformed(whole, what, "unexpected text after IPv4 address");
        }
        return result;
    }

    /** Parses an IPv6 address (RFC 4291 section 2.2, including {@code ::} and a trailing dotted quad). */
    static long[] parseV6(final String text, final String whole, final String what) {
        final int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int pos = 0;
        final int end = text.length();
        if (text.startsWith("::")) {
            gap = 0;
            pos = 2;
        } else if (text.startsWith(":")) {
            throw malformed(whole, what, "IPv6 address starts with a single colon");
        }
        while (pos < end) {
            if (count == 8) {
                throw malformed(whole, what, "too many IPv6 groups");
            }
            int groupEnd = pos;
            while (groupEnd < end && text.charAt(groupEnd) != ':') {
                groupEnd++;
            }
            if (text.indexOf('.', pos) >= 0 && text.indexOf('.', pos) < groupEnd) {
                // Embedded IPv4 (for example ::ffff:192.0.2.1): must be last and takes two groups.
                if (groupEnd != end || count > 6) {
                    throw malformed(whole, what, "misplaced IPv4 part in IPv6 address");
                }
                final int v4 = parseV4(text, pos, end, whole, what);
                groups[count++] = v4 >>> 16;
                groups[count++] = v4 & 0xffff;
                break;
            }
            if (groupEnd == pos || groupEnd - pos > 4) {
                throw malformed(whole, what, "IPv6 group must have 1 to 4 hex digits");
            }
            int value = 0;
            for (int i = pos; i < groupEnd; i++) {
                final int digit = hexDigit(text.charAt(i));
                if (digit < 0) {
                    throw malformed(whole, what, "bad hex digit in IPv6 address");
                }
                value = value << 4 | digit;
            }
            groups[count++] = value;
            pos = groupEnd;
            if (pos < end) {
                // Skip the colon; a second one right after marks the gap.
                pos++;
                if (pos < end && text.charAt(pos) == ':') {
                    if (gap >= 0) {
                        throw malformed(whole, what, "more than one :: in IPv6 address");
                    }
                    gap = count;
                    pos++;
                } else if (pos == end) {
                    throw malformed(whole, what, "IPv6 address ends with a single colon");
                }
            }
        }
        if (gap < 0 && count != 8) {
            throw malformed(whole, what, "IPv6 address needs eight groups or ::");
        }
        if (gap >= 0 && count > 7) {
            throw malformed(whole, what, ":: must stand for at least one group");
        }
        final int[] full = new int[8];
        if (gap < 0) {
            System.arraycopy(groups, 0, full, 0, 8);
        } else {
            System.arraycopy(groups, 0, full, 0, gap);
            final int tail = count - gap;
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = high << 16 | full[i];
            low = low << 16 | full[i + 4];
        }
        return new long[] {high, low};
    }

    static String formatAddress(final IpPrefix prefix) {
        if (prefix.family() == AddressFamily.IPV4) {
            final long bits = prefix.high() >>> 32;
            return (bits >>> 24 & 0xff) + "." + (bits >>> 16 & 0xff) + "." + (bits >>> 8 & 0xff) + "."
                + (bits & 0xff);
        }
        return formatV6(prefix.high(), prefix.low());
    }

    private static String formatV6(final long high, final long low) {
        final int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (high >>> 48 - 16 * i) & 0xffff;
            groups[i + 4] = (int) (low >>> 48 - 16 * i) & 0xffff;
        }
        // RFC 5952 section 4.2: compress the longest run of two or more zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int run = 0;
            while (i + run < 8 && groups[i + run] == 0) {
                run++;
            }
            if (run > bestLen) {
                bestStart = i;
                bestLen = run;
            }
        }
        final StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static int hexDigit(final char ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        if (ch >= 'a' && ch <= 'f') {
            return ch - 'a' + 10;
        }
        return ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
    }

    private static IllegalArgumentException malformed(final String text, final String what, final String why) {
        return new IllegalArgumentException("Malformed IP " + what + " \"" + text + "\": " + why);
    }
}
