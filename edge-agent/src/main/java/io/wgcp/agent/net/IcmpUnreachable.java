/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Builds the ICMP (RFC 792) or ICMPv6 (RFC 4443) "destination unreachable" answer to a packet the agent cannot
 * deliver, to be written into the TUN device so that the local sender learns it at once instead of timing out.
 *
 * <p>The answer quotes as much of the original packet as fits in 576 bytes for IPv4 (RFC 1812 section 4.3.2.3) and
 * in the 1280-byte IPv6 minimum MTU (RFC 4443 section 3.1). Its source is by default the original destination: the
 * agent owns no address on the TUN device, and the sender can then match the error to its destination. It is not
 * built for packets that must not be answered with an error (RFC 1122 section 3.2.2, RFC 4443 section 2.4 (e)): ICMP
 * errors and redirects, later fragments, multicast or broadcast destinations, and sources that are not one host. Rate
 * limiting (RFC 4443 section 2.4 (f)) is the caller's business.
 */
public final class IcmpUnreachable {
    /**
     * The reason given to the sender; each maps to one ICMP and one ICMPv6 code.
     */
    public enum Code {
        /** No mapping for the destination's prefix: ICMP code 0 (net unreachable), ICMPv6 code 0 (no route). */
        NO_ROUTE(0, 0),
        /** The destination could not be resolved: ICMP code 1 (host unreachable), ICMPv6 code 3 (address). */
        HOST_UNREACHABLE(1, 3),
        /** Policy denies the destination: ICMP code 13, ICMPv6 code 1 (administratively prohibited). */
        ADMIN_PROHIBITED(13, 1);

        private final int icmpv4Code;
        private final int icmpv6Code;

        Code(final int icmpv4Code, final int icmpv6Code) {
            this.icmpv4Code = icmpv4Code;
            this.icmpv6Code = icmpv6Code;
        }

        /**
         * The ICMP code, with type 3.
         *
         * @return the code
         */
        public int icmpv4Code() {
            return icmpv4Code;
        }

        /**
         * The ICMPv6 code, with type 1.
         *
         * @return the code
         */
        public int icmpv6Code() {
            return icmpv6Code;
        }
    }

    /** ICMP type "destination unreachable". */
    public static final int ICMPV4_TYPE = 3;
    /** ICMPv6 type "destination unreachable". */
    public static final int ICMPV6_TYPE = 1;
    /** The largest IPv4 answer. */
    public static final int IPV4_MAX_LENGTH = 576;
    /** The largest IPv6 answer. */
    public static final int IPV6_MAX_LENGTH = 1280;

    private static final int ICMP_HEADER = 8;
    private static final int TTL = 64;
    // IP precedence "internetwork control", as Linux marks its own ICMP errors.
    private static final int TOS_INTERNETWORK_CONTROL = 0xC0;
    private static final int ICMPV6_REDIRECT = 137;

    private IcmpUnreachable() {
        // utility class
    }

    /**
     * Builds the answer to a packet, from the packet's destination.
     *
     * @param original the undeliverable packet
     * @param code the reason
     * @return the answer, or empty if the packet must not be answered with an error
     */
    public static Optional<IpPacket> answer(final IpPacket original, final Code code) {
        return answer(original, code, original.destination());
    }

    /**
     * Builds the answer to a packet.
     *
     * @param original the undeliverable packet
     * @param code the reason
     * @param source the source of the answer, of the packet's address family
     * @return the answer, or empty if the packet must not be answered with an error
     * @throws IllegalArgumentException if the source is not of the packet's family
     */
    public static Optional<IpPacket> answer(final IpPacket original, final Code code, final InetAddress source) {
        final byte[] sourceBytes = source.getAddress();
        if (sourceBytes.length != original.addressLength()) {
            throw new IllegalArgumentException("source " + source + " is not an IPv" + original.version() + " address");
        }
        if (!mayAnswer(original)) {
            return Optional.empty();
        }
        final ByteBuffer answer = original.isIpv4() ? ipv4(original, code, sourceBytes)
            : ipv6(original, code, sourceBytes);
        try {
            return Optional.of(IpPacket.parse(answer));
        } catch (MalformedPacketException e) {
            throw new IllegalStateException("built a malformed answer", e);
        }
    }

