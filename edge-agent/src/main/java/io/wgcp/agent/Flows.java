/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.agent.net.IcmpUnreachable;
import io.wgcp.agent.net.IpPacket;
import io.wgcp.agent.net.MalformedPacketException;
import io.wgcp.agent.net.PacketHold;
import io.wgcp.types.IpPrefix;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The flows the TUN device catches: a packet to an overlay destination without a peer is held while the destination
 * is resolved, sent on once its peer exists (it then leaves through WireGuard), and answered with ICMP unreachable
 * when the destination is unknown, denied, or the map server does not answer.
 */
final class Flows {
    /** How packets leave. */
    interface PacketIo {
        /** Sends a packet again through the host's routing, now that a more specific route exists. */
        void resend(ByteBuffer packet) throws IOException, MalformedPacketException;

        /** Writes an answer into the TUN device, towards the sender of the original packet. */
        void answer(IpPacket packet) throws IOException;
    }

    private static final Logger LOG = System.getLogger(Flows.class.getName());

    private final PacketHold<InetAddress> hold;
    private final PeerTable peers;
    private final NegativeCache negatives;
    private final Resolver resolver;
    private final PacketIo io;
    private final Counters counters;

    Flows(final PacketHold<InetAddress> hold, final PeerTable peers, final NegativeCache negatives,
            final Resolver resolver, final PacketIo io, final Counters counters) {
        this.hold = hold;
        this.peers = peers;
        this.negatives = negatives;
        this.resolver = resolver;
        this.io = io;
        this.counters = counters;
    }

    /** A packet read from the TUN device. */
    void onPacket(final IpPacket packet) {
        counters.count(Counter.TUN_PACKETS);
        final InetAddress destination = packet.destination();
        if (peers.longestMatch(destination) != null) {
            // Read before the more specific route existed: send it on, it now leaves through WireGuard.
            resend(packet.buffer());
            return;
        }
        final var negative = negatives.lookup(destination, Instant.now());
        if (negative != null) {
            answerUnreachable(packet.buffer(), negative);
            return;
        }
        switch (hold.hold(destination, packet)) {
            case HELD_FIRST -> resolver.resolve(destination);
            case DROPPED_DESTINATION_FULL, DROPPED_HOLD_FULL -> counters.count(Counter.PACKETS_DROPPED_HOLD_FULL);
            default -> {
                // held behind the first one: its resolution is on its way
            }
        }
    }

    /** A peer for the prefix exists now: the packets held for destinations inside it leave. */
    void release(final IpPrefix prefix) {
        for (var destination : hold.destinations(prefix::contains)) {
            for (var buffer : hold.release(destination)) {
                resend(buffer);
                counters.count(Counter.PACKETS_RELEASED);
            }
        }
    }

    /**
     * The requested destination, and every held one inside the prefix of the answer, cannot be reached.
     *
     * @param prefix the prefix a negative answer covers; null for none
     */
    void unreachable(final InetAddress requested, final IpPrefix prefix, final IcmpUnreachable.Code code) {
        for (var destination : hold.destinations(held -> held.equals(requested)
                || prefix != null && prefix.contains(held))) {
            for (var buffer : hold.drop(destination)) {
                answerUnreachable(buffer, code);
            }
        }
    }

    int heldPackets() {
        return hold.stats().packets();
    }

    private void resend(final ByteBuffer packet) {
        try {
            io.resend(packet.duplicate());
        } catch (IOException | MalformedPacketException e) {
            counters.count(Counter.ERRORS);
            LOG.log(Level.DEBUG, "Could not re-send a held packet: {0}", e.getMessage());
        }
    }

    private void answerUnreachable(final ByteBuffer original, final IcmpUnreachable.Code code) {
        try {
            final var answer = IcmpUnreachable.answer(IpPacket.parse(original.duplicate()), code);
            if (answer.isPresent()) {
                io.answer(answer.orElseThrow());
                counters.count(Counter.ICMP_UNREACHABLE_SENT);
            }
        } catch (IOException | MalformedPacketException e) {
            counters.count(Counter.ERRORS);
            LOG.log(Level.DEBUG, "Could not answer with ICMP unreachable: {0}", e.getMessage());
        }
    }
}
