/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.agent.net.IcmpUnreachable;
import io.wgcp.types.IpPrefix;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Negative Map-Replies kept for their TTL: a new flow to a destination inside one is answered with ICMP unreachable
 * at once instead of asking the map server again.
 */
final class NegativeCache {
    private record Entry(IpPrefix prefix, IcmpUnreachable.Code code, Instant expires) {
    }

    private final Map<IpPrefix, Entry> entries = new HashMap<>();

    void put(final IpPrefix prefix, final IcmpUnreachable.Code code, final Instant expires) {
        entries.put(prefix, new Entry(prefix, code, expires));
    }

    /** The ICMP code to answer a destination with, or null when no unexpired negative answer covers it. */
    IcmpUnreachable.Code lookup(final InetAddress destination, final Instant now) {
        for (var entry : entries.values()) {
            if (entry.prefix().contains(destination) && now.isBefore(entry.expires())) {
                return entry.code();
            }
        }
        return null;
    }

    /** A positive mapping for the prefix replaces the negative one. */
    void remove(final IpPrefix prefix) {
        entries.remove(prefix);
    }

    void expire(final Instant now) {
        entries.values().removeIf(entry -> now.isAfter(entry.expires()));
    }

    int size() {
        return entries.size();
    }
}
