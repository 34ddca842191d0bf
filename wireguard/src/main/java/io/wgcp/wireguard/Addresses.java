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
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Strict parsing and canonical formatting of IP literals and endpoints, without name resolution: dotted-quad IPv4
 * (exactly four decimal parts) and RFC 4291 IPv6 text (with an optional trailing dotted quad), formatted as RFC 5952
 * text. An IPv4-mapped IPv6 literal stays IPv6.
 */
final class Addresses {
    private Addresses() {
        // utility class
    }

    /**
     * Parses an IP literal.
     *
     * @param text the literal
     * @return the address, an {@link Inet4Address} or an {@link Inet6Address}
     * @throws IllegalArgumentException when the text is not an IP literal
     */
    static InetAddress parse(final String text) {
        try {
            return text.indexOf(':') >= 0 ? Inet6Address.getByAddress(null, parseIpv6(text), -1)
                : InetAddress.getByAddress(parseIpv4(text, text));
        } catch (UnknownHostException e) {
            throw notLiteral(text, e);
        }
    }

    /**
     * Formats an address: dotted quad, or RFC 5952 IPv6 text (lower case, longest run of zero groups compressed).
     *
     * @param address the address
     * @return the text
     */
    static String format(final InetAddress address) {
        final byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
        }
        final int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xFF) << 8 | bytes[2 * i + 1] & 0xFF;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int end = i;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - i > bestLength) {
                bestStart = i;
                bestLength = end - i;
            }
            i = Math.max(i, end);
        }
        final StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /**
     * Formats an endpoint the way WireGuard writes it: {@code 198.18.0.1:51820} or {@code [2001:db8::1]:51820}.
     *
     * @param endpoint the endpoint, resolved
     * @return the text
     */
    static String formatEndpoint(final InetSocketAddress endpoint) {
        final InetAddress address = endpoint.getAddress();
        return address instanceof Inet6Address ? "[" + format(address) + "]:" + endpoint.getPort()
            : format(address) + ":" + endpoint.getPort();
    }

    /**
     * Parses an endpoint as WireGuard writes it. A zone ({@code %eth0}) on an IPv6 address is dropped.
     *
     * @param text {@code a.b.c.d:port} or {@code [v6]:port}
     * @return the endpoint
     * @throws IllegalArgumentException when the text is not an endpoint
     */
    static InetSocketAddress parseEndpoint(final String text) {
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
     * Parses a short unsigned decimal number (no sign, no leading zeros beyond a single 0, at most 10 digits).
     *
     * @param text the digits
     * @param max the largest accepted value
     * @return the value, or -1 when the text is not such a number
     */
    static int parseDecimal(final String text, final int max) {
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

    private static IllegalArgumentException notLiteral(final String text, final Exception cause) {
        return new IllegalArgumentException("not an IP address literal: \"" + text + "\"", cause);
    }

    private static byte[] parseIpv4(final String part, final String text) {
        final String[] parts = part.split("\\.", -1);
        if (parts.length != 4) {
            throw notLiteral(text, null);
        }
        final byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            final int value = parseDecimal(parts[i], 255);
            if (value < 0) {
                throw notLiteral(text, null);
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static byte[] parseIpv6(final String text) {
        final String lower = text.toLowerCase(Locale.ROOT);
        final int doubleColon = lower.indexOf("::");
        if (doubleColon >= 0 && lower.indexOf("::", doubleColon + 1) >= 0) {
            throw notLiteral(text, null);
        }
        final int[] head = groups(doubleColon >= 0 ? lower.substring(0, doubleColon) : lower, doubleColon < 0, text);
        final int[] tail = groups(doubleColon >= 0 ? lower.substring(doubleColon + 2) : "", true, text);
        final int count = head.length + tail.length;
        if (doubleColon < 0 ? count != 8 : count > 7) {
            throw notLiteral(text, null);
        }
        final byte[] bytes = new byte[16];
        for (int i = 0; i < head.length; i++) {
            bytes[2 * i] = (byte) (head[i] >> 8);
            bytes[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < tail.length; i++) {
            final int at = 8 - tail.length + i;
            bytes[2 * at] = (byte) (tail[i] >> 8);
            bytes[2 * at + 1] = (byte) tail[i];
        }
        return bytes;
    }

    // Groups of 16 bits; the last part may be a dotted quad (two groups) when it ends the address.
    private static int[] groups(final String part, final boolean endsAddress, final String text) {
        if (part.isEmpty()) {
            return new int[0];
        }
        final String[] parts = part.split(":", -1);
        final String last = parts[parts.length - 1];
        final boolean quad = endsAddress && last.indexOf('.') >= 0;
        final int hexParts = quad ? parts.length - 1 : parts.length;
        final int[] groups = new int[quad ? hexParts + 2 : hexParts];
        for (int i = 0; i < hexParts; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 4) {
                throw notLiteral(text, null);
            }
            int value = 0;
            for (int j = 0; j < parts[i].length(); j++) {
                final char ch = parts[i].charAt(j);
                final int digit = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
                if (digit < 0) {
                    throw notLiteral(text, null);
                }
                value = value << 4 | digit;
            }
            groups[i] = value;
        }
        if (quad) {
            final byte[] bytes = parseIpv4(last, text);
            groups[hexParts] = (bytes[0] & 0xFF) << 8 | bytes[1] & 0xFF;
            groups[hexParts + 1] = (bytes[2] & 0xFF) << 8 | bytes[3] & 0xFF;
        }
        return groups;
    }
}
