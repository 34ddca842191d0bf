/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * Encodes LISP control messages into a {@link ByteBuf}.
 *
 * <p>Encoding writes exactly what the message objects hold: reserved bits and the reserved bytes of known LCAFs are
 * zero, unknown LCAFs are written back verbatim, LCAF Lengths are back-patched after their bodies are written, and an
 * ECM gets a freshly built inner IP/UDP header with computed checksums. Anything the decoder accepts and returns
 * encodes back to the same bytes, except for those normalised fields.
 *
 * <p>The value types validate their fields when they are built, so encoding only fails (with
 * {@link IllegalArgumentException}) when an LCAF body or an ECM's inner packet exceeds 65535 bytes. The class is
 * stateless and thread-safe.
 */
public final class LispMessageEncoder {
    private LispMessageEncoder() {
        // static methods only
    }

    /**
     * Writes a message at the writer index of a buffer (the buffer grows as needed).
     *
     * @param message the message
     * @param out the buffer
     * @return the number of bytes written
     */
    public static int encode(final LispMessage message, final ByteBuf out) {
        final int start = out.writerIndex();
        if (message instanceof MapRequest request) {
            mapRequest(request, out);
        } else if (message instanceof MapReply reply) {
            mapReply(reply, out);
        } else if (message instanceof MapRegister register) {
            final int b0 = 3 << 4 | bit(register.proxyMapReply(), 0x08) | bit(register.securityCapable(), 0x04)
                | bit(register.xtrSiteIdPresent(), 0x02);
            final int b2 = bit(register.eidNotify(), 0x10) | bit(register.useTtlForTimeout(), 0x08)
                | bit(register.mergeRequest(), 0x04) | bit(register.reservedR(), 0x02)
                | bit(register.wantMapNotify(), 0x01);
            authenticated(register, b0, b2, out);
        } else if (message instanceof MapNotify notify) {
            authenticated(notify, 4 << 4 | bit(notify.xtrSiteIdPresent(), 0x08) | bit(notify.reservedR(), 0x04), 0,
                out);
        } else if (message instanceof MapNotifyAck ack) {
            authenticated(ack, 5 << 4 | bit(ack.xtrSiteIdPresent(), 0x08) | bit(ack.reservedR(), 0x04), 0, out);
        } else {
            encapsulatedControlMessage((EncapsulatedControlMessage) message, out);
        }
        return out.writerIndex() - start;
    }

    /**
     * Allocates a buffer of exactly the right size from an allocator and encodes a message into it.
     *
     * @param message the message
     * @param allocator the allocator
     * @return a buffer holding the message, to be released by the caller
     */
    public static ByteBuf encode(final LispMessage message, final ByteBufAllocator allocator) {
        final ByteBuf out = allocator.buffer(encodedLength(message));
        encode(message, out);
        return out;
    }

    /**
     * Computes the encoded size of a message without encoding it.
     *
     * @param message the message
     * @return the number of bytes {@link #encode(LispMessage, ByteBuf)} writes
     */
    public static int encodedLength(final LispMessage message) {
        if (message instanceof MapRequest request) {
            return mapRequestLength(request);
        } else if (message instanceof MapReply reply) {
            return 12 + recordsLength(reply.records());
        } else if (message instanceof AuthenticatedMessage authenticated) {
            return 16 + authenticated.authenticationData().length() + recordsLength(authenticated.records())
                + (authenticated.xtrSiteId() != null ? XtrSiteId.WIRE_LENGTH : 0);
        } else {
            final EncapsulatedControlMessage ecm = (EncapsulatedControlMessage) message;
            return 4 + (ecm.innerSource() instanceof Ipv4Address ? 20 : 40) + 8 + mapRequestLength(ecm.mapRequest());
        }
    }

