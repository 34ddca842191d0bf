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
 * Calibration, not a trie benchmark: the latency of one dependent random read (a pointer chase through a random
 * cycle of cache lines) in an array of 32 KiB (stays in L1/L2) and of 64 MiB (about what a 1M-entry trie and its
 * entries span). The trie figures at 1M entries are best read as "so many of these".
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class MemoryLatencyBaseline {
    private static final int STEPS = 1024;
    private static final int INTS_PER_LINE = 16;

    /** The chase array. */
    @State(Scope.Thread)
    public static class Chase {
        @Param({"32768", "67108864"})
        public int bytes;

        int[] next;
        int pos;

        @Setup(Level.Trial)
        public void setUp() {
            final int lines = bytes / 64;
            final int[] order = new int[lines];
            for (int i = 0; i < lines; i++) {
                order[i] = i;
            }
            // Sattolo's shuffle gives a single cycle through all lines, so the chase never settles in a loop.
            final SplittableRandom random = new SplittableRandom(7);
            for (int i = lines - 1; i > 0; i--) {
                final int swap = random.nextInt(i);
                final int tmp = order[i];
                order[i] = order[swap];
                order[swap] = tmp;
            }
            next = new int[lines * INTS_PER_LINE];
            for (int i = 0; i < lines; i++) {
                next[order[i] * INTS_PER_LINE] = order[(i + 1) % lines] * INTS_PER_LINE;
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public int randomReadChained(final Chase chase) {
        final int[] next = chase.next;
        int pos = chase.pos;
        for (int i = 0; i < STEPS; i++) {
            pos = next[pos];
        }
        chase.pos = pos;
        return pos;
    }
}
