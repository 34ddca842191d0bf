/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Calibration for {@link HotSetLookupBenchmark}, not a trie benchmark: the latency of one dependent random read
 * in a working set of a given number of 64-byte lines, laid out either {@code packed} (contiguous, as the hot set
 * of a 1k-entry table is: a few pages) or {@code paged} (one line at a random offset in each of as many
 * consecutive 4 KiB pages, as the hot set of a 1M-entry table is: its few thousand lines are spread over a few
 * thousand pages of a 60 MB structure). Same data-cache footprint, different TLB footprint; {@link LookupPath}
 * gives the line and page counts of the real hot sets. 512 lines packed (32 KiB) fit the L1 data cache, the
 * larger packed sets only the L2: the gap between the two is what a hot set that fits the L1 at 1k entries and
 * cannot at 1M (a thousand lookups touch a few thousand distinct lines there) costs per dependent load, before
 * any TLB effect.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class HotSetLatencyBaseline {
    private static final int STEPS = 1024;
    private static final int INTS_PER_LINE = 16;
    private static final int LINES_PER_PAGE = 64;

    /** The chase array. */
    @State(Scope.Thread)
    public static class Chase {
        @Param({"512", "1024", "2048", "4096"})
        public int lines;

        @Param({"packed", "paged"})
        public String layout;

        int[] next;
        int pos;

        @Setup(Level.Trial)
        public void setUp() {
            final SplittableRandom random = new SplittableRandom(7);
            final boolean paged = switch (layout) {
                case "packed" -> false;
                case "paged" -> true;
                default -> throw new IllegalArgumentException("Unknown layout " + layout);
            };
            // Where line i lives, in ints.
            final int[] slot = new int[lines];
            for (int i = 0; i < lines; i++) {
                slot[i] = (paged ? i * LINES_PER_PAGE + random.nextInt(LINES_PER_PAGE) : i) * INTS_PER_LINE;
            }
            final int[] order = new int[lines];
            for (int i = 0; i < lines; i++) {
                order[i] = i;
            }
            // Sattolo's shuffle gives a single cycle through all lines, so the chase never settles in a loop.
            for (int i = lines - 1; i > 0; i--) {
                final int swap = random.nextInt(i);
                final int tmp = order[i];
                order[i] = order[swap];
                order[swap] = tmp;
            }
            next = new int[(paged ? lines * LINES_PER_PAGE : lines) * INTS_PER_LINE];
            for (int i = 0; i < lines; i++) {
                next[slot[order[i]]] = slot[order[(i + 1) % lines]];
            }
            // Start on the cycle (in the paged layout, int 0 is not one of its lines).
            pos = slot[0];
        }
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public int hotSetReadChained(final Chase chase) {
        final int[] next = chase.next;
        int pos = chase.pos;
        for (int i = 0; i < STEPS; i++) {
            pos = next[pos];
        }
        chase.pos = pos;
        return pos;
    }
}
