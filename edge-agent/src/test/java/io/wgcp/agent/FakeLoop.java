/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An agent loop whose timers the test fires by hand. */
final class FakeLoop implements AgentLoop {
    /** A scheduled step. */
    static final class Step implements AgentLoop.Scheduled {
        final Runnable body;
        final Duration delay;
        boolean cancelled;

        Step(final Runnable body, final Duration delay) {
            this.body = body;
            this.delay = delay;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    final List<Step> steps = new ArrayList<>();

    @Override
    public Scheduled schedule(final Runnable step, final Duration delay) {
        final var scheduled = new Step(step, delay);
        steps.add(scheduled);
        return scheduled;
    }

    /** The steps not cancelled and not yet run. */
    List<Step> live() {
        return steps.stream().filter(step -> !step.cancelled).toList();
    }

    /** Runs the one live step (there must be exactly one) and returns its delay. */
    Duration fireOnly() {
        final var live = live();
        if (live.size() != 1) {
            throw new AssertionError("expected one live timer, found " + live.size());
        }
        final var step = live.get(0);
        steps.remove(step);
        step.body.run();
        return step.delay;
    }
}
