/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.bench;

import io.wgcp.mapserver.index.PrefixTrie;
import io.wgcp.types.AddressFamily;
import io.wgcp.types.IpPrefix;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Heap taken per stored prefix: heap in use after a full GC, before and after building a trie. Counts everything
 * the trie keeps (the entries, their {@link IpPrefix}, the authoritative Patricia trie and the lookup table) but
 * not the values, which belong to the caller (all entries share one value here).
 */
final class TrieFootprint {
    private TrieFootprint() {
        // utility class
    }

    /** One measurement. */
    record Result(AddressFamily family, String dataset, String how, int entries, double bytesPerEntry,
            double tableBytesPerEntry) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-5s %-9s %-11s %,9d entries: %6.1f bytes/entry (lookup table %5.1f)",
                family, dataset, how, entries, bytesPerEntry, tableBytesPerEntry);
        }
    }

    static List<Result> measure(final int entries) {
        final List<Result> results = new ArrayList<>();
        for (final AddressFamily family : AddressFamily.values()) {
            for (final String dataset : new String[] {"clustered", "uniform"}) {
                results.add(measure(family, dataset, entries, true));
                results.add(measure(family, dataset, entries, false));
            }
        }
        return results;
    }

    static Result measure(final AddressFamily family, final String dataset, final int entries, final boolean bulk) {
        final long before = usedAfterGc();
        final PrefixTrie<Boolean> trie = build(family, dataset, entries, bulk);
        final long after = usedAfterGc();
        final PrefixTrie.Stats stats = trie.stats();
        return new Result(family, dataset, bulk ? "bulk" : "incremental", trie.size(),
            (after - before) / (double) trie.size(), stats.tableBytes() / (double) trie.size());
    }

    /** Builds in its own frame, so that nothing but the trie outlives it (no stale local keeps the inputs). */
    private static PrefixTrie<Boolean> build(final AddressFamily family, final String dataset, final int entries,
            final boolean bulk) {
        // Generated after the first measurement so that the IpPrefix objects, which the trie keeps, count.
        final List<IpPrefix> prefixes = EidSets.prefixes(family, dataset, entries, 1);
        final PrefixTrie<Boolean> trie = new PrefixTrie<>(family);
        if (bulk) {
            final Map<IpPrefix, Boolean> values = new HashMap<>();
            for (final IpPrefix prefix : prefixes) {
                values.put(prefix, Boolean.TRUE);
            }
            trie.putAll(values);
        } else {
            for (final IpPrefix prefix : prefixes) {
                trie.put(prefix, Boolean.TRUE);
            }
        }
        return trie;
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
