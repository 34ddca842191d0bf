/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ControlDelaysTest {
    @Test
    void phasesSplitTheDelay() {
        final var delays = new ControlDelays(8);
        delays.record(1_000, 1_700, 1_750, 1_950, 2_000);
        final var samples = delays.snapshot();
        assertArrayEquals(new long[] { 1_000 }, samples.totals());
        assertArrayEquals(new long[] { 700 }, samples.of(ControlDelays.Phase.REPLY));
        assertArrayEquals(new long[] { 50 }, samples.of(ControlDelays.Phase.DISPATCH));
        assertArrayEquals(new long[] { 200 }, samples.of(ControlDelays.Phase.ROUTE));
        assertArrayEquals(new long[] { 50 }, samples.of(ControlDelays.Phase.PEER));
    }

    @Test
    void theRingKeepsTheNewestOldestFirst() {
        final var delays = new ControlDelays(3);
        assertArrayEquals(new long[0], delays.snapshot().totals());
        for (long i = 1; i <= 5; i++) {
            delays.record(0, i, i, i, i * 10);
        }
        assertArrayEquals(new long[] { 30, 40, 50 }, delays.snapshot().totals());
        assertArrayEquals(new long[] { 3, 4, 5 }, delays.snapshot().of(ControlDelays.Phase.REPLY));
        assertArrayEquals(new long[] { 27, 36, 45 }, delays.snapshot().of(ControlDelays.Phase.PEER));
    }
}
