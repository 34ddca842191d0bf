/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.agent.net.PacketHold.Limits;
import io.wgcp.agent.net.PacketHold.Result;
import io.wgcp.agent.net.PacketHold.Stats;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PacketHoldTest {
    private static ByteBuffer packet(final int id, final int length) {
        final ByteBuffer buf = ByteBuffer.allocate(length);
        buf.putInt(0, id);
        return buf;
    }

    @Test
    void firstPacketStartsResolutionAndReleaseKeepsArrivalOrder() {
        final PacketHold<String> hold = new PacketHold<>(new Limits(4, 100, 10_000));
        assertEquals(Result.HELD_FIRST, hold.hold("a", packet(1, 20)));
        assertEquals(Result.HELD, hold.hold("a", packet(2, 20)));
        assertEquals(Result.HELD_FIRST, hold.hold("b", packet(3, 20)));
        assertEquals(Result.HELD, hold.hold("a", packet(4, 20)));
        assertTrue(hold.isHeld("a"));
        assertEquals(new Stats(2, 4, 80, 0, 0, 0), hold.stats());

        final List<ByteBuffer> released = hold.release("a");
        assertEquals(List.of(1, 2, 4), released.stream().map(b -> b.getInt(0)).toList());
        assertFalse(hold.isHeld("a"));
        assertEquals(new Stats(1, 1, 20, 3, 0, 0), hold.stats());
        assertEquals(List.of(), hold.release("a"), "nothing left");
        assertEquals(Result.HELD_FIRST, hold.hold("a", packet(5, 20)), "a new round after release");
    }

    @Test
    void perDestinationLimitDropsTheNewcomer() {
        final PacketHold<String> hold = new PacketHold<>(new Limits(2, 100, 10_000));
        hold.hold("a", packet(1, 20));
        hold.hold("a", packet(2, 20));
        assertEquals(Result.DROPPED_DESTINATION_FULL, hold.hold("a", packet(3, 20)));
        assertFalse(Result.DROPPED_DESTINATION_FULL.isHeld());
        assertEquals(Result.HELD_FIRST, hold.hold("b", packet(4, 20)), "other destinations unaffected");
        assertEquals(List.of(1, 2), hold.release("a").stream().map(b -> b.getInt(0)).toList(), "the first kept");
        assertEquals(1, hold.stats().droppedFull());
    }

    @Test
    void totalPacketLimit() {
        final PacketHold<Integer> hold = new PacketHold<>(new Limits(2, 3, 10_000));
        for (int i = 0; i < 3; i++) {
            assertEquals(Result.HELD_FIRST, hold.hold(i, packet(i, 20)));
        }
        assertEquals(Result.DROPPED_HOLD_FULL, hold.hold(3, packet(3, 20)));
        assertEquals(Result.DROPPED_HOLD_FULL, hold.hold(0, packet(4, 20)));
        hold.release(1);
        assertEquals(Result.HELD, hold.hold(0, packet(5, 20)), "room again after a release");
        assertEquals(new Stats(2, 3, 60, 1, 2, 0), hold.stats());
    }

    @Test
    void totalByteLimit() {
        final PacketHold<Integer> hold = new PacketHold<>(new Limits(8, 100, 3000));
        assertEquals(Result.HELD_FIRST, hold.hold(1, packet(1, 1500)));
        assertEquals(Result.HELD, hold.hold(1, packet(2, 1500)));
        assertEquals(Result.DROPPED_HOLD_FULL, hold.hold(2, packet(3, 4)), "one byte too many is too many");
        assertEquals(3000, hold.stats().bytes());
    }

    @Test
    void dropHandsBackAndCountsUnresolvedPackets() {
        final PacketHold<String> hold = new PacketHold<>(Limits.DEFAULT);
        hold.hold("a", packet(1, 20));
        hold.hold("a", packet(2, 20));
        assertEquals(2, hold.drop("a").size());
        assertEquals(new Stats(0, 0, 0, 0, 0, 2), hold.stats());
    }

    @Test
    void holdsPrivateReadOnlyCopies() {
        final PacketHold<String> hold = new PacketHold<>(Limits.DEFAULT);
        final ByteBuffer source = ByteBuffer.allocate(64);
        source.putInt(0, 7).position(4).limit(12);
        hold.hold("a", source);
        assertEquals(4, source.position(), "the caller's position is not moved");
        source.putInt(4, 99);
        final ByteBuffer held = hold.release("a").get(0);
        assertEquals(8, held.remaining(), "position to limit only");
        assertEquals(0, held.getInt(0), "a copy, not a view of the caller's buffer");
        assertThrows(ReadOnlyBufferException.class, () -> held.put(0, (byte) 1));
    }

    @Test
    void validatesLimits() {
        assertThrows(IllegalArgumentException.class, () -> new Limits(0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new Limits(1, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Limits(1, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new Limits(11, 10, 10_000));
    }

    @Test
    void concurrentHoldersNeverExceedTheLimitsAndLoseNothing() throws InterruptedException {
        final Limits limits = new Limits(16, 64, 1 << 20);
        final PacketHold<Integer> hold = new PacketHold<>(limits);
        final int threads = 4;
        final int perThread = 20_000;
        final AtomicInteger held = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();
        final AtomicInteger released = new AtomicInteger();
        final AtomicInteger maxSeen = new AtomicInteger();
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int seed = t;
            final Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    final int destination = (seed * 31 + i) % 8;
                    if (hold.hold(destination, packet(i, 16)).isHeld()) {
                        held.incrementAndGet();
                    } else {
                        dropped.incrementAndGet();
                    }
                    final Stats stats = hold.stats();
                    maxSeen.accumulateAndGet(stats.packets(), Math::max);
                    if (i % 5 == 0) {
                        released.addAndGet(hold.release((destination + 3) % 8).size());
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(worker.isAlive(), "worker finished in time");
        }
        for (int destination = 0; destination < 8; destination++) {
            released.addAndGet(hold.release(destination).size());
        }
        final Stats stats = hold.stats();
        assertTrue(maxSeen.get() <= limits.total(), "never more than the total limit: " + maxSeen.get());
        assertEquals(threads * perThread, held.get() + dropped.get());
        assertEquals(held.get(), released.get(), "every held packet released exactly once");
        assertEquals(new Stats(0, 0, 0, held.get(), dropped.get(), 0), stats);
    }
}
