/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The last control delays (Map-Request sent to peer and route configured) and where each went, kept in a ring.
 * Only the agent's event loop records; snapshots are taken on that loop too.
 */
public final class ControlDelays {
    /** The consecutive phases of one control delay; they add up to it. */
    public enum Phase {
        /** Map-Request sent to Map-Reply read from the socket: the control tunnel both ways and the map server. */
        REPLY,
        /** Map-Reply read to taken up: the state lock taken and the reply decoded. */
        DISPATCH,
        /** The route to the data interface set, while WireGuard applies the peer (the request left before it). */
        ROUTE,
        /** The rest of the wait for WireGuard's answer that the peer is set on the data interface. */
        PEER;

        /**
         * Returns the phase's name in the status text and metrics.
         *
         * @return e.g. {@code reply}
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The recorded delays, oldest first, in nanoseconds.
     *
     * @param totals the whole control delays
     * @param phases per phase, the same samples split
     */
    public record Samples(long[] totals, Map<Phase, long[]> phases) {
        public Samples {
            totals = totals.clone();
            final Map<Phase, long[]> copy = new EnumMap<>(Phase.class);
            phases.forEach((phase, values) -> copy.put(phase, values.clone()));
            phases = copy;
        }

        @Override
        public long[] totals() {
            return totals.clone();
        }

        /**
         * Returns one phase's samples.
         *
         * @param phase the phase
         * @return a copy, oldest first
         */
        public long[] of(final Phase phase) {
            return phases.get(phase).clone();
        }

        @Override
        public Map<Phase, long[]> phases() {
            final Map<Phase, long[]> copy = new EnumMap<>(Phase.class);
            phases.forEach((phase, values) -> copy.put(phase, values.clone()));
            return copy;
        }
    }

    private final long[] totals;
    private final long[][] phases = new long[Phase.values().length][];
    private int count;

    ControlDelays(final int capacity) {
        totals = new long[capacity];
        for (int i = 0; i < phases.length; i++) {
            phases[i] = new long[capacity];
        }
    }

    /**
     * Records one resolution from the instants ({@link System#nanoTime}) that end its phases.
     *
     * @param sent Map-Request sent
     * @param received Map-Reply read from the socket
     * @param dispatched Map-Reply taken up (state lock held, decoded)
     * @param routeSet route set (the peer request already sent)
     * @param peerSet peer set (WireGuard's answer read)
     */
    void record(final long sent, final long received, final long dispatched, final long routeSet,
            final long peerSet) {
        final int slot = count % totals.length;
        totals[slot] = peerSet - sent;
        phases[Phase.REPLY.ordinal()][slot] = received - sent;
        phases[Phase.DISPATCH.ordinal()][slot] = dispatched - received;
        phases[Phase.ROUTE.ordinal()][slot] = routeSet - dispatched;
        phases[Phase.PEER.ordinal()][slot] = peerSet - routeSet;
        count++;
    }

    /**
     * Returns the recorded samples, oldest first.
     *
     * @return a copy
     */
    Samples snapshot() {
        final Map<Phase, long[]> byPhase = new EnumMap<>(Phase.class);
        for (var phase : Phase.values()) {
            byPhase.put(phase, inOrder(phases[phase.ordinal()]));
        }
        return new Samples(inOrder(totals), byPhase);
    }

    private long[] inOrder(final long[] ring) {
        if (count <= ring.length) {
            return Arrays.copyOf(ring, count);
        }
        final int oldest = count % ring.length;
        final long[] out = new long[ring.length];
        System.arraycopy(ring, oldest, out, 0, ring.length - oldest);
        System.arraycopy(ring, 0, out, ring.length - oldest, oldest);
        return out;
    }
}
