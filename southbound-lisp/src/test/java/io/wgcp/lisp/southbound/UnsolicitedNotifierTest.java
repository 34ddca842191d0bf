/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import static io.wgcp.lisp.southbound.Edges.A;
import static io.wgcp.lisp.southbound.Edges.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.wgcp.lisp.codec.LispAuthentication;
import io.wgcp.lisp.codec.LispMessageDecoder;
import io.wgcp.lisp.codec.MapNotify;
import io.wgcp.lisp.codec.MapNotifyAck;
import io.wgcp.mapserver.api.ControlPlaneCounters;
import io.wgcp.mapserver.api.ControlPlaneCounters.Kind;
import io.wgcp.types.IpLiteral;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.statistics.MessageCounters.MessageType;

/** Retransmission and acknowledgement of unsolicited Map-Notifies, on Netty's in-memory channel and clock. */
class UnsolicitedNotifierTest {
    private static final long INTERVAL_MS = 3000;

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ControlPlaneCounters counters = new ControlPlaneCounters();
    private final UnsolicitedNotifier notifier = new UnsolicitedNotifier(counters, () -> channel, INTERVAL_MS, 5);

    UnsolicitedNotifierTest() {
        channel.freezeTime();
    }

    @AfterEach
    void close() {
        notifier.close();
        channel.finishAndReleaseAll();
    }

    private List<DatagramPacket> sent() {
        channel.runPendingTasks();
        final List<DatagramPacket> out = new ArrayList<>();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            out.add((DatagramPacket) message);
        }
        return out;
    }

    private void advance(final long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    private static MapNotify decode(final DatagramPacket packet) throws Exception {
        try {
            return (MapNotify) LispMessageDecoder.decode(packet.content());
        } finally {
            packet.release();
        }
    }

    private static ByteBuf ackFor(final MapNotify notify, final byte[] secret) {
        final ByteBuf out = Unpooled.buffer();
        LispAuthentication.encodeAndSign(MapNotifyAck.acknowledging(notify), secret, out);
        return out;
    }

    @Test
    void aNotifyGoesToTheEdgesControlPortSignedWithItsKey() throws Exception {
        final var acked = notifier.send(B, Edges.secretOf(B), List.of(Edges.mappingOf(A, "198.18.0.11")));
        final var packets = sent();
        assertEquals(1, packets.size());
        assertEquals(new InetSocketAddress(B.controlAddress(), 4342), packets.get(0).recipient());
        final ByteBuf copy = packets.get(0).content().copy();
        assertTrue(LispAuthentication.verify(copy, Edges.secretOf(B)), "signed with b's Map-Register key");
        copy.release();
        final var notify = decode(packets.get(0));
        assertEquals(List.of(Edges.mappingOf(A, "198.18.0.11")), notify.records());
        assertFalse(acked.isDone());
        assertEquals(1, notifier.pendingCount());
    }

    @Test
    void itIsRetransmittedThreeTimesAtTheIntervalThenLessOftenThenGivenUp() {
        final var acked = notifier.send(B, Edges.secretOf(B), List.of(Edges.mappingOf(A, "198.18.0.11")));
        sent().forEach(DatagramPacket::release);
        final List<Long> gaps = new ArrayList<>();
        long waited = 0;
        for (int i = 0; i < 200 && !acked.isDone(); i++) {
            advance(500);
            waited += 500;
            final var packets = sent();
            if (!packets.isEmpty()) {
                gaps.add(waited);
                waited = 0;
                packets.forEach(DatagramPacket::release);
            }
        }
        assertEquals(List.of(3000L, 3000L, 3000L, 6000L, 12000L), gaps);
        assertTrue(acked.isDone());
        assertFalse(acked.join(), "given up after the last retransmission");
        assertEquals(5, counters.get(MessageType.MapNotify, Kind.RETRANSMITTED));
        assertEquals(0, notifier.pendingCount());
    }

    @Test
    void anAcknowledgementFromTheEdgeEndsTheRetransmissions() throws Exception {
        final var acked = notifier.send(B, Edges.secretOf(B), List.of(Edges.mappingOf(A, "198.18.0.11")));
        final var notify = decode(sent().get(0));
        final ByteBuf ack = ackFor(notify, Edges.secretOf(B));
        notifier.acknowledge((MapNotifyAck) LispMessageDecoder.decode(ack.duplicate()), ack, Edges.from(B));
        ack.release();
        assertTrue(acked.join());
        advance(10 * INTERVAL_MS);
        assertTrue(sent().isEmpty(), "nothing is sent again");
    }

    @Test
    void anAckFromElsewhereOrWithTheWrongKeyIsRefused() throws Exception {
        final var acked = notifier.send(B, Edges.secretOf(B), List.of(Edges.mappingOf(A, "198.18.0.11")));
        final var notify = decode(sent().get(0));
        final ByteBuf fromA = ackFor(notify, Edges.secretOf(B));
        notifier.acknowledge((MapNotifyAck) LispMessageDecoder.decode(fromA.duplicate()), fromA, Edges.from(A));
        fromA.release();
        final ByteBuf wrongKey = ackFor(notify, Edges.secretOf(A));
        notifier.acknowledge((MapNotifyAck) LispMessageDecoder.decode(wrongKey.duplicate()), wrongKey,
            Edges.from(B));
        wrongKey.release();
        assertFalse(acked.isDone());
        assertEquals(1, counters.get(MessageType.MapNotifyAck, Kind.UNAUTHORIZED));
        assertEquals(1, counters.get(MessageType.MapNotifyAck, Kind.AUTHENTICATION_FAILED));
        final ByteBuf stray = ackFor(MapNotify.unsigned(notify.nonce() + 1, 1, 2, 16, List.of()),
            Edges.secretOf(B));
        notifier.acknowledge((MapNotifyAck) LispMessageDecoder.decode(stray.duplicate()), stray,
            new InetSocketAddress(IpLiteral.parse("192.0.2.12"), 4342));
        stray.release();
        assertEquals(1, notifier.pendingCount(), "an ack for no pending notify changes nothing");
        assertEquals(1, counters.get(MessageType.MapNotifyAck, Kind.UNAUTHORIZED));
    }
}
