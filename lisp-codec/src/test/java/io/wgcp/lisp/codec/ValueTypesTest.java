/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet6Address;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
    @Test
    void ipv4Literals() {
        assertEquals(new Ipv4Address(0xC0000201), Ipv4Address.parse("192.0.2.1"));
        assertEquals("192.0.2.1", new Ipv4Address(0xC0000201).toString());
        assertEquals("255.255.255.255", new Ipv4Address(-1).toString());
        for (String bad : List.of("", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "a.b.c.d", "1.2.3.4.")) {
            assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(bad), bad);
        }
    }

    @Test
    void ipv6Literals() {
        final Ipv6Address address = Ipv6Address.parse("2001:db8::1");
        assertEquals(0x20010db800000000L, address.high());
        assertEquals(1, address.low());
        // an IPv4-mapped literal stays IPv6
        final Ipv6Address mapped = Ipv6Address.parse("::ffff:192.0.2.1");
        assertEquals(0x0000ffffc0000201L, mapped.low());
        assertEquals(Inet6Address.class, mapped.toInetAddress().getClass());
        for (String bad : List.of("g::1", "2001:db8::1::2", "::1%eth0", "host.example:1")) {
            assertThrows(IllegalArgumentException.class, () -> IpAddress.parse(bad), bad);
        }
    }

    @Test
    void eidPrefixes() {
        final EidPrefix prefix = EidPrefix.of(7, Ipv4Address.parse("10.0.0.0"), 8);
        assertEquals(7, prefix.instanceId());
        assertEquals(Ipv4Address.parse("10.0.0.0"), prefix.innerAddress());
        assertEquals("[7] 10.0.0.0/8", prefix.toString());
        assertEquals(EidPrefix.parse("10.0.0.0/8"), EidPrefix.of(0, Ipv4Address.parse("10.0.0.0"), 8));
        assertThrows(IllegalArgumentException.class, () -> EidPrefix.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> EidPrefix.parse("2001:db8::/129"));
        assertThrows(IllegalArgumentException.class, () -> EidPrefix.of(7, Ipv4Address.parse("10.0.0.0"), 33));
        assertEquals(255, new EidPrefix(NoAddress.INSTANCE, 255).maskLength());
    }

    @Test
    void bytesAreCopiedInAndOut() {
        final byte[] raw = { 1, 2, 3 };
        final ImmutableBytes bytes = ImmutableBytes.of(raw);
        raw[0] = 9;
        assertEquals(1, bytes.get(0));
        bytes.toByteArray()[1] = 9;
        assertEquals(2, bytes.get(1));
        assertEquals("010203", bytes.toHex());
        assertEquals(bytes, ImmutableBytes.fromHex("010203"));
    }

    @Test
    void fieldRangesAreEnforced() {
        assertThrows(IllegalArgumentException.class, () -> Locator.of(256, 0, NoAddress.INSTANCE));
        assertThrows(IllegalArgumentException.class, () -> new InstanceIdAddress(1L << 32, 0, NoAddress.INSTANCE));
        assertThrows(IllegalArgumentException.class, () -> new InstanceIdAddress(1, 129, NoAddress.INSTANCE));
        assertThrows(IllegalArgumentException.class, () -> new UnknownLcafAddress(2, 0, 0, 0,
            ImmutableBytes.empty()));
        assertThrows(IllegalArgumentException.class, () -> MapRequest.builder(1, NoAddress.INSTANCE).build());
        assertThrows(IllegalArgumentException.class, () -> new MappingRecord(-1, MapReplyAction.NO_ACTION, true, 0,
            EidPrefix.parse("10.0.0.0/8"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new MappingRecord(1, MapReplyAction.NO_ACTION, true,
            4096, EidPrefix.parse("10.0.0.0/8"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new EncapsulatedControlMessage(false, false, false, false,
            Ipv4Address.parse("192.0.2.1"), Ipv6Address.parse("2001:db8::1"), 1, 1, 64,
            MapRequest.builder(1, NoAddress.INSTANCE).addItrRloc(NoAddress.INSTANCE).build()));
    }

    @Test
    void oversizedLcafIsRefusedByTheEncoder() {
        final LispAddress huge = AfiListAddress.of(new UnknownLcafAddress(99, 0, 0, 0, ImmutableBytes.zeros(40_000)),
            new UnknownLcafAddress(99, 0, 0, 0, ImmutableBytes.zeros(40_000)));
        assertThrows(IllegalArgumentException.class, () -> LispMessageEncoder.writeAddress(huge, Unpooled.buffer()));
    }

    @Test
    void typesArePeekedWithoutDecoding() {
        assertEquals(MessageType.MAP_REGISTER, LispMessageDecoder.peekType(Unpooled.wrappedBuffer(new byte[] {
            0x30 })));
        assertNull(LispMessageDecoder.peekType(Unpooled.wrappedBuffer(new byte[] { 0x60 })));
        assertNull(LispMessageDecoder.peekType(Unpooled.EMPTY_BUFFER));
        assertEquals(8, MessageType.ENCAPSULATED_CONTROL_MESSAGE.code());
    }

    @Test
    void failedDecodingLeavesTheIndexesAlone() {
        final ByteBuf buf = Unpooled.wrappedBuffer(Hex.bytes("10000001 0102030405060708 0001"));
        final LispDecodingException ex = assertThrows(LispDecodingException.class,
            () -> LispMessageDecoder.decode(buf));
        assertEquals(0, buf.readerIndex());
        assertEquals(14, ex.offset());
        assertThrows(IllegalArgumentException.class, () -> LispMessageDecoder.decode(buf, 10, 10));
    }
}
