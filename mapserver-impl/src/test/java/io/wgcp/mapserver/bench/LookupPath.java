/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.bench;

import io.wgcp.mapserver.index.PrefixEntry;
import io.wgcp.mapserver.index.PrefixTrie;
import io.wgcp.types.AddressFamily;
import io.wgcp.types.IpPrefix;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hardware-independent cost of a lookup: how many node records a lookup visits and how many dependent memory
 * loads it makes, at each table size. Measured outside the production code: the lookup table's arrays are read
 * by reflection (test code only, nothing is added to the lookup path) and walked with the same steps as
 * {@code LookupTable.value}, the lookup behind {@code PrefixTrie.longestMatchValue}; every walk is checked against
 * {@link PrefixTrie#longestMatch(long, long)} (the same value instance), so the walk cannot silently drift from
 * the real lookup.
 *
 * <p>Dependent loads counted per lookup: the direct-table slot, one per node record (its three words sit
 * together and are loaded in parallel), the leaf record when a direct slot holds a leaf, and the leaf: its key
 * (in the node array) and its answer slot are loaded in parallel (the branch on the key check is predicted), so
 * they count once. The lookup loads no object
 * (no entry, no guard). Not counted: the few loads that reach the current arrays ({@code PrefixTrie.table}, its
 * {@code tables}, the array references), the same for every lookup and always in cache, and the caller's read of
 * the value.
 *
 * <p>For the hot set it also counts the distinct 64-byte lines and 4 KiB pages of the table arrays that the
 * {@value HotSetLookupBenchmark#HOT} hot lookups touch (offsets from the array start, so +-1 per array): the
 * working set that has to stay in cache and in the TLB. The caller's value objects come on top (one each).
 */
final class LookupPath {
    private static final int STRIDE = 6;
    private static final int ARRAY_HEADER = 16;

    private LookupPath() {
        // utility class
    }

    /** Path figures for one set of keys. */
    record Result(AddressFamily family, String dataset, int entries, String keys, int count, double nodesAvg,
            int nodesMax, double loadsAvg, int loadsMax, long lines, long pages) {
        static String header() {
            return String.format(Locale.ROOT, "%-5s %-9s %9s %-5s %7s %10s %10s %7s %7s",
                "", "dataset", "entries", "keys", "lookups", "nodes avg", "loads avg", "lines", "pages")
                + "   (max nodes / loads)";
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-5s %-9s %,9d %-5s %,7d %10.2f %10.2f %7s %7s   (%d / %d)",
                family, dataset, entries, keys, count, nodesAvg, loadsAvg, lines < 0 ? "-" : Long.toString(lines),
                pages < 0 ? "-" : Long.toString(pages), nodesMax, loadsMax);
        }
    }

    /** Hot-set and all-entries figures for every family and data set at 1k, 100k and 1M entries. */
    static List<Result> measure() {
        final List<Result> results = new ArrayList<>();
        for (final AddressFamily family : AddressFamily.values()) {
            for (final String dataset : new String[] {"clustered", "uniform"}) {
                for (final int size : new int[] {1000, 100_000, 1_000_000}) {
                    results.addAll(measure(family, dataset, size));
                }
            }
        }
        return results;
    }

    /** The hot set of {@link HotSetLookupBenchmark} and one address inside every stored prefix. */
    static List<Result> measure(final AddressFamily family, final String dataset, final int size) {
        final List<IpPrefix> prefixes = EidSets.prefixes(family, dataset, size, 1);
        final PrefixTrie<Integer> trie = TrieLookupBenchmark.build(family, prefixes);
        final List<IpPrefix> hot = HotSetLookupBenchmark.hotPrefixes(prefixes);
        final long[][] hotKeys;
        final long[][] allKeys;
        if (family == AddressFamily.IPV4) {
            hotKeys = widen(HotSetLookupBenchmark.hotAddresses4(hot));
            allKeys = widen(HotSetLookupBenchmark.hotAddresses4(prefixes));
        } else {
            hotKeys = HotSetLookupBenchmark.hotAddresses6(hot);
            allKeys = HotSetLookupBenchmark.hotAddresses6(prefixes);
        }
        final Walker walker = new Walker(trie);
        return List.of(walker.walkAll(family, dataset, size, "hot", hotKeys, true),
            walker.walkAll(family, dataset, size, "all", allKeys, false));
    }

    /** IPv4 addresses as left-aligned 128-bit keys, the form the table walks. */
    private static long[][] widen(final int[] addresses) {
        final long[][] out = new long[2][addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            out[0][i] = (long) addresses[i] << 32;
        }
        return out;
    }

    /** Six bits of the 128-bit key starting at {@code depth}; bits past the end read as zero. */
    private static int chunk6(final long hi, final long lo, final int depth) {
        if (depth <= 58) {
            return (int) (hi >>> 58 - depth) & 63;
        }
        if (depth >= 64) {
            return depth <= 122 ? (int) (lo >>> 122 - depth) & 63 : (int) (lo << depth - 122) & 63;
        }
        return (int) (hi << depth - 58 | lo >>> 122 - depth) & 63;
    }

    private static Object get(final Object owner, final String name) {
        try {
            final Field field = owner.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return field.get(owner);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException("The lookup table layout changed: update " + LookupPath.class, e);
        }
    }

    /** The published arrays of one trie's lookup table, walked like {@code LookupTable.value}. */
    private static final class Walker {
        private static final int NODE = 3;
        private final PrefixTrie<?> trie;
        private final int keyWidth;
        private final int directBits;
        private final int[] direct;
        private final long[] nodes;
        private final Object[] answers;
        private final Object[] fallbacks;

        Walker(final PrefixTrie<?> trie) {
            this.trie = trie;
            final Object table = get(trie, "table");
            keyWidth = (Integer) get(table, "keyWidth");
            final Object tables = get(table, "tables");
            directBits = (Integer) get(tables, "directBits");
            direct = (int[]) get(tables, "direct");
            nodes = (long[]) get(tables, "nodes");
            answers = (Object[]) get(tables, "answers");
            fallbacks = (Object[]) get(tables, "fallbacks");
        }

        Result walkAll(final AddressFamily family, final String dataset, final int size, final String name,
                final long[][] keys, final boolean footprint) {
            // Working-set bookkeeping only for the hot set (null otherwise).
            final Set<Long> lines = footprint ? new HashSet<>() : null;
            final Set<Long> pages = footprint ? new HashSet<>() : null;
            long nodeSum = 0;
            long loadSum = 0;
            int nodeMax = 0;
            int loadMax = 0;
            final int count = keys[0].length;
            for (int i = 0; i < count; i++) {
                final long hi = keys[0][i];
                final long lo = keys[1][i];
                final int[] steps = new int[2];
                final Object found = walk(hi, lo, steps, lines, pages);
                final PrefixEntry<?> expected = family == AddressFamily.IPV4 ? trie.longestMatch((int) (hi >>> 32))
                    : trie.longestMatch(hi, lo);
                if (expected == null || found != expected.value()) {
                    throw new IllegalStateException("The walk disagrees with the lookup: update " + LookupPath.class);
                }
                nodeSum += steps[0];
                loadSum += steps[1];
                nodeMax = Math.max(nodeMax, steps[0]);
                loadMax = Math.max(loadMax, steps[1]);
            }
            return new Result(family, dataset, size, name, count, nodeSum / (double) count, nodeMax,
                loadSum / (double) count, loadMax, footprint ? lines.size() : -1, footprint ? pages.size() : -1);
        }

        /**
         * One lookup; {@code steps} receives {nodes visited, dependent loads}. Unless null, {@code lines} and
         * {@code pages} collect what it touches in the arrays (tagged per array).
         */
        private Object walk(final long hi, final long lo, final int[] steps, final Set<Long> lines,
                final Set<Long> pages) {
            final long slot = directBits == 0 ? 0 : hi >>> 64 - directBits;
            int ref = direct[(int) slot];
            touch(lines, pages, 1, slot * 4, 4);
            int loads = 1;
            int visited = 0;
            int depth = directBits;
            final int leaf;
            final int keyAt;
            if (ref < 0) {
                // A direct leaf: its record (leaf index, key) is one more load before the answer.
                leaf = (int) nodes[~ref];
                keyAt = ~ref + 1;
                touch(lines, pages, 2, ~ref * 8L, 8);
                loads++;
            } else {
                while (true) {
                    visited++;
                    loads++;
                    touch(lines, pages, 2, ref * 8L, NODE * 8);
                    final long vector = nodes[ref];
                    final int chunk = chunk6(hi, lo, depth);
                    final long upTo = (2L << chunk) - 1;
                    final long bases = nodes[ref + 2];
                    if ((vector >>> chunk & 1) == 0) {
                        final int rank = Long.bitCount(nodes[ref + 1] & upTo) - 1;
                        leaf = (int) bases + rank;
                        keyAt = (int) (bases >>> 32) + NODE * Long.bitCount(vector) + keyWidth * rank;
                        break;
                    }
                    ref = (int) (bases >>> 32) + NODE * (Long.bitCount(vector & upTo) - 1);
                    depth += STRIDE;
                }
            }
            // Key and answer: two lines (or one), loaded in parallel; a key that fails the check reads the fallback.
            touch(lines, pages, 2, keyAt * 8L, keyWidth * 8);
            loads++;
            steps[0] = visited;
            steps[1] = loads;
            final boolean match;
            if (keyWidth == 1) {
                final long check = nodes[keyAt];
                match = (((int) (check >>> 32) ^ (int) (hi >>> 32)) & (int) check) == 0;
            } else {
                match = ((hi ^ nodes[keyAt]) & nodes[keyAt + 2] | (lo ^ nodes[keyAt + 1]) & nodes[keyAt + 3]) == 0;
            }
            touch(lines, pages, match ? 3 : 4, leaf * 4L, 4);
            return match ? answers[leaf] : fallbacks[leaf];
        }

        private static void touch(final Set<Long> lines, final Set<Long> pages, final long array, final long offset,
                final int width) {
            if (lines == null) {
                return;
            }
            final long first = ARRAY_HEADER + offset;
            final long last = first + width - 1;
            for (long line = first >>> 6; line <= last >>> 6; line++) {
                lines.add(array << 48 | line);
            }
            for (long page = first >>> 12; page <= last >>> 12; page++) {
                pages.add(array << 48 | page);
            }
        }
    }
}