    /**
     * Whether an error may answer this packet (see the class comment).
     *
     * @param original the packet
     * @return false for ICMP errors and redirects, later fragments, multicast or broadcast destinations and sources
     *     that are not one host
     */
    public static boolean mayAnswer(final IpPacket original) {
        if (original.transportOffset() < 0) {
            // A later fragment: one answer to the first fragment is enough, and for ICMP the type is unknown here.
            return false;
        }
        final ByteBuffer bytes = original.buffer();
        final int type = original.icmpType();
        if (original.isIpv4()) {
            final int source = bytes.get(IpPacket.IPV4_SOURCE) & 0xFF;
            final int destination = bytes.get(IpPacket.IPV4_DESTINATION) & 0xFF;
            // Source 0/8 (this network), 127/8 (loopback) or 224/3 (multicast, class E, broadcast) is not one host;
            // destination 224/3 is multicast, class E or the limited broadcast.
            if (source == 0 || source == 127 || source >= 224 || destination >= 224) {
                return false;
            }
            return original.protocol() != IpPacket.PROTOCOL_ICMP || isIcmpv4Query(type);
        }
        if (bytes.get(IpPacket.IPV6_DESTINATION) == (byte) 0xFF || bytes.get(IpPacket.IPV6_SOURCE) == (byte) 0xFF
                || isUnspecifiedOrLoopback(bytes, IpPacket.IPV6_SOURCE)) {
            return false;
        }
        return original.protocol() != IpPacket.PROTOCOL_ICMPV6 || type >= 128 && type != ICMPV6_REDIRECT;
    }

    private static boolean isIcmpv4Query(final int type) {
        switch (type) {
            case 0:  // echo reply
            case 8:  // echo request
            case 13: // timestamp
            case 14: // timestamp reply
                return true;
            default:
                // Errors (3, 4, 5, 11, 12), a missing type (-1), and obsolete or unknown types: stay silent.
                return false;
        }
    }

    private static boolean isUnspecifiedOrLoopback(final ByteBuffer bytes, final int index) {
        for (int i = 0; i < 15; i++) {
            if (bytes.get(index + i) != 0) {
                return false;
            }
        }
        final int last = bytes.get(index + 15);
        return last == 0 || last == 1;
    }

    private static ByteBuffer ipv4(final IpPacket original, final Code code, final byte[] source) {
        final int header = IpPacket.IPV4_HEADER;
        final int quoted = Math.min(original.length(), IPV4_MAX_LENGTH - header - ICMP_HEADER);
        final int total = header + ICMP_HEADER + quoted;
        final ByteBuffer orig = original.buffer();
        final ByteBuffer buf = ByteBuffer.allocate(total);
        buf.put(0, (byte) 0x45);
        buf.put(1, (byte) TOS_INTERNETWORK_CONTROL);
        buf.putShort(2, (short) total);
        // identification, flags and fragment offset stay 0: the answer is never fragmented (576 bytes at most).
        buf.put(8, (byte) TTL);
        buf.put(9, (byte) IpPacket.PROTOCOL_ICMP);
        buf.put(IpPacket.IPV4_SOURCE, source);
        buf.put(IpPacket.IPV4_DESTINATION, orig, IpPacket.IPV4_SOURCE, 4);
        buf.putShort(10, (short) InternetChecksum.compute(buf, 0, header));
        buf.put(header, (byte) ICMPV4_TYPE);
        buf.put(header + 1, (byte) code.icmpv4Code());
        // bytes 4-7 of the ICMP header are unused (RFC 792); no RFC 4884 extension, so no length either.
        buf.put(header + ICMP_HEADER, orig, 0, quoted);
        buf.putShort(header + 2, (short) InternetChecksum.compute(buf, header, ICMP_HEADER + quoted));
        return buf;
    }

    private static ByteBuffer ipv6(final IpPacket original, final Code code, final byte[] source) {
        final int header = IpPacket.IPV6_HEADER;
        final int quoted = Math.min(original.length(), IPV6_MAX_LENGTH - header - ICMP_HEADER);
        final int payload = ICMP_HEADER + quoted;
        final ByteBuffer orig = original.buffer();
        final ByteBuffer buf = ByteBuffer.allocate(header + payload);
        buf.put(0, (byte) 0x60);
        buf.putShort(4, (short) payload);
        buf.put(6, (byte) IpPacket.PROTOCOL_ICMPV6);
        buf.put(7, (byte) TTL);
        buf.put(IpPacket.IPV6_SOURCE, source);
        buf.put(IpPacket.IPV6_DESTINATION, orig, IpPacket.IPV6_SOURCE, 16);
        buf.put(header, (byte) ICMPV6_TYPE);
        buf.put(header + 1, (byte) code.icmpv6Code());
        buf.put(header + ICMP_HEADER, orig, 0, quoted);
        final long sum = InternetChecksum.ipv6PseudoHeaderSum(buf, IpPacket.IPV6_SOURCE, IpPacket.IPV6_DESTINATION,
            payload, IpPacket.PROTOCOL_ICMPV6) + InternetChecksum.sum(buf, header, payload);
        buf.putShort(header + 2, (short) InternetChecksum.fold(sum));
        return buf;
    }
}
