/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.index;

import io.wgcp.types.AddressFamily;
import io.wgcp.types.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Brute-force model of one trie for the differential tests: a hash map scanned linearly. Deliberately shares no
 * code with the trie beyond {@link IpPrefix#contains(IpPrefix)}.
 */
final class ReferenceIndex<V> {
    private final Map<IpPrefix, V> map = new HashMap<>();

    V put(final IpPrefix prefix, final V value) {
        return map.put(prefix, value);
    }

    V remove(final IpPrefix prefix) {
        return map.remove(prefix);
    }

    V exact(final IpPrefix prefix) {
        return map.get(prefix);
    }

    int size() {
        return map.size();
    }

    List<IpPrefix> prefixes() {
        return new ArrayList<>(map.keySet());
    }

    /** Longest stored prefix containing {@code query}, or null. */
    IpPrefix longestMatch(final IpPrefix query) {
        IpPrefix best = null;
        for (final IpPrefix stored : map.keySet()) {
            if (stored.contains(query) && (best == null || stored.length() > best.length())) {
                best = stored;
            }
        }
        return best;
    }

    /**
     * Straight from the definition: the shortest {@code address/L} that neither contains nor is contained in any
     * stored prefix. Overlap only shrinks as L grows, so L is found by bisection.
     */
    IpPrefix widestNegative(final IpPrefix address) {
        if (longestMatch(address) != null) {
            return null;
        }
        int low = 0;
        int high = address.family().width();
        while (low < high) {
            final int mid = (low + high) >>> 1;
            if (overlapsAny(mask(address, mid))) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return mask(address, low);
    }

    private boolean overlapsAny(final IpPrefix candidate) {
        for (final IpPrefix stored : map.keySet()) {
            if (stored.contains(candidate) || candidate.contains(stored)) {
                return true;
            }
        }
        return false;
    }

    private static IpPrefix mask(final IpPrefix address, final int len) {
        return address.family() == AddressFamily.IPV4 ? IpPrefix.ipv4Masked(address.ipv4Bits(), len)
            : IpPrefix.ipv6Masked(address.high(), address.low(), len);
    }
}
