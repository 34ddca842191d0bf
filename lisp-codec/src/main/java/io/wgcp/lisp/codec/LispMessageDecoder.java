/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes LISP control messages (types 1, 2, 3, 4, 5 and 8) from a {@link ByteBuf}.
 *
 * <p>The decoder is strict and bounded: every field is checked against the end of the message and against the Length
 * of every enclosing LCAF before it is read, so it never reads outside its input and never throws anything but
 * {@link LispDecodingException} for malformed input. In particular it rejects:
 * <ul>
 *   <li>a message, record, locator, address or LCAF that runs past the end of its input or of an enclosing LCAF;</li>
 *   <li>a count (records, locators, ITR-RLOCs, keys) announcing more items than the bytes hold;</li>
 *   <li>an AFI other than 0, 1, 2 and 16387, and an EID mask-len larger than the address (32 for IPv4, 128 for IPv6,
 *       also inside an instance-id LCAF), an IID mask-len above 128 (Open Overlay Router writes up to 128);</li>
 *   <li>a known LCAF type (1, 2, 7, 11) whose body is not exactly consumed by its fields (unknown types are skipped by
 *       their Length and kept verbatim as {@link UnknownLcafAddress});</li>
 *   <li>LCAFs nested deeper than {@value #MAX_LCAF_DEPTH} levels (which also bounds the recursion);</li>
 *   <li>the I bit without the 24-byte xTR-ID/Site-ID trailer;</li>
 *   <li>trailing bytes after the last field the header announces: the layouts leave no room for them, and a
 *       LISP-SEC trailer (S bit) is not supported;</li>
 *   <li>an ECM whose inner IP header is not a plain unfragmented IPv4 (options allowed) or IPv6 (no extension
 *       headers) header carrying UDP, whose inner lengths disagree with the datagram, or which does not carry a
 *       Map-Request;</li>
 *   <li>any other message type.</li>
 * </ul>
 * Reserved bits are ignored, and inner ECM checksums are not verified.
 *
 * <p>Decoding allocates the message objects and nothing else but one small cursor per message. The class is
 * stateless and thread-safe.
 */
public final class LispMessageDecoder {
    /** How deeply LCAFs may nest (an LCAF inside an LCAF counts two). */
    public static final int MAX_LCAF_DEPTH = 8;

    private LispMessageDecoder() {
        // static methods only
    }

    /**
     * Decodes the readable bytes of a buffer as one message (a UDP payload). The buffer's indexes are not moved, so
     * that the same readable bytes can then be handed to {@link LispAuthentication#verify(ByteBuf, byte[])} once the
     * decoded Key ID has selected the key.
     *
     * @param buf the buffer
     * @return the message
     * @throws LispDecodingException if the bytes are not a well-formed message of a supported type
     */
    public static LispMessage decode(final ByteBuf buf) throws LispDecodingException {
        return decode(buf, buf.readerIndex(), buf.readableBytes());
    }

    /**
     * Decodes {@code length} bytes at absolute index {@code offset} of a buffer as one message, without touching the
     * buffer's indexes.
     *
     * @param buf the buffer
     * @param offset the absolute index of the first byte
     * @param length the number of bytes of the message
     * @return the message
     * @throws LispDecodingException if the bytes are not a well-formed message of a supported type
     * @throws IllegalArgumentException if the region lies outside the buffer
     */
    public static LispMessage decode(final ByteBuf buf, final int offset, final int length)
            throws LispDecodingException {
        if (offset < 0 || length < 0 || length > buf.capacity() - offset) {
            throw new IllegalArgumentException("region " + offset + "+" + length + " outside the buffer");
        }
        final Reader reader = new Reader(buf, offset, offset + length);
        if (length == 0) {
            throw reader.error("empty message");
        }
        final int type = buf.getUnsignedByte(offset) >>> 4;
        final LispMessage message = switch (type) {
            case 1 -> mapRequest(reader);
            case 2 -> mapReply(reader);
            case 3 -> mapRegister(reader);
            case 4, 5 -> mapNotify(reader, type);
            case 8 -> encapsulatedControlMessage(reader);
            default -> throw reader.error("unsupported message type " + type);
        };
        reader.expectEnd(message.type());
        return message;
    }

    /**
     * Returns the type of the message in the readable bytes of a buffer, without decoding it (for example to count
     * messages per type, malformed ones included).
     *
     * @param buf the buffer
     * @return the type, or null when the buffer is empty or the type is not handled by this codec
     */
    public static MessageType peekType(final ByteBuf buf) {
        return buf.isReadable() ? MessageType.ofCode(buf.getUnsignedByte(buf.readerIndex()) >>> 4) : null;
    }

    private static MapRequest mapRequest(final Reader reader) throws LispDecodingException {
        final int b0 = reader.u8("Map-Request header");
        final int b1 = reader.u8("Map-Request header");
        final int b2 = reader.u8("Map-Request header");
        final int recordCount = reader.u8("Map-Request header");
        final long nonce = reader.u64("nonce");
        final LispAddress sourceEid = address(reader, 0, "source EID");

        final List<LispAddress> itrRlocs = itrRlocs(reader, (b2 & 0x1F) + 1);
        final List<MapRequestRecord> records = requestRecords(reader, recordCount);
        final MappingRecord mapReplyRecord = (b0 & 0x04) != 0 ? mappingRecord(reader) : null;
        final XtrSiteId xtrSiteId = (b1 & 0x10) != 0 ? xtrSiteId(reader) : null;

        return new MapRequest((b0 & 0x08) != 0, (b0 & 0x02) != 0, (b0 & 0x01) != 0, (b1 & 0x80) != 0,
            (b1 & 0x40) != 0, (b1 & 0x20) != 0, (b2 & 0x40) != 0, (b2 & 0x20) != 0, nonce, sourceEid,
            itrRlocs, records, mapReplyRecord, xtrSiteId);
    }

    // The list helpers below build a single element directly: the usual request has one ITR-RLOC and one record, and
    // a temporary array would be one more allocation per message.

    private static List<LispAddress> itrRlocs(final Reader reader, final int count) throws LispDecodingException {
        if (count == 1) {
            return List.of(address(reader, 0, "ITR-RLOC"));
        }
        final LispAddress[] rlocs = new LispAddress[count];
        for (int i = 0; i < count; i++) {
            rlocs[i] = address(reader, 0, "ITR-RLOC");
        }
        return listOf(rlocs);
    }

    private static List<MapRequestRecord> requestRecords(final Reader reader, final int count)
            throws LispDecodingException {
        if (count == 1) {
            return List.of(requestRecord(reader));
        }
        final MapRequestRecord[] records = new MapRequestRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = requestRecord(reader);
        }
        return listOf(records);
    }

    private static MapRequestRecord requestRecord(final Reader reader) throws LispDecodingException {
        final int flags = reader.u8("EID record");
        final int maskLength = reader.u8("EID record");
        return new MapRequestRecord((flags & 0x80) != 0, eidPrefix(reader, maskLength));
    }

    private static MapReply mapReply(final Reader reader) throws LispDecodingException {
        final int b0 = reader.u8("Map-Reply header");
        reader.skip(2, "Map-Reply header");
        final int recordCount = reader.u8("Map-Reply header");
        final long nonce = reader.u64("nonce");
        return new MapReply((b0 & 0x08) != 0, (b0 & 0x04) != 0, (b0 & 0x02) != 0, nonce,
            mappingRecords(reader, recordCount));
    }

    private static MapRegister mapRegister(final Reader reader) throws LispDecodingException {
        final int b0 = reader.u8("Map-Register header");
        reader.skip(1, "Map-Register header");
        final int b2 = reader.u8("Map-Register header");
        final int recordCount = reader.u8("Map-Register header");
        final long nonce = reader.u64("nonce");
        final int keyId = reader.u8("key id");
        final int algorithmId = reader.u8("algorithm id");
        final ImmutableBytes authenticationData = reader.bytes(reader.u16("authentication data length"),
            "authentication data");
        final List<MappingRecord> records = mappingRecords(reader, recordCount);
        final XtrSiteId xtrSiteId = (b0 & 0x02) != 0 ? xtrSiteId(reader) : null;
        return new MapRegister((b0 & 0x08) != 0, (b0 & 0x04) != 0, (b2 & 0x10) != 0, (b2 & 0x08) != 0,
            (b2 & 0x04) != 0, (b2 & 0x02) != 0, (b2 & 0x01) != 0, nonce, keyId, algorithmId, authenticationData,
            records, xtrSiteId);
    }

    private static AuthenticatedMessage mapNotify(final Reader reader, final int type) throws LispDecodingException {
        final int b0 = reader.u8("Map-Notify header");
        reader.skip(2, "Map-Notify header");
        final int recordCount = reader.u8("Map-Notify header");
        final long nonce = reader.u64("nonce");
        final int keyId = reader.u8("key id");
        final int algorithmId = reader.u8("algorithm id");
        final ImmutableBytes authenticationData = reader.bytes(reader.u16("authentication data length"),
            "authentication data");
        final List<MappingRecord> records = mappingRecords(reader, recordCount);
        final XtrSiteId xtrSiteId = (b0 & 0x08) != 0 ? xtrSiteId(reader) : null;
        final boolean reservedR = (b0 & 0x04) != 0;
        return type == 4
            ? new MapNotify(reservedR, nonce, keyId, algorithmId, authenticationData, records, xtrSiteId)
            : new MapNotifyAck(reservedR, nonce, keyId, algorithmId, authenticationData, records, xtrSiteId);
    }

    private static EncapsulatedControlMessage encapsulatedControlMessage(final Reader reader)
            throws LispDecodingException {
        final int b0 = reader.u8("ECM header");
        reader.skip(3, "ECM header");

        final int ipStart = reader.pos;
        final int version = reader.peekU8("inner IP header") >>> 4;
        final IpAddress source;
        final IpAddress destination;
        final int hopLimit;
        if (version == 4) {
            final int ihl = (reader.u8("inner IPv4 header") & 0x0F) * 4;
            if (ihl < 20) {
                throw reader.error("inner IPv4 header length " + ihl + " below 20");
            }
            reader.skip(1, "inner IPv4 header");
            final int totalLength = reader.u16("inner IPv4 header");
            reader.skip(2, "inner IPv4 header");
            if ((reader.u16("inner IPv4 header") & 0x3FFF) != 0) {
                throw reader.error("fragmented inner IPv4 packet");
            }
            hopLimit = reader.u8("inner IPv4 header");
            final int protocol = reader.u8("inner IPv4 header");
            if (protocol != 17) {
                throw reader.error("inner IPv4 protocol " + protocol + " is not UDP");
            }
            reader.skip(2, "inner IPv4 header");
            source = new Ipv4Address(reader.s32("inner IPv4 header"));
            destination = new Ipv4Address(reader.s32("inner IPv4 header"));
            reader.skip(ihl - 20, "inner IPv4 options");
            if (totalLength != reader.limit - ipStart) {
                throw reader.error("inner IPv4 total length " + totalLength + " does not match the "
                    + (reader.limit - ipStart) + " bytes of the inner packet");
            }
        } else if (version == 6) {
            reader.skip(4, "inner IPv6 header");
            final int payloadLength = reader.u16("inner IPv6 header");
            final int nextHeader = reader.u8("inner IPv6 header");
            if (nextHeader != 17) {
                throw reader.error("inner IPv6 next header " + nextHeader + " is not UDP");
            }
            hopLimit = reader.u8("inner IPv6 header");
            source = new Ipv6Address(reader.s64("inner IPv6 header"), reader.s64("inner IPv6 header"));
            destination = new Ipv6Address(reader.s64("inner IPv6 header"), reader.s64("inner IPv6 header"));
            if (payloadLength != reader.limit - reader.pos) {
                throw reader.error("inner IPv6 payload length " + payloadLength + " does not match the "
                    + (reader.limit - reader.pos) + " bytes that follow");
            }
        } else {
            throw reader.error("inner IP version " + version + " is neither 4 nor 6");
        }

        final int udpStart = reader.pos;
        final int sourcePort = reader.u16("inner UDP header");
        final int destinationPort = reader.u16("inner UDP header");
        final int udpLength = reader.u16("inner UDP header");
        reader.skip(2, "inner UDP header");
        if (udpLength != reader.limit - udpStart) {
            throw reader.error("inner UDP length " + udpLength + " does not match the " + (reader.limit - udpStart)
                + " bytes of the inner datagram");
        }
        final int innerType = reader.peekU8("encapsulated message") >>> 4;
        if (innerType != 1) {
            throw reader.error("ECM carries message type " + innerType + "; only a Map-Request is supported");
        }
        final MapRequest request = mapRequest(reader);
        return new EncapsulatedControlMessage((b0 & 0x08) != 0, (b0 & 0x04) != 0, (b0 & 0x02) != 0,
            (b0 & 0x01) != 0, source, destination, sourcePort, destinationPort, hopLimit, request);
    }

    private static XtrSiteId xtrSiteId(final Reader reader) throws LispDecodingException {
        if (reader.remaining() < XtrSiteId.WIRE_LENGTH) {
            throw reader.error("I bit set but the 24-byte xTR-ID/Site-ID trailer is missing (" + reader.remaining()
                + " bytes left)");
        }
        return new XtrSiteId(reader.s64("xTR-ID"), reader.s64("xTR-ID"), reader.s64("Site-ID"));
    }

    private static List<MappingRecord> mappingRecords(final Reader reader, final int count)
            throws LispDecodingException {
        if (count == 1) {
            return List.of(mappingRecord(reader));
        }
        final MappingRecord[] records = new MappingRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = mappingRecord(reader);
        }
        return listOf(records);
    }

    private static MappingRecord mappingRecord(final Reader reader) throws LispDecodingException {
        final long ttl = reader.u32("record TTL");
        final int locatorCount = reader.u8("mapping record");
        final int maskLength = reader.u8("mapping record");
        final int actionByte = reader.u8("mapping record");
        reader.skip(1, "mapping record");
        final int mapVersion = reader.u16("mapping record") & 0x0FFF;
        final EidPrefix eid = eidPrefix(reader, maskLength);
        final List<Locator> locators;
        if (locatorCount == 1) {
            locators = List.of(locator(reader));
        } else {
            final Locator[] array = new Locator[locatorCount];
            for (int i = 0; i < locatorCount; i++) {
                array[i] = locator(reader);
            }
            locators = listOf(array);
        }
        return new MappingRecord(ttl, MapReplyAction.ofCode(actionByte >>> 5), (actionByte & 0x10) != 0, mapVersion,
            eid, locators);
    }

    private static Locator locator(final Reader reader) throws LispDecodingException {
        final int priority = reader.u8("locator");
        final int weight = reader.u8("locator");
        final int multicastPriority = reader.u8("locator");
        final int multicastWeight = reader.u8("locator");
        final int flags = reader.u16("locator");
        return new Locator(priority, weight, multicastPriority, multicastWeight, (flags & 0x04) != 0,
            (flags & 0x02) != 0, (flags & 0x01) != 0, address(reader, 0, "locator"));
    }

    private static EidPrefix eidPrefix(final Reader reader, final int maskLength) throws LispDecodingException {
        final int start = reader.pos;
        final LispAddress address = address(reader, 0, "EID prefix");
        final int max = EidPrefix.maxMaskLength(address);
        if (maskLength > max) {
            throw new LispDecodingException(start - reader.base, "EID mask-len " + maskLength + " exceeds " + max);
        }
        return new EidPrefix(address, maskLength);
    }

    private static LispAddress address(final Reader reader, final int depth, final String what)
            throws LispDecodingException {
        final int afi = reader.u16(what);
        return switch (afi) {
            case Afi.NONE -> NoAddress.INSTANCE;
            case Afi.IPV4 -> new Ipv4Address(reader.s32(what));
            case Afi.IPV6 -> new Ipv6Address(reader.s64(what), reader.s64(what));
            case Afi.LCAF -> lcaf(reader, depth, what);
            default -> throw new LispDecodingException(reader.pos - 2 - reader.base,
                "unsupported AFI " + afi + " in " + what);
        };
    }

    private static LcafAddress lcaf(final Reader reader, final int depth, final String what)
            throws LispDecodingException {
        if (depth >= MAX_LCAF_DEPTH) {
            throw reader.error("LCAFs nested deeper than " + MAX_LCAF_DEPTH + " levels in " + what);
        }
        final int reserved1 = reader.u8(what);
        final int flags = reader.u8(what);
        final int type = reader.u8(what);
        final int reserved2 = reader.u8(what);
        final int length = reader.u16(what);
        if (length > reader.remaining()) {
            throw reader.error("LCAF type " + type + " length " + length + " runs past its enclosing structure ("
                + reader.remaining() + " bytes left) in " + what);
        }
        final int end = reader.pos + length;
        final int outerLimit = reader.limit;
        reader.limit = end;
        final LcafAddress result = switch (type) {
            case Afi.LCAF_AFI_LIST -> afiList(reader, depth);
            case Afi.LCAF_INSTANCE_ID -> instanceId(reader, depth, reserved2);
            case Afi.LCAF_NAT_TRAVERSAL -> natTraversal(reader, depth);
            case Afi.LCAF_SECURITY_KEY -> securityKey(reader, depth);
            default -> new UnknownLcafAddress(type, reserved1, flags, reserved2, reader.bytes(length, "LCAF body"));
        };
        if (reader.pos != end) {
            throw reader.error("LCAF type " + type + " has " + (end - reader.pos) + " bytes its fields do not use");
        }
        reader.limit = outerLimit;
        return result;
    }

    private static AfiListAddress afiList(final Reader reader, final int depth) throws LispDecodingException {
        final List<LispAddress> addresses = new ArrayList<>(2);
        while (reader.remaining() > 0) {
            addresses.add(address(reader, depth + 1, "AFI list"));
        }
        return new AfiListAddress(addresses);
    }

    private static InstanceIdAddress instanceId(final Reader reader, final int depth, final int iidMaskLength)
            throws LispDecodingException {
        // RFC 8060 bounds it by the 32-bit instance id, but Open Overlay Router writes the EID's own length there
        // (128 for IPv6 EIDs): accept up to 128 and keep the value, so that such messages decode and re-encode as sent.
        if (iidMaskLength > 128) {
            throw reader.error("IID mask-len " + iidMaskLength + " exceeds 128");
        }
        final long instanceId = reader.u32("instance id");
        return new InstanceIdAddress(instanceId, iidMaskLength, address(reader, depth + 1, "instance-id LCAF"));
    }

    private static NatTraversalAddress natTraversal(final Reader reader, final int depth)
            throws LispDecodingException {
        final int msPort = reader.u16("NAT-traversal LCAF");
        final int etrPort = reader.u16("NAT-traversal LCAF");
        final LispAddress global = address(reader, depth + 1, "global ETR RLOC");
        final LispAddress ms = address(reader, depth + 1, "MS RLOC");
        final LispAddress privateRloc = address(reader, depth + 1, "private ETR RLOC");
        final List<LispAddress> rtrs;
        if (reader.remaining() == 0) {
            rtrs = List.of();
        } else {
            rtrs = new ArrayList<>(2);
            while (reader.remaining() > 0) {
                rtrs.add(address(reader, depth + 1, "RTR RLOC"));
            }
        }
        return new NatTraversalAddress(msPort, etrPort, global, ms, privateRloc, rtrs);
    }

    private static SecurityKeyAddress securityKey(final Reader reader, final int depth)
            throws LispDecodingException {
        final int keyCount = reader.u8("security-key LCAF");
        reader.skip(1, "security-key LCAF");
        final int keyAlgorithm = reader.u8("security-key LCAF");
        final int rbyte = reader.u8("security-key LCAF");
        final ImmutableBytes[] keys = new ImmutableBytes[keyCount];
        for (int i = 0; i < keyCount; i++) {
            keys[i] = reader.bytes(reader.u16("key length"), "key material");
        }
        return new SecurityKeyAddress(keyAlgorithm, (rbyte & 0x01) != 0, listOf(keys),
            address(reader, depth + 1, "security-key locator"));
    }

    // List.of(E...) copies its argument; the common sizes 0 to 2 avoid the array copy altogether.
    private static <T> List<T> listOf(final T[] items) {
        return switch (items.length) {
            case 0 -> List.of();
            case 1 -> List.of(items[0]);
            case 2 -> List.of(items[0], items[1]);
            default -> List.of(items);
        };
    }

    /**
     * A bounds-checked cursor over the message. {@code limit} shrinks while an LCAF body is read, so that nothing
     * inside an LCAF can read past its Length.
     */
    private static final class Reader {
        private final ByteBuf buf;
        private final int base;
        private final int end;
        private int pos;
        private int limit;

        Reader(final ByteBuf buf, final int base, final int end) {
            this.buf = buf;
            this.base = base;
            this.end = end;
            this.pos = base;
            this.limit = end;
        }

        int remaining() {
            return limit - pos;
        }

        LispDecodingException error(final String reason) {
            return new LispDecodingException(pos - base, reason);
        }

        private void need(final int count, final String what) throws LispDecodingException {
            if (count > limit - pos) {
                throw new LispDecodingException(pos - base, what + " needs " + count + " bytes but "
                    + (limit - pos) + (limit == end ? " are left in the message" : " are left in the enclosing LCAF"));
            }
        }

        int peekU8(final String what) throws LispDecodingException {
            need(1, what);
            return buf.getUnsignedByte(pos);
        }

        int u8(final String what) throws LispDecodingException {
            need(1, what);
            return buf.getUnsignedByte(pos++);
        }

        int u16(final String what) throws LispDecodingException {
            need(2, what);
            final int value = buf.getUnsignedShort(pos);
            pos += 2;
            return value;
        }

        long u32(final String what) throws LispDecodingException {
            need(4, what);
            final long value = buf.getUnsignedInt(pos);
            pos += 4;
            return value;
        }

        int s32(final String what) throws LispDecodingException {
            need(4, what);
            final int value = buf.getInt(pos);
            pos += 4;
            return value;
        }

        long s64(final String what) throws LispDecodingException {
            need(8, what);
            final long value = buf.getLong(pos);
            pos += 8;
            return value;
        }

        long u64(final String what) throws LispDecodingException {
            return s64(what);
        }

        void skip(final int count, final String what) throws LispDecodingException {
            need(count, what);
            pos += count;
        }

        ImmutableBytes bytes(final int count, final String what) throws LispDecodingException {
            need(count, what);
            final ImmutableBytes value = ImmutableBytes.copyOf(buf, pos, count);
            pos += count;
            return value;
        }

        void expectEnd(final MessageType type) throws LispDecodingException {
            if (pos != limit) {
                throw new LispDecodingException(pos - base, (limit - pos) + " trailing bytes after the " + type);
            }
        }
    }
}
