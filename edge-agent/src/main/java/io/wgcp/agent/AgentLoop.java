/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import java.time.Duration;

/**
 * The agent's timer: what its parts need of the loop thread. Work scheduled here runs later under the agent's state
 * lock, like every other event; tests run it by hand.
 */
interface AgentLoop {
    /** A scheduled step that may still be called off. */
    interface Scheduled {
        void cancel();
    }

    Scheduled schedule(Runnable step, Duration delay);
}
