/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Packets waiting for their destination to be resolved, bounded per destination and in total (packets and bytes).
 * The first packet held for a destination tells the caller to start resolving it ({@link Result#HELD_FIRST});
 * {@link #release(Object)} hands the packets back in arrival order once the route exists, {@link #drop(Object)} when
 * resolution failed (e.g. to answer them with ICMP unreachable).
 *
 * <p>When a limit is reached the arriving packet is dropped and counted, not an older one: the first packets of a
 * flow (a TCP SYN, a DNS query) are the ones worth keeping, and senders retransmit what was dropped after them.
 *
 * <p>Thread-safe, with one lock: every operation is O(1) per packet and held packets are rare (only the first
 * packets towards each new destination reach the agent at all), so the lock is never contended for long.
 *
 * @param <K> the destination key, e.g. an {@link java.net.InetAddress}; it needs equals and hashCode
 */
public final class PacketHold<K> {
    /**
     * What {@link #hold(Object, ByteBuffer)} did with a packet.
     */
    public enum Result {
        /** Held, and the first packet held for its destination: resolution should start. */
        HELD_FIRST,
        /** Held behind earlier packets of the same destination. */
        HELD,
        /** Dropped: its destination already holds {@link Limits#perDestination()} packets. */
        DROPPED_DESTINATION_FULL,
        /** Dropped: the hold is at {@link Limits#total()} packets or {@link Limits#totalBytes()} bytes. */
        DROPPED_HOLD_FULL;

        /**
         * Whether the packet was held.
         *
         * @return true for {@link #HELD_FIRST} and {@link #HELD}
         */
        public boolean isHeld() {
            return this == HELD_FIRST || this == HELD;
        }
    }

    /**
     * The bounds of a hold.
     *
     * @param perDestination the most packets held for one destination
     * @param total the most packets held in all
     * @param totalBytes the most bytes held in all
     */
    public record Limits(int perDestination, int total, long totalBytes) {
        /**
         * Defaults: 8 packets per destination (Linux queues 3 per unresolved neighbour; a few more cover the first
         * packets of parallel flows), 1024 packets and 4 MiB in all.
         */
        public static final Limits DEFAULT = new Limits(8, 1024, 4L << 20);

        /**
         * Validates.
         *
         * @param perDestination the most packets held for one destination
         * @param total the most packets held in all
         * @param totalBytes the most bytes held in all
         * @throws IllegalArgumentException if a limit is not positive or the per-destination one exceeds the total
         */
        public Limits {
            if (perDestination < 1 || total < 1 || totalBytes < 1) {
                throw new IllegalArgumentException("limits must be positive: " + perDestination + ", " + total
                    + ", " + totalBytes);
            }
            if (perDestination > total) {
                throw new IllegalArgumentException("per-destination limit " + perDestination + " > total " + total);
            }
        }
    }

    /**
     * A snapshot of a hold's counters.
     *
     * @param destinations the destinations with packets held
     * @param packets the packets held
     * @param bytes the bytes held
     * @param released the packets handed back by {@link #release(Object)} so far
     * @param droppedFull the packets dropped on arrival because a limit was reached, so far
     * @param droppedUnresolved the packets handed back by {@link #drop(Object)} so far
     */
    public record Stats(int destinations, int packets, long bytes, long released, long droppedFull,
            long droppedUnresolved) {
    }

    private final Limits limits;
    private final Map<K, ArrayDeque<byte[]>> queues = new HashMap<>();
    private int packets;
    private long bytes;
    private long released;
    private long droppedFull;
    private long droppedUnresolved;

    /**
     * Creates an empty hold.
     *
     * @param limits its bounds
     */
    public PacketHold(final Limits limits) {
        this.limits = Objects.requireNonNull(limits);
    }

    /**
     * The bounds of this hold.
     *
     * @return the limits
     */
    public Limits limits() {
        return limits;
    }

    /**
     * Holds a copy of a packet for a destination, unless a limit is reached.
     *
     * @param destination the destination key
     * @param packet the packet, from its position to its limit (copied; the position is not changed)
     * @return what was done; a drop is counted in {@link Stats#droppedFull()}
     */
    public Result hold(final K destination, final ByteBuffer packet) {
        Objects.requireNonNull(destination);
        final int length = packet.remaining();
        synchronized (this) {
            final ArrayDeque<byte[]> queue = queues.get(destination);
            if (queue != null && queue.size() >= limits.perDestination()) {
                droppedFull++;
                return Result.DROPPED_DESTINATION_FULL;
            }
            if (packets >= limits.total() || bytes + length > limits.totalBytes()) {
                droppedFull++;
                return Result.DROPPED_HOLD_FULL;
            }
            // Copied under the lock only once it is known to be kept; a packet is at most 64 KiB.
            final byte[] copy = new byte[length];
            packet.get(packet.position(), copy);
            packets++;
            bytes += length;
            if (queue == null) {
                final ArrayDeque<byte[]> created = new ArrayDeque<>(Math.min(limits.perDestination(), 16));
                created.add(copy);
                queues.put(destination, created);
                return Result.HELD_FIRST;
            }
            queue.add(copy);
            return Result.HELD;
        }
    }

    /**
     * Holds a copy of a parsed packet, see {@link #hold(Object, ByteBuffer)}.
     *
     * @param destination the destination key
     * @param packet the packet
     * @return what was done
     */
    public Result hold(final K destination, final IpPacket packet) {
        return hold(destination, packet.buffer());
    }

    /**
     * Takes out the packets of a destination, to be sent now that it is resolved.
     *
     * @param destination the destination key
     * @return the packets in arrival order, read-only; empty if none were held
     */
    public List<ByteBuffer> release(final K destination) {
        return takeOut(destination, true);
    }

    /**
     * Takes out the packets of a destination that could not be resolved, to be dropped or answered with an error.
     *
     * @param destination the destination key
     * @return the packets in arrival order, read-only; empty if none were held
     */
    public List<ByteBuffer> drop(final K destination) {
        return takeOut(destination, false);
    }

    private List<ByteBuffer> takeOut(final K destination, final boolean resolved) {
        final ArrayDeque<byte[]> queue;
        synchronized (this) {
            queue = queues.remove(destination);
            if (queue == null) {
                return List.of();
            }
            packets -= queue.size();
            if (resolved) {
                released += queue.size();
            } else {
                droppedUnresolved += queue.size();
            }
            for (byte[] packet : queue) {
                bytes -= packet.length;
            }
        }
        // The queue is no longer reachable by other threads: wrap it outside the lock.
        final List<ByteBuffer> out = new ArrayList<>(queue.size());
        for (byte[] packet : queue) {
            out.add(ByteBuffer.wrap(packet).asReadOnlyBuffer());
        }
        return List.copyOf(out);
    }

    /**
     * The destinations that hold packets and pass a filter, for example those inside a prefix that was just resolved.
     *
     * @param filter which destinations
     * @return a copy, in no particular order
     */
    public synchronized List<K> destinations(final Predicate<? super K> filter) {
        final List<K> out = new ArrayList<>();
        for (K destination : queues.keySet()) {
            if (filter.test(destination)) {
                out.add(destination);
            }
        }
        return out;
    }

    /**
     * Whether packets are held for a destination, i.e. its resolution is under way.
     *
     * @param destination the destination key
     * @return true if at least one packet is held
     */
    public synchronized boolean isHeld(final K destination) {
        return queues.containsKey(destination);
    }

    /**
     * The counters.
     *
     * @return a consistent snapshot
     */
    public synchronized Stats stats() {
        return new Stats(queues.size(), packets, bytes, released, droppedFull, droppedUnresolved);
    }
}
