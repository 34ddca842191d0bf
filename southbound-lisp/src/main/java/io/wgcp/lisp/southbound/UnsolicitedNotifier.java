/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import io.wgcp.lisp.codec.LispAuthentication;
import io.wgcp.lisp.codec.MapNotify;
import io.wgcp.lisp.codec.MapNotifyAck;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.mapserver.api.ControlPlaneCounters;
import io.wgcp.mapserver.api.ControlPlaneCounters.Kind;
import io.wgcp.mapserver.api.EdgeInfo;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.statistics.MessageCounters.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends unsolicited Map-Notifies (pushes of a requester's mapping, publications to subscribers) and retransmits
 * each until the edge acknowledges it with a Map-Notify-Ack carrying the same nonce and signed with the same key
 * (RFC 9301 section 5.7): every interval three times, then with a doubling interval, then it gives up.
 */
final class UnsolicitedNotifier implements AutoCloseable {
    /** The LISP control port, where edges receive unsolicited messages. */
    static final int CONTROL_PORT = 4342;

    private static final Logger LOG = LoggerFactory.getLogger(UnsolicitedNotifier.class);
    private static final int STEADY_RETRANSMITS = 3;
    private static final long MAX_INTERVAL_MS = 60_000;

    /** One notify waiting for its acknowledgement. */
    private final class Pending {
        final long nonce;
        final EdgeInfo edge;
        final byte[] secret;
        final InetSocketAddress recipient;
        final ByteBuf message;
        final Channel channel;
        final CompletableFuture<Boolean> acknowledged = new CompletableFuture<>();
        int retransmits;
        ScheduledFuture<?> timer;

        Pending(final long nonce, final EdgeInfo edge, final byte[] secret, final ByteBuf message,
                final Channel channel) {
            this.nonce = nonce;
            this.edge = edge;
            this.secret = secret;
            this.recipient = new InetSocketAddress(edge.controlAddress(), CONTROL_PORT);
            this.message = message;
            this.channel = channel;
        }

        void transmit() {
            channel.writeAndFlush(new DatagramPacket(message.retainedDuplicate(), recipient));
        }

        void schedule() {
            final long interval = retransmits < STEADY_RETRANSMITS ? retransmitIntervalMs
                : Math.min(MAX_INTERVAL_MS, retransmitIntervalMs << Math.min(20, retransmits - STEADY_RETRANSMITS + 1));
            timer = channel.eventLoop().schedule(this::expire, interval, TimeUnit.MILLISECONDS);
        }

        private void expire() {
            if (acknowledged.isDone()) {
                return;
            }
            if (retransmits >= maxRetransmits) {
                LOG.info("Edge {} did not acknowledge Map-Notify {} after {} retransmissions; giving up",
                    edge.edgeId(), Long.toHexString(nonce), retransmits);
                finish(false);
                return;
            }
            retransmits++;
            counters.increment(MessageType.MapNotify, Kind.RETRANSMITTED);
            counters.increment(MessageType.MapNotify, Kind.SENT);
            transmit();
            schedule();
        }

        void finish(final boolean acked) {
            if (pending.remove(nonce, this)) {
                if (timer != null) {
                    timer.cancel(false);
                }
                message.release();
                acknowledged.complete(acked);
            }
        }
    }

    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ControlPlaneCounters counters;
    private final Supplier<Channel> channels;
    private final long retransmitIntervalMs;
    private final int maxRetransmits;

    /**
     * Creates a notifier.
     *
     * @param counters the control-plane counters
     * @param channels picks the socket to send from
     * @param retransmitIntervalMs the first retransmission interval
     * @param maxRetransmits retransmissions before giving up
     */
    UnsolicitedNotifier(final ControlPlaneCounters counters, final Supplier<Channel> channels,
            final long retransmitIntervalMs, final int maxRetransmits) {
        this.counters = counters;
        this.channels = channels;
        this.retransmitIntervalMs = retransmitIntervalMs;
        this.maxRetransmits = maxRetransmits;
    }

    /**
     * Sends records to an edge's control address in an unsolicited Map-Notify signed with the edge's key.
     *
     * @param edge the recipient
     * @param secret the edge's Map-Register key
     * @param records the records
     * @return completes with true when the edge acknowledged, false when the notifier gave up
     */
    CompletableFuture<Boolean> send(final EdgeInfo edge, final byte[] secret, final List<MappingRecord> records) {
        final var key = edge.mapRegisterKey();
        final int algorithm = key.algorithm().getIntValue();
        long nonce;
        do {
            nonce = random.nextLong();
        } while (pending.containsKey(nonce));
        final var notify = MapNotify.unsigned(nonce, key.keyId(), algorithm,
            LispAuthentication.truncatedMacLength(algorithm), records);
        final var channel = channels.get();
        final var buffer = channel.alloc().buffer();
        LispAuthentication.encodeAndSign(notify, secret, buffer);
        final var entry = new Pending(nonce, edge, secret, buffer, channel);
        pending.put(nonce, entry);
        counters.increment(MessageType.MapNotify, Kind.SENT);
        entry.transmit();
        // Schedule on the channel's event loop; an acknowledgement may race with it, finish() is idempotent.
        channel.eventLoop().execute(() -> {
            if (!entry.acknowledged.isDone()) {
                entry.schedule();
            }
        });
        return entry.acknowledged;
    }

    /**
     * Handles a Map-Notify-Ack.
     *
     * @param ack the decoded acknowledgement
     * @param raw the datagram as received, to verify its authentication data
     * @param sender where it came from
     */
    void acknowledge(final MapNotifyAck ack, final ByteBuf raw, final InetSocketAddress sender) {
        final var entry = pending.get(ack.nonce());
        if (entry == null) {
            // A duplicate for a notify already acknowledged, or one we gave up on: nothing to do.
            LOG.debug("Map-Notify-Ack {} from {} matches no pending Map-Notify", Long.toHexString(ack.nonce()),
                sender);
            return;
        }
        if (!entry.edge.controlAddress().equals(sender.getAddress())) {
            counters.increment(MessageType.MapNotifyAck, Kind.UNAUTHORIZED);
            return;
        }
        if (!LispAuthentication.verify(raw, entry.secret)) {
            counters.increment(MessageType.MapNotifyAck, Kind.AUTHENTICATION_FAILED);
            return;
        }
        entry.finish(true);
    }

    /**
     * Returns how many notifies wait for an acknowledgement.
     *
     * @return a count
     */
    int pendingCount() {
        return pending.size();
    }

    @Override
    public void close() {
        for (var entry : List.copyOf(pending.values())) {
            entry.finish(false);
        }
    }
}
