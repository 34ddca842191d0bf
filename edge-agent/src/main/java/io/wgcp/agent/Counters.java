/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import java.util.EnumMap;
import java.util.Map;

/** The agent's event counters; counted under the agent's state lock. */
final class Counters {
    private final long[] values = new long[Counter.values().length];

    void count(final Counter counter) {
        values[counter.ordinal()]++;
    }

    Map<Counter, Long> snapshot() {
        final Map<Counter, Long> copy = new EnumMap<>(Counter.class);
        for (var counter : Counter.values()) {
            copy.put(counter, values[counter.ordinal()]);
        }
        return copy;
    }
}
