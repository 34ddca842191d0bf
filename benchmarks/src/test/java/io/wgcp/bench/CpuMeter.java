/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the controller process and of the whole machine, from {@code /proc} (Linux): tells whether a run was
 * CPU-bound, and how much of the machine other work took. A snapshot that cannot be read gives NaN figures.
 *
 * @param processTicks user + system clock ticks of the process
 * @param busyTicks non-idle clock ticks of all CPUs
 * @param totalTicks all clock ticks of all CPUs
 * @param nanos {@link System#nanoTime()} when taken
 */
public record CpuMeter(long processTicks, long busyTicks, long totalTicks, long nanos) {
    /** Linux's USER_HZ, the unit of /proc tick counts, on every architecture the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100;

    public static CpuMeter snapshot(final long pid) {
        long process = -1;
        long busy = -1;
        long total = -1;
        try {
            final var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
            final var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            process = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            final var cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            total = 0;
            for (int i = 1; i < Math.min(cpu.length, 9); i++) {
                total += Long.parseLong(cpu[i]);
            }
            busy = total - Long.parseLong(cpu[4]) - Long.parseLong(cpu[5]);
        } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
            process = -1;
        }
        return new CpuMeter(process, busy, total, System.nanoTime());
    }

    /**
     * Returns the controller's average CPU use since an earlier snapshot.
     *
     * @param earlier the earlier snapshot
     * @return cores used on average (1.0 = one core fully busy)
     */
    public double processCoresSince(final CpuMeter earlier) {
        if (processTicks < 0 || earlier.processTicks < 0 || nanos == earlier.nanos) {
            return Double.NaN;
        }
        return (processTicks - earlier.processTicks) / TICKS_PER_SECOND / ((nanos - earlier.nanos) / 1e9);
    }

    /**
     * Returns how busy the whole machine was since an earlier snapshot.
     *
     * @param earlier the earlier snapshot
     * @return the busy share of all CPUs, 0..1
     */
    public double machineBusySince(final CpuMeter earlier) {
        if (busyTicks < 0 || earlier.busyTicks < 0 || totalTicks == earlier.totalTicks) {
            return Double.NaN;
        }
        return (double) (busyTicks - earlier.busyTicks) / (totalTicks - earlier.totalTicks);
    }
}
