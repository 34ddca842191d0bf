/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.util.Objects;

/**
 * A locator (RLOC record) of a mapping record.
 *
 * <p>Priority 255 means "do not use"; lower priority wins and weight splits load between equal priorities.
 *
 * @param priority the unicast priority, 0 to 255
 * @param weight the unicast weight, 0 to 255
 * @param multicastPriority the multicast priority, 0 to 255
 * @param multicastWeight the multicast weight, 0 to 255
 * @param local the L bit: the locator belongs to the sender
 * @param probed the p bit: the locator is the one an RLOC-probe reply answers for
 * @param reachable the R bit: the locator is up
 * @param address the locator address (in wgcp a {@link WireGuardLocator} LCAF)
 */
public record Locator(int priority, int weight, int multicastPriority, int multicastWeight, boolean local,
        boolean probed, boolean reachable, LispAddress address) {
    /** Validates the components. */
    public Locator {
        Checks.u8(priority, "priority");
        Checks.u8(weight, "weight");
        Checks.u8(multicastPriority, "multicast priority");
        Checks.u8(multicastWeight, "multicast weight");
        Objects.requireNonNull(address);
    }

    /**
     * Creates a reachable unicast locator (multicast priority 255, multicast weight 0, no L or p bit).
     *
     * @param priority the unicast priority
     * @param weight the unicast weight
     * @param address the locator address
     * @return the locator
     */
    public static Locator of(final int priority, final int weight, final LispAddress address) {
        return new Locator(priority, weight, 255, 0, false, false, true, address);
    }
}
