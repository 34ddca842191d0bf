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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the writer pays, at a given table size (not JMH: single operations are microseconds and their cost depends
 * on the garbage and compactions they leave, so they are timed in bulk, one thread, after a warm-up on a smaller
 * table). Host routes drawn in 10/8 (IPv4) or in 2001:db8::/32 (IPv6), distinct, fixed seed: a bulk
 * {@code putAll}, then at that size single {@code put}s of new prefixes, replacements of the value of stored
 * ones, and remove plus re-add of stored ones; each the average over {@value #OPERATIONS} operations.
 */
final class WriterCost {
    private static final int OPERATIONS = 20_000;

    private WriterCost() {
        // utility class
    }

    /** Figures for one family and size. */
    record Result(AddressFamily family, int entries, double bulkMillis, double putMicros, double replaceMicros,
            double removeAddMicros) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-5s %,9d entries: putAll %7.0f ms, put (new) %6.1f us, put (new "
                + "value) %6.1f us, remove + re-add %6.1f us", family, entries, bulkMillis, putMicros, replaceMicros,
                removeAddMicros);
        }
    }

    static List<Result> measure(final int entries) {
        final List<Result> results = new ArrayList<>();
        for (final AddressFamily family : AddressFamily.values()) {
            // Warm-up: the same code paths on a smaller table, result dropped.
            measure(family, entries / 10);
            results.add(measure(family, entries));
        }
        return results;
    }

    static Result measure(final AddressFamily family, final int entries) {
        final List<IpPrefix> all = hosts(family, entries + OPERATIONS, 11);
        final Map<IpPrefix, Integer> initial = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            initial.put(all.get(i), i);
        }
        final PrefixTrie<Integer> trie = new PrefixTrie<>(family);
        long start = System.nanoTime();
        trie.putAll(initial);
        final double bulk = (System.nanoTime() - start) / 1e6;

        start = System.nanoTime();
        for (int i = entries; i < entries + OPERATIONS; i++) {
            trie.put(all.get(i), i);
        }
        final double put = (System.nanoTime() - start) / 1e3 / OPERATIONS;

        final SplittableRandom random = new SplittableRandom(12);
        final int[] picks = new int[OPERATIONS];
        for (int i = 0; i < OPERATIONS; i++) {
            picks[i] = random.nextInt(entries);
        }
        start = System.nanoTime();
        for (int i = 0; i < OPERATIONS; i++) {
            trie.put(all.get(picks[i]), -1 - i);
        }
        final double replace = (System.nanoTime() - start) / 1e3 / OPERATIONS;

        start = System.nanoTime();
        for (int i = 0; i < OPERATIONS; i++) {
            final IpPrefix prefix = all.get(picks[i]);
            trie.remove(prefix);
            trie.put(prefix, i);
        }
        final double removeAdd = (System.nanoTime() - start) / 1e3 / OPERATIONS;
        if (trie.size() != entries + OPERATIONS) {
            throw new IllegalStateException("size " + trie.size());
        }
        return new Result(family, entries, bulk, put, replace, removeAdd);
    }

    private static List<IpPrefix> hosts(final AddressFamily family, final int count, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final Set<IpPrefix> seen = new HashSet<>(count * 2);
        final List<IpPrefix> out = new ArrayList<>(count);
        while (out.size() < count) {
            final IpPrefix prefix = family == AddressFamily.IPV4
                ? IpPrefix.ipv4Host(0x0A000000 | random.nextInt() & 0x00FFFFFF)
                : IpPrefix.ipv6Host(0x20010DB800000000L | random.nextLong() & 0xFFFFFFFFL, random.nextLong());
            if (seen.add(prefix)) {
                out.add(prefix);
            }
        }
        return out;
    }
}
