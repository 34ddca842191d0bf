/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.wgcp.agent.net.IcmpUnreachable;
import io.wgcp.lisp.codec.LispAuthentication;
import io.wgcp.lisp.codec.LispDecodingException;
import io.wgcp.lisp.codec.LispMessage;
import io.wgcp.lisp.codec.LispMessageDecoder;
import io.wgcp.lisp.codec.MapNotify;
import io.wgcp.lisp.codec.MapReply;
import io.wgcp.lisp.codec.MapReplyAction;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.types.IpPrefix;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * What arrives from the map server on the control socket: Map-Replies (positive: a peer; negative: ICMP for the held
 * flows and a cached negative answer), the Map-Notify answering our Map-Register, and unsolicited Map-Notifies
 * (pushes and publications, each acknowledged once the peers it carries are configured). Anything else, or anything
 * from another address, is counted as malformed; a Map-Notify that does not verify moves the authentication failures.
 */
final class ControlMessages {
    /** What the control messages need of the agent. */
    interface Host {
        void count(Counter counter);

        /** Signs and sends the acknowledgement of an unsolicited Map-Notify. */
        void acknowledge(MapNotify notify, InetSocketAddress sender);

        /** The destination is not reachable: answer the packets held for the matching destinations with ICMP. */
        void unreachable(InetAddress requested, IpPrefix prefix, IcmpUnreachable.Code code);
    }

    private static final Logger LOG = System.getLogger(ControlMessages.class.getName());

    private final InetAddress mapServerAddress;
    private final byte[] secret;
    private final Registration registration;
    private final Resolver resolver;
    private final PeerConfigurator configurator;
    private final NegativeCache negatives;
    private final ControlDelays controlDelays;
    private final Host host;

    ControlMessages(final InetAddress mapServerAddress, final byte[] secret, final Registration registration,
            final Resolver resolver, final PeerConfigurator configurator, final NegativeCache negatives,
            final ControlDelays controlDelays, final Host host) {
        this.mapServerAddress = mapServerAddress;
        this.secret = secret.clone();
        this.registration = registration;
        this.resolver = resolver;
        this.configurator = configurator;
        this.negatives = negatives;
        this.controlDelays = controlDelays;
        this.host = host;
    }

    void onDatagram(final byte[] bytes, final InetSocketAddress sender, final long receivedNanos)
            throws IOException {
        final ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        final LispMessage message;
        try {
            message = LispMessageDecoder.decode(buf);
        } catch (LispDecodingException e) {
            host.count(Counter.MALFORMED);
            LOG.log(Level.DEBUG, "Undecodable datagram from {0}: {1}", sender, e.getMessage());
            return;
        }
        if (!sender.getAddress().equals(mapServerAddress)) {
            // Only the map server speaks to the agent; the control tunnel authenticates its address.
            host.count(Counter.MALFORMED);
        } else if (message instanceof MapReply reply) {
            onMapReply(reply, receivedNanos);
        } else if (!(message instanceof MapNotify notify)) {
            host.count(Counter.MALFORMED);
        } else if (!LispAuthentication.verify(buf, secret)) {
            host.count(Counter.AUTHENTICATION_FAILURES);
        } else if (registration.isAnswer(notify)) {
            registration.answered(notify, Instant.now());
        } else {
            onUnsolicitedNotify(notify, sender);
        }
    }

    private void onMapReply(final MapReply reply, final long receivedNanos) throws IOException {
        final long dispatchedNanos = System.nanoTime();
        final var request = resolver.answered(reply.nonce());
        if (request == null || reply.records().isEmpty()) {
            return;
        }
        final var mappingRecord = reply.records().get(0);
        if (mappingRecord.locators().isEmpty()) {
            host.count(Counter.MAP_REPLIES_NEGATIVE);
            onNegative(mappingRecord, request.destination());
            return;
        }
        host.count(Counter.MAP_REPLIES_POSITIVE);
        final var timing = new PeerConfigurator.Timing();
        if (configurator.apply(mappingRecord, PeerSource.PULLED, null, timing)) {
            controlDelays.record(request.sentNanos(), receivedNanos, dispatchedNanos, timing.routeSet,
                timing.peerSet);
        }
    }

    private void onNegative(final MappingRecord mappingRecord, final InetAddress requested) {
        final var prefix = PeerConfigurator.prefixOf(mappingRecord.eid());
        final var code = mappingRecord.action() == MapReplyAction.DROP_POLICY_DENIED
            ? IcmpUnreachable.Code.ADMIN_PROHIBITED : IcmpUnreachable.Code.HOST_UNREACHABLE;
        if (prefix != null && mappingRecord.ttl() > 0) {
            negatives.put(prefix, code, Instant.now().plus(Duration.ofMinutes(mappingRecord.ttl())));
        }
        host.unreachable(requested, prefix, code);
        if (prefix != null) {
            configurator.removeAllIn(prefix);
        }
    }

    /**
     * A push (someone resolved us) or a publication (a mapping we hold changed). The peer and its route exist before
     * the ack: a map server configured to hold the requester's Map-Reply until the push is acknowledged then
     * releases it only once we can answer.
     */
    private void onUnsolicitedNotify(final MapNotify notify, final InetSocketAddress sender) throws IOException {
        if (notify.records().isEmpty()) {
            // The map server asks us to register now (it restarted, or our key changed there).
            host.count(Counter.REGISTERS_SOLICITED);
            registration.solicited();
        }
        final boolean[] acked = {false};
        final Runnable ack = () -> {
            if (!acked[0]) {
                acked[0] = true;
                host.acknowledge(notify, sender);
            }
        };
        for (var mappingRecord : notify.records()) {
            if (mappingRecord.ttl() == 0 || mappingRecord.locators().isEmpty()) {
                host.count(Counter.NOTIFIES_WITHDRAWAL);
                configurator.withdraw(mappingRecord.eid());
            } else {
                host.count(Counter.NOTIFIES_MAPPING);
                configurator.apply(mappingRecord, PeerSource.PUSHED, ack, null);
            }
        }
        ack.run();
    }
}
