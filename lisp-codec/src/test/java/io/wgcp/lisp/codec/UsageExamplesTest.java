/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flows of the profile, written the way the map server and the edge agent use the codec (the README's examples).
 */
class UsageExamplesTest {
    private static final byte[] PSK = "edge-42-pre-shared-key".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    @Test
    void registerAndNotify() throws UnknownHostException, LispDecodingException {
        // edge agent: build and sign a Map-Register with its WireGuard locator
        final WireGuardLocator wg = WireGuardLocator.of(GoldenVectorTest.WG_KEY.toByteArray(),
            new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 51820), null, 1, 100);
        final MapRegister register = MapRegister.builder(0x1234_5678_9abc_def0L)
            .wantMapNotify(true)
            .authentication(1, LispAuthentication.HMAC_SHA256_128)
            .addRecord(MappingRecord.builder(EidPrefix.of(100, IpAddress.parse("10.2.0.7"), 32))
                .ttl(3)
                .addLocator(wg)
                .build())
            .xtrSiteId(new XtrSiteId(0x42, 0x42, 1))
            .build();
        final ByteBuf datagram = ALLOC.buffer(LispMessageEncoder.encodedLength(register));
        LispAuthentication.encodeAndSign(register, PSK, datagram);

        // map server: decode, pick the key, verify the received bytes, answer with a Map-Notify
        final ByteBuf answer;
        try {
            final LispMessage message = LispMessageDecoder.decode(datagram);
            final MapRegister received = (MapRegister) message;
            assertTrue(LispAuthentication.verify(datagram, PSK));
            final WireGuardLocator endpoint = WireGuardLocator.fromLocator(
                received.records().get(0).locators().get(0)).orElseThrow();
            assertEquals(new InetSocketAddress("203.0.113.7", 51820), endpoint.endpointSocketAddress());
            answer = ALLOC.buffer();
            LispAuthentication.encodeAndSign(MapNotify.answering(received), PSK, answer);
        } finally {
            datagram.release();
        }

        // edge agent: the notify verifies with the same key and carries the register's nonce
        try {
            assertTrue(LispAuthentication.verify(answer, PSK));
            final MapNotify notify = (MapNotify) LispMessageDecoder.decode(answer);
            assertEquals(register.nonce(), notify.nonce());
            assertEquals(register.records(), notify.records());
        } finally {
            answer.release();
        }
    }

    @Test
    void resolve() throws LispDecodingException {
        // edge A asks for B (subscribing), possibly wrapped in an ECM as Open Overlay Router does
        final MapRequest request = MapRequest.builder(77, InstanceIdAddress.of(100, IpAddress.parse("10.1.0.5")))
            .addItrRloc(IpAddress.parse("192.168.100.5"))
            .addRecord(EidPrefix.of(100, IpAddress.parse("10.2.0.7"), 32), true)
            .xtrSiteId(new XtrSiteId(1, 2, 3))
            .build();
        for (LispMessage sent : List.of(request, EncapsulatedControlMessage.of(IpAddress.parse("192.168.100.5"),
                4342, IpAddress.parse("192.168.100.1"), 4342, request))) {
            final ByteBuf datagram = LispMessageEncoder.encode(sent, ALLOC);
            final MapRequest received;
            try {
                final LispMessage message = LispMessageDecoder.decode(datagram);
                received = message instanceof EncapsulatedControlMessage ecm ? ecm.mapRequest() : (MapRequest) message;
            } finally {
                datagram.release();
            }
            assertEquals(request, received);

            // map server: a positive and a negative answer
            final MapReply positive = MapReply.of(received.nonce(), MappingRecord.builder(received.records().get(0)
                .eid()).ttl(1440).addLocator(new WireGuardLocator(GoldenVectorTest.WG_KEY,
                    IpAddress.parse("203.0.113.7"), 51820, null, 1, 100)).build());
            final MapReply negative = MapReply.of(received.nonce(), MappingRecord.negative(
                EidPrefix.of(100, IpAddress.parse("10.2.0.0"), 16), MapReplyAction.DROP_NO_REASON, 1));
            for (MapReply reply : List.of(positive, negative)) {
                final ByteBuf out = LispMessageEncoder.encode(reply, ALLOC);
                try {
                    assertEquals(reply, LispMessageDecoder.decode(out));
                } finally {
                    out.release();
                }
            }
        }
    }
}
