/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import io.wgcp.agent.net.MalformedPacketException.Reason;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * A validated, zero-copy view of one IPv4 or IPv6 packet. {@link #parse(ByteBuffer)} checks that the headers are
 * consistent with the bytes available and reads the fields the agent needs; the packet bytes stay in the caller's
 * buffer (use {@link #copy()} to detach them, e.g. before the buffer is reused for the next read). The view itself
 * never changes and hands out read-only buffers only.
 *
 * <p>For IPv6, the chain of extension headers (hop-by-hop, routing, fragment, destination options, authentication)
 * is walked, so {@link #protocol()} is the upper-layer protocol and {@link #transportOffset()} where it starts.
 */
public final class IpPacket {
    /** IPv4 protocol number of ICMP. */
    public static final int PROTOCOL_ICMP = 1;
    /** IPv6 next-header value of ICMPv6. */
    public static final int PROTOCOL_ICMPV6 = 58;

    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    static final int IPV4_SOURCE = 12;
    static final int IPV4_DESTINATION = 16;
    static final int IPV6_SOURCE = 8;
    static final int IPV6_DESTINATION = 24;

    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int FRAGMENT = 44;
    private static final int AUTHENTICATION = 51;
    private static final int DESTINATION_OPTIONS = 60;
    // Real packets carry a handful; the bound only keeps a crafted chain of 8-byte headers from being walked long.
    private static final int MAX_EXTENSION_HEADERS = 16;

    private final ByteBuffer bytes;
    private final int version;
    private final int headerLength;
    private final int protocol;
    private final int transportOffset;
    private final int fragmentOffset;
    private final boolean fragment;
    private final boolean moreFragments;

    private IpPacket(final ByteBuffer bytes, final int version, final int headerLength, final int protocol,
            final int transportOffset, final boolean fragment, final int fragmentOffset, final boolean moreFragments) {
        this.bytes = bytes;
        this.version = version;
        this.headerLength = headerLength;
        this.protocol = protocol;
        this.transportOffset = transportOffset;
        this.fragment = fragment;
        this.fragmentOffset = fragmentOffset;
        this.moreFragments = moreFragments;
    }

    /**
     * Validates and views the packet between the buffer's position and limit. Bytes beyond the length the header
     * states (link padding) are left out of the view. The buffer's position and limit are not changed.
     *
     * @param packet the buffer
     * @return the view
     * @throws MalformedPacketException if the bytes are not one complete, consistent IPv4 or IPv6 packet
     */
    public static IpPacket parse(final ByteBuffer packet) throws MalformedPacketException {
        // slice() makes index 0 the packet start and resets the byte order to big-endian, the network order.
        final ByteBuffer buf = packet.slice().asReadOnlyBuffer();
        if (!buf.hasRemaining()) {
            throw new MalformedPacketException(Reason.TOO_SHORT, "empty packet");
        }
        final int version = (buf.get(0) & 0xFF) >>> 4;
        switch (version) {
            case 4:
                return parseIpv4(buf);
            case 6:
                return parseIpv6(buf);
            default:
                throw new MalformedPacketException(Reason.BAD_VERSION, "version " + version);
        }
    }

    /**
     * Validates and views a packet held in an array, see {@link #parse(ByteBuffer)}.
     *
     * @param packet the packet bytes; viewed, not copied
     * @return the view
     * @throws MalformedPacketException if the bytes are not one complete, consistent IPv4 or IPv6 packet
     */
    public static IpPacket parse(final byte[] packet) throws MalformedPacketException {
        return parse(ByteBuffer.wrap(packet));
    }

    private static IpPacket parseIpv4(final ByteBuffer buf) throws MalformedPacketException {
        final int available = buf.remaining();
        if (available < IPV4_HEADER) {
            throw new MalformedPacketException(Reason.TOO_SHORT,
                "IPv4 header needs " + IPV4_HEADER + " bytes, got " + available);
        }
        final int headerLength = (buf.get(0) & 0x0F) * 4;
        if (headerLength < IPV4_HEADER) {
            throw new MalformedPacketException(Reason.BAD_HEADER_LENGTH, "IHL " + headerLength / 4 + " words < 5");
        }
        if (headerLength > available) {
            throw new MalformedPacketException(Reason.BAD_HEADER_LENGTH,
                "IHL " + headerLength / 4 + " words but only " + available + " bytes");
        }
        final int totalLength = buf.getShort(2) & 0xFFFF;
        if (totalLength < headerLength) {
            throw new MalformedPacketException(Reason.BAD_TOTAL_LENGTH,
                "total length " + totalLength + " < header length " + headerLength);
        }
        if (totalLength > available) {
            throw new MalformedPacketException(Reason.BAD_TOTAL_LENGTH,
                "total length " + totalLength + " but only " + available + " bytes");
        }
        final int checksum = InternetChecksum.compute(buf, 0, headerLength);
        if (checksum != 0) {
            throw new MalformedPacketException(Reason.BAD_CHECKSUM,
                "header checksum 0x" + Integer.toHexString(buf.getShort(10) & 0xFFFF) + " is off");
        }
        final int flagsAndOffset = buf.getShort(6) & 0xFFFF;
        final int fragmentOffset = (flagsAndOffset & 0x1FFF) * 8;
        final boolean moreFragments = (flagsAndOffset & 0x2000) != 0;
        return new IpPacket(buf.limit(totalLength).slice(), 4, headerLength, buf.get(9) & 0xFF,
            fragmentOffset == 0 ? headerLength : -1, fragmentOffset != 0 || moreFragments, fragmentOffset,
            moreFragments);
    }

    private static IpPacket parseIpv6(final ByteBuffer buf) throws MalformedPacketException {
        final int available = buf.remaining();
        if (available < IPV6_HEADER) {
            throw new MalformedPacketException(Reason.TOO_SHORT,
                "IPv6 header needs " + IPV6_HEADER + " bytes, got " + available);
        }
        final int payloadLength = buf.getShort(4) & 0xFFFF;
        int nextHeader = buf.get(6) & 0xFF;
        if (payloadLength == 0 && nextHeader == HOP_BY_HOP) {
            throw new MalformedPacketException(Reason.UNSUPPORTED_JUMBOGRAM, "payload length 0 with hop-by-hop");
        }
        final int totalLength = IPV6_HEADER + payloadLength;
        if (totalLength > available) {
            throw new MalformedPacketException(Reason.TRUNCATED,
                "payload length " + payloadLength + " but only " + (available - IPV6_HEADER) + " bytes follow");
        }
        int offset = IPV6_HEADER;
        boolean fragment = false;
        int fragmentOffset = 0;
        boolean moreFragments = false;
        for (int count = 0; ; count++) {
            if (count > MAX_EXTENSION_HEADERS) {
                throw new MalformedPacketException(Reason.BAD_EXTENSION_HEADERS,
                    "more than " + MAX_EXTENSION_HEADERS + " extension headers");
            }
            final int length;
            switch (nextHeader) {
                case HOP_BY_HOP:
                case ROUTING:
                case DESTINATION_OPTIONS:
                    length = extensionLength(buf, offset, totalLength, 8, 8);
                    break;
                case AUTHENTICATION:
                    length = extensionLength(buf, offset, totalLength, 4, 8);
                    break;
                case FRAGMENT:
                    length = 8;
                    if (offset + length > totalLength) {
                        throw truncatedExtension(offset);
                    }
                    final int field = buf.getShort(offset + 2) & 0xFFFF;
                    fragment = true;
                    fragmentOffset = field & 0xFFF8;
                    moreFragments = (field & 1) != 0;
                    break;
                default:
                    // An upper-layer protocol, or 59 (no next header) or ESP, whose contents are opaque.
                    return new IpPacket(buf.limit(totalLength).slice(), 6, IPV6_HEADER, nextHeader,
                        fragmentOffset == 0 ? offset : -1, fragment, fragmentOffset, moreFragments);
            }
            nextHeader = buf.get(offset) & 0xFF;
            offset += length;
            if (fragmentOffset != 0) {
                // A later fragment: what follows the fragment header is the middle of the upper-layer packet.
                return new IpPacket(buf.limit(totalLength).slice(), 6, IPV6_HEADER, nextHeader, -1, true,
                    fragmentOffset, moreFragments);
            }
        }
    }

    private static int extensionLength(final ByteBuffer buf, final int offset, final int totalLength,
            final int unit, final int extra) throws MalformedPacketException {
        if (offset + 2 > totalLength) {
            throw truncatedExtension(offset);
        }
        // Hop-by-hop, routing, destination options: (len + 1) * 8 bytes. Authentication: (len + 2) * 4 bytes.
        final int length = (buf.get(offset + 1) & 0xFF) * unit + extra;
        if (offset + length > totalLength) {
            throw truncatedExtension(offset);
        }
        return length;
    }

    private static MalformedPacketException truncatedExtension(final int offset) {
        return new MalformedPacketException(Reason.TRUNCATED, "extension header at offset " + offset
            + " runs past the packet");
    }

    /**
     * The IP version.
     *
     * @return 4 or 6
     */
    public int version() {
        return version;
    }

    /**
     * Whether this is an IPv4 packet.
     *
     * @return true for IPv4, false for IPv6
     */
    public boolean isIpv4() {
        return version == 4;
    }

    /**
     * The length of the packet as its header states it: the IPv4 total length, or 40 plus the IPv6 payload length.
     *
     * @return the length in bytes
     */
    public int length() {
        return bytes.limit();
    }

    /**
     * The length of the fixed header: the IPv4 IHL in bytes (options included), or 40 for IPv6 (extension headers
     * excluded, see {@link #transportOffset()}).
     *
     * @return the length in bytes
     */
    public int headerLength() {
        return headerLength;
    }

    /**
     * The upper-layer protocol: the IPv4 protocol field, or for IPv6 the next header after the extension headers.
     *
     * @return the protocol number, e.g. 1 (ICMP), 6 (TCP), 17 (UDP), 58 (ICMPv6)
     */
    public int protocol() {
        return protocol;
    }

    /**
     * Where the upper-layer header starts.
     *
     * @return the offset from the start of the packet, or -1 for a fragment other than the first, which has none
     */
    public int transportOffset() {
        return transportOffset;
    }

    /**
     * Whether the packet is a fragment (IPv4 MF or offset set; IPv6 fragment header present).
     *
     * @return true for a fragment
     */
    public boolean isFragment() {
        return fragment;
    }

    /**
     * The fragment offset.
     *
     * @return the offset in bytes, 0 for unfragmented packets and first fragments
     */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    /**
     * Whether more fragments follow.
     *
     * @return the MF flag (IPv4) or M flag (IPv6)
     */
    public boolean moreFragments() {
        return moreFragments;
    }

    /**
     * The time to live (IPv4) or hop limit (IPv6).
     *
     * @return the value, 0-255
     */
    public int hopLimit() {
        return bytes.get(isIpv4() ? 8 : 7) & 0xFF;
    }

    /**
     * The type of an ICMP (IPv4) or ICMPv6 (IPv6) message, e.g. to not answer an error with an error.
     *
     * @return the type, or -1 if the packet is not ICMP/ICMPv6, is a later fragment or has no ICMP type byte
     */
    public int icmpType() {
        if (protocol != (isIpv4() ? PROTOCOL_ICMP : PROTOCOL_ICMPV6) || transportOffset < 0
                || transportOffset >= bytes.limit()) {
            return -1;
        }
        return bytes.get(transportOffset) & 0xFF;
    }

    /**
     * The source address.
     *
     * @return an {@link java.net.Inet4Address} or {@link java.net.Inet6Address}
     */
    public InetAddress source() {
        return address(isIpv4() ? IPV4_SOURCE : IPV6_SOURCE);
    }

    /**
     * The destination address.
     *
     * @return an {@link java.net.Inet4Address} or {@link java.net.Inet6Address}
     */
    public InetAddress destination() {
        return address(isIpv4() ? IPV4_DESTINATION : IPV6_DESTINATION);
    }

    /**
     * The length of the addresses of this version.
     *
     * @return 4 or 16
     */
    public int addressLength() {
        return isIpv4() ? 4 : 16;
    }

    private InetAddress address(final int index) {
        final byte[] address = new byte[addressLength()];
        bytes.get(index, address);
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            // Only thrown for a length other than 4 or 16.
            throw new IllegalStateException(e);
        }
    }

    /**
     * The packet bytes.
     *
     * @return a read-only buffer from 0 to {@link #length()}, independent in position and limit from other calls
     */
    public ByteBuffer buffer() {
        return bytes.asReadOnlyBuffer();
    }

    /**
     * Copies the packet bytes.
     *
     * @return a new array of {@link #length()} bytes
     */
    public byte[] toByteArray() {
        final byte[] copy = new byte[bytes.limit()];
        bytes.get(0, copy);
        return copy;
    }

    /**
     * A view of a private copy of the packet bytes, unaffected by later changes to the buffer this one views.
     *
     * @return the copy
     */
    public IpPacket copy() {
        return new IpPacket(ByteBuffer.wrap(toByteArray()).asReadOnlyBuffer(), version, headerLength, protocol,
            transportOffset, fragment, fragmentOffset, moreFragments);
    }

    @Override
    public boolean equals(final Object obj) {
        return this == obj || obj instanceof IpPacket && bytes.equals(((IpPacket) obj).bytes);
    }

    @Override
    public int hashCode() {
        return bytes.hashCode();
    }

    @Override
    public String toString() {
        return "IPv" + version + " " + source().getHostAddress() + " -> " + destination().getHostAddress()
            + " protocol " + protocol + " length " + length();
    }
}
