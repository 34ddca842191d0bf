/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.wgcp.mapserver.api.ControlPlaneCounters.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this member saw of each edge's Map-Registers: when one was last accepted, and how many were refused, by
 * reason. An operator reads it to tell a misconfigured edge (authentication failures) from one that is down.
 */
public final class EdgeActivity {
    /** One edge's line. */
    public record Line(String edgeId, Instant lastAccepted, long authenticationFailures, long unauthorized,
            long malformed) {
    }

    private static final class Counts {
        volatile Instant lastAccepted;
        final LongAdder authenticationFailures = new LongAdder();
        final LongAdder unauthorized = new LongAdder();
        final LongAdder malformed = new LongAdder();
    }

    private final Map<String, Counts> byEdge = new ConcurrentHashMap<>();

    void accepted(final String edgeId, final Instant at) {
        counts(edgeId).lastAccepted = at;
    }

    void refused(final String edgeId, final Kind kind) {
        final var counts = counts(edgeId);
        switch (kind) {
            case AUTHENTICATION_FAILED -> counts.authenticationFailures.increment();
            case UNAUTHORIZED -> counts.unauthorized.increment();
            default -> counts.malformed.increment();
        }
    }

    /** The edge was removed: its line goes. */
    void forget(final String edgeId) {
        byEdge.remove(edgeId);
    }

    List<Line> lines() {
        final List<Line> out = new ArrayList<>();
        byEdge.forEach((edgeId, counts) -> out.add(new Line(edgeId, counts.lastAccepted,
            counts.authenticationFailures.sum(), counts.unauthorized.sum(), counts.malformed.sum())));
        out.sort(Comparator.comparing(Line::edgeId));
        return out;
    }

    private Counts counts(final String edgeId) {
        return byEdge.computeIfAbsent(edgeId, id -> new Counts());
    }
}
