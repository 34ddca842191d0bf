/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the calls that are using native descriptors, so that the descriptors are closed only after the last of
 * them returned. Closing a descriptor under a thread blocked on it would neither wake that thread (Linux does not)
 * nor be safe: the number can be reused by the next open, and the thread's next call would hit the wrong file.
 */
final class UseCount {
    // Starts at 1: the owner's use, given up after beginClose().
    private final AtomicInteger uses = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable release;

    /**
     * Creates a count.
     *
     * @param release what closes the descriptors; run exactly once, by the thread that leaves last
     */
    UseCount(final Runnable release) {
        this.release = release;
    }

    /**
     * Enters a use.
     *
     * @return false if closed, and then the caller must not touch the descriptors
     */
    boolean enter() {
        while (true) {
            final int current = uses.get();
            if (current == 0 || closed.get()) {
                return false;
            }
            if (uses.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /**
     * Leaves a use entered with {@link #enter()}.
     */
    void exit() {
        if (uses.decrementAndGet() == 0) {
            release.run();
        }
    }

    /**
     * Marks closed: {@link #enter()} fails from now on. The owner's use is still held, so the descriptors stay open
     * until the caller, having woken the threads blocked on them, gives it up with {@link #exit()}.
     *
     * @return true for the first call, which must then call {@link #exit()}
     */
    boolean beginClose() {
        return closed.compareAndSet(false, true);
    }

    boolean isClosed() {
        return closed.get();
    }
}
