/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.index;

/**
 * Text parsing and formatting of addresses. Written by hand rather than through {@code InetAddress} because that
 * class resolves host names, accepts forms we do not want in configuration (octal, shortened IPv4) and allocates.
 */
final class IpText {
    private IpText() {
        // utility class
    }

    static int parseLength(final String text, final int from, final int width) {
        final int end = text.length();
        if (from >= end || end - from > 3) {
            throw malformed(text, "bad prefix length");
        }
        int value = 0;
        for (int i = from; i < end; i++) {
            final char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                throw malformed(text, "bad prefix length");
            }
            value = value * 10 + ch - '0';
        }
        if (end - from > 1 && text.charAt(from) == '0') {
            throw malformed(text, "leading zero in prefix length");
        }
        if (value > width) {
            throw malformed(text, "prefix length " + value + " exceeds " + width);
        }
        return value;
    }

    /** Parses dotted-quad {@code text[from, to)}; {@code whole} is the full input, for messages. */
    static int parseV4(final String text, final int from, final int to, final String whole) {
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
                    throw malformed(whole, "IPv4 octet too long");
                }
            }
            if (pos == start) {
                throw malformed(whole, "IPv4 octet expected");
            }
            if (value > 255) {
                throw malformed(whole, "IPv4 octet " + value + " exceeds 255");
            }
            // A leading zero is rejected: some parsers read 010 as octal, so the text would be ambiguous.
            if (pos - start > 1 && text.charAt(start) == '0') {
                throw malformed(whole, "leading zero in IPv4 octet");
            }
            result = result << 8 | value;
            octets++;
            if (octets == 4) {
                break;
            }
            if (pos >= to || text.charAt(pos) != '.') {
                throw malformed(whole, "IPv4 address needs four octets");
            }
            pos++;
        }
        if (pos != to) {
            throw malformed(whole, "unexpected text after IPv4 address");
        }
        return result;
    }

    /** Parses an IPv6 address (RFC 4291 section 2.2, including {@code ::} and a trailing dotted quad). */
    static long[] parseV6(final String text, final String whole) {
        final int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int pos = 0;
        final int end = text.length();
        if (text.startsWith("::")) {
            gap = 0;
            pos = 2;
        } else if (text.startsWith(":")) {
            throw malformed(whole, "IPv6 address starts with a single colon");
        }
        while (pos < end) {
            if (count == 8) {
                throw malformed(whole, "too many IPv6 groups");
            }
            int groupEnd = pos;
            while (groupEnd < end && text.charAt(groupEnd) != ':') {
                groupEnd++;
            }
            if (text.indexOf('.', pos) >= 0 && text.indexOf('.', pos) < groupEnd) {
                // Embedded IPv4 (for example ::ffff:192.0.2.1): must be last and takes two groups.
                if (groupEnd != end || count > 6) {
                    throw malformed(whole, "misplaced IPv4 part in IPv6 address");
                }
                final int v4 = parseV4(text, pos, end, whole);
                groups[count++] = v4 >>> 16;
                groups[count++] = v4 & 0xffff;
                break;
            }
            if (groupEnd == pos || groupEnd - pos > 4) {
                throw malformed(whole, "IPv6 group must have 1 to 4 hex digits");
            }
            int value = 0;
            for (int i = pos; i < groupEnd; i++) {
                final int digit = hexDigit(text.charAt(i));
                if (digit < 0) {
                    throw malformed(whole, "bad hex digit in IPv6 address");
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
                        throw malformed(whole, "more than one :: in IPv6 address");
                    }
                    gap = count;
                    pos++;
                } else if (pos == end) {
                    throw malformed(whole, "IPv6 address ends with a single colon");
                }
            }
        }
        if (gap < 0 && count != 8) {
            throw malformed(whole, "IPv6 address needs eight groups or ::");
        }
        if (gap >= 0 && count > 7) {
            throw malformed(whole, ":: must stand for at least one group");
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
        final int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (prefix.high() >>> 48 - 16 * i) & 0xffff;
            groups[i + 4] = (int) (prefix.low() >>> 48 - 16 * i) & 0xffff;
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

    private static IllegalArgumentException malformed(final String text, final String why) {
        return new IllegalArgumentException("Malformed IP prefix \"" + text + "\": " + why);
    }
}