    /**
     * Computes the encoded size of an address, AFI included.
     *
     * @param address the address
     * @return the number of bytes
     */
    public static int addressLength(final LispAddress address) {
        if (address instanceof Ipv4Address) {
            return 6;
        } else if (address instanceof Ipv6Address) {
            return 18;
        } else if (address instanceof NoAddress) {
            return 2;
        } else if (address instanceof InstanceIdAddress iid) {
            return 12 + addressLength(iid.address());
        } else if (address instanceof SecurityKeyAddress key) {
            int length = 12 + addressLength(key.locatorAddress());
            for (ImmutableBytes material : key.keys()) {
                length += 2 + material.length();
            }
            return length;
        } else if (address instanceof NatTraversalAddress nat) {
            return 12 + addressLength(nat.globalEtrRloc()) + addressLength(nat.msRloc())
                + addressLength(nat.privateEtrRloc()) + addressesLength(nat.rtrRlocs());
        } else if (address instanceof AfiListAddress list) {
            return 8 + addressesLength(list.addresses());
        } else if (address instanceof UnknownLcafAddress unknown) {
            return 8 + unknown.body().length();
        }
        // unreachable: the address hierarchy is sealed
        throw new IllegalStateException("unexpected address type " + address.getClass());
    }

    /**
     * Writes an address, AFI included.
     *
     * @param address the address
     * @param out the buffer
     */
    public static void writeAddress(final LispAddress address, final ByteBuf out) {
        if (address instanceof Ipv4Address ipv4) {
            out.writeShort(Afi.IPV4);
            out.writeInt(ipv4.bits());
        } else if (address instanceof Ipv6Address ipv6) {
            out.writeShort(Afi.IPV6);
            out.writeLong(ipv6.high());
            out.writeLong(ipv6.low());
        } else if (address instanceof NoAddress) {
            out.writeShort(Afi.NONE);
        } else if (address instanceof UnknownLcafAddress unknown) {
            out.writeShort(Afi.LCAF);
            out.writeByte(unknown.reserved1());
            out.writeByte(unknown.flags());
            out.writeByte(unknown.lcafType());
            out.writeByte(unknown.reserved2());
            out.writeShort(unknown.body().length());
            unknown.body().writeTo(out);
        } else {
            knownLcaf((LcafAddress) address, out);
        }
    }

    private static void knownLcaf(final LcafAddress address, final ByteBuf out) {
        out.writeShort(Afi.LCAF);
        // Rsvd1 and Flags
        out.writeShort(0);
        out.writeByte(address.lcafType());
        out.writeByte(address instanceof InstanceIdAddress iid ? iid.iidMaskLength() : 0);
        final int lengthIndex = out.writerIndex();
        out.writeShort(0);
        final int bodyStart = out.writerIndex();
        if (address instanceof InstanceIdAddress iid) {
            out.writeInt((int) iid.instanceId());
            writeAddress(iid.address(), out);
        } else if (address instanceof SecurityKeyAddress key) {
            out.writeByte(key.keyCount());
            out.writeByte(0);
            out.writeByte(key.keyAlgorithm());
            out.writeByte(key.revoked() ? 1 : 0);
            for (ImmutableBytes material : key.keys()) {
                out.writeShort(material.length());
                material.writeTo(out);
            }
            writeAddress(key.locatorAddress(), out);
        } else if (address instanceof NatTraversalAddress nat) {
            out.writeShort(nat.msPort());
            out.writeShort(nat.etrPort());
            writeAddress(nat.globalEtrRloc(), out);
            writeAddress(nat.msRloc(), out);
            writeAddress(nat.privateEtrRloc(), out);
            for (LispAddress rtr : nat.rtrRlocs()) {
                writeAddress(rtr, out);
            }
        } else {
            for (LispAddress member : ((AfiListAddress) address).addresses()) {
                writeAddress(member, out);
            }
        }
        final int length = out.writerIndex() - bodyStart;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("LCAF type " + address.lcafType() + " body of " + length
                + " bytes does not fit its 16-bit Length");
        }
        out.setShort(lengthIndex, length);
    }

    private static void mapRequest(final MapRequest request, final ByteBuf out) {
        final int b0 = 1 << 4 | bit(request.authoritative(), 0x08) | bit(request.mapDataPresent(), 0x04)
            | bit(request.probe(), 0x02) | bit(request.smr(), 0x01);
        final int b1 = bit(request.pitr(), 0x80) | bit(request.smrInvoked(), 0x40) | bit(request.reservedR(), 0x20)
            | bit(request.xtrSiteIdPresent(), 0x10);
        final int b2 = bit(request.local(), 0x40) | bit(request.dontMapReply(), 0x20) | request.itrRlocs().size() - 1;
        out.writeInt(b0 << 24 | b1 << 16 | b2 << 8 | request.records().size());
        out.writeLong(request.nonce());
        writeAddress(request.sourceEid(), out);
        for (LispAddress rloc : request.itrRlocs()) {
            writeAddress(rloc, out);
        }
        for (MapRequestRecord eidRecord : request.records()) {
            out.writeByte(eidRecord.subscribe() ? 0x80 : 0);
            out.writeByte(eidRecord.eid().maskLength());
            writeAddress(eidRecord.eid().address(), out);
        }
        if (request.mapReplyRecord() != null) {
            mappingRecord(request.mapReplyRecord(), out);
        }
        xtrSiteId(request.xtrSiteId(), out);
    }

    private static int mapRequestLength(final MapRequest request) {
        int length = 12 + addressLength(request.sourceEid()) + addressesLength(request.itrRlocs());
        for (MapRequestRecord eidRecord : request.records()) {
            length += 2 + addressLength(eidRecord.eid().address());
        }
        if (request.mapReplyRecord() != null) {
            length += recordLength(request.mapReplyRecord());
        }
        return length + (request.xtrSiteId() != null ? XtrSiteId.WIRE_LENGTH : 0);
    }

    private static void mapReply(final MapReply reply, final ByteBuf out) {
        final int b0 = 2 << 4 | bit(reply.probe(), 0x08) | bit(reply.echoNonce(), 0x04) | bit(reply.security(), 0x02);
        out.writeInt(b0 << 24 | reply.records().size());
        out.writeLong(reply.nonce());
        for (MappingRecord mappingRecord : reply.records()) {
            mappingRecord(mappingRecord, out);
        }
    }

    private static void authenticated(final AuthenticatedMessage message, final int b0, final int b2,
            final ByteBuf out) {
        out.writeInt(b0 << 24 | b2 << 8 | message.records().size());
        out.writeLong(message.nonce());
        out.writeByte(message.keyId());
        out.writeByte(message.algorithmId());
        out.writeShort(message.authenticationData().length());
        message.authenticationData().writeTo(out);
        for (MappingRecord mappingRecord : message.records()) {
            mappingRecord(mappingRecord, out);
        }
        xtrSiteId(message.xtrSiteId(), out);
    }

    private static void xtrSiteId(final XtrSiteId xtrSiteId, final ByteBuf out) {
        if (xtrSiteId != null) {
            out.writeLong(xtrSiteId.xtrIdHigh());
            out.writeLong(xtrSiteId.xtrIdLow());
            out.writeLong(xtrSiteId.siteId());
        }
    }

    private static void mappingRecord(final MappingRecord mappingRecord, final ByteBuf out) {
        out.writeInt((int) mappingRecord.ttl());
        out.writeByte(mappingRecord.locators().size());
        out.writeByte(mappingRecord.eid().maskLength());
        out.writeByte(mappingRecord.action().code() << 5 | bit(mappingRecord.authoritative(), 0x10));
        out.writeByte(0);
        out.writeShort(mappingRecord.mapVersion());
        writeAddress(mappingRecord.eid().address(), out);
        for (Locator locator : mappingRecord.locators()) {
            out.writeByte(locator.priority());
            out.writeByte(locator.weight());
            out.writeByte(locator.multicastPriority());
            out.writeByte(locator.multicastWeight());
            out.writeShort(bit(locator.local(), 0x04) | bit(locator.probed(), 0x02) | bit(locator.reachable(), 0x01));
            writeAddress(locator.address(), out);
        }
    }

    private static int recordsLength(final List<MappingRecord> records) {
        int length = 0;
        for (MappingRecord mappingRecord : records) {
            length += recordLength(mappingRecord);
        }
        return length;
    }

    private static int recordLength(final MappingRecord mappingRecord) {
        int length = 10 + addressLength(mappingRecord.eid().address());
        for (Locator locator : mappingRecord.locators()) {
            length += 6 + addressLength(locator.address());
        }
        return length;
    }

    private static int addressesLength(final List<LispAddress> addresses) {
        int length = 0;
        for (LispAddress address : addresses) {
            length += addressLength(address);
        }
        return length;
    }

    private static void encapsulatedControlMessage(final EncapsulatedControlMessage ecm, final ByteBuf out) {
        out.writeInt((8 << 4 | bit(ecm.security(), 0x08) | bit(ecm.ddtOriginated(), 0x04) | bit(ecm.toEtr(), 0x02)
            | bit(ecm.toMapServer(), 0x01)) << 24);
        final int ipStart = out.writerIndex();
        final boolean ipv4 = ecm.innerSource() instanceof Ipv4Address;
        if (ipv4) {
            // version 4, IHL 5, TOS 0, total length (patched), identification 0, no fragmentation
            out.writeInt(0x4500_0000);
            out.writeInt(0);
            out.writeByte(ecm.innerHopLimit());
            out.writeByte(17);
            // header checksum, patched
            out.writeShort(0);
            out.writeInt(((Ipv4Address) ecm.innerSource()).bits());
            out.writeInt(((Ipv4Address) ecm.innerDestination()).bits());
        } else {
            // version 6, traffic class 0, flow label 0, payload length (patched)
            out.writeInt(0x6000_0000);
            out.writeShort(0);
            out.writeByte(17);
            out.writeByte(ecm.innerHopLimit());
            final Ipv6Address source = (Ipv6Address) ecm.innerSource();
            final Ipv6Address destination = (Ipv6Address) ecm.innerDestination();
            out.writeLong(source.high());
            out.writeLong(source.low());
            out.writeLong(destination.high());
            out.writeLong(destination.low());
        }
        final int udpStart = out.writerIndex();
        out.writeShort(ecm.innerSourcePort());
        out.writeShort(ecm.innerDestinationPort());
        // length and checksum, patched
        out.writeInt(0);
        mapRequest(ecm.mapRequest(), out);

        final int end = out.writerIndex();
        final int udpLength = end - udpStart;
        if (end - ipStart > 0xFFFF) {
            throw new IllegalArgumentException("encapsulated packet of " + (end - ipStart) + " bytes is too large");
        }
        out.setShort(udpStart + 4, udpLength);
        // UDP pseudo-header: addresses, protocol, UDP length (RFC 768, RFC 8200 section 8.1)
        long sum = Checksums.sum(out, ipv4 ? ipStart + 12 : ipStart + 8, ipv4 ? 8 : 32) + 17 + udpLength;
        sum += Checksums.sum(out, udpStart, udpLength);
        final int udpChecksum = Checksums.fold(sum);
        // an all-zero UDP checksum means "none", so a computed zero is sent as all ones
        out.setShort(udpStart + 6, udpChecksum == 0 ? 0xFFFF : udpChecksum);
        if (ipv4) {
            out.setShort(ipStart + 2, end - ipStart);
            out.setShort(ipStart + 10, Checksums.fold(Checksums.sum(out, ipStart, 20)));
        } else {
            out.setShort(ipStart + 4, udpLength);
        }
    }

    private static int bit(final boolean flag, final int mask) {
        return flag ? mask : 0;
    }
}
