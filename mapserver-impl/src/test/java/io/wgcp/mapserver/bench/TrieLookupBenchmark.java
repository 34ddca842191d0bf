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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Longest-prefix-match lookup cost against the number of stored prefixes.
 *
 * <p>Each invocation looks up {@value #BATCH} consecutive keys from a pre-generated array of 2^20 keys (the same
 * length for every table size, read sequentially, so the key stream costs the same everywhere); the score is per
 * lookup. The {@code hit} keys are random addresses inside random stored prefixes (so at 1M entries every entry is
 * touched), the {@code miss} keys match nothing. Independent lookups let the CPU overlap cache misses, which is
 * what a busy server sees; the {@code chained} variants make each key depend on the previous result (and read the
 * value), which measures the latency of one lookup. Lookups go through {@code PrefixTrie.longestMatchValue}, the
 * form the map server's Map-Request path uses (the value straight from the table's arrays, no entry object); the
 * setup checks that it agrees with {@code longestMatch} on every key.
 *
 * <p>Results are folded into a count that goes to a {@link Blackhole} once per batch, so the JIT cannot drop any
 * lookup, without paying for a Blackhole call per lookup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class TrieLookupBenchmark {
    static final int BATCH = 1024;
    static final int KEYS = 1 << 20;

    /** Common parameters and key cursor. */
    @State(Scope.Thread)
    public abstract static class Data {
        @Param({"1000", "100000", "1000000"})
        public int size;

        @Param({"clustered", "uniform"})
        public String dataset;

        int cursor;
        // Always 0, but the JIT cannot know: multiplying a result by it makes the next key depend on it.
        int zero;
    }

    /** An IPv4 trie with hit and miss keys. */
    @State(Scope.Thread)
    public static class Ipv4 extends Data {
        PrefixTrie<Integer> trie;
        int[] hits;
        int[] misses;

        @Setup(Level.Trial)
        public void setUp() {
            final List<IpPrefix> prefixes = EidSets.prefixes(AddressFamily.IPV4, dataset, size, 1);
            trie = build(AddressFamily.IPV4, prefixes);
            hits = EidSets.hits4(prefixes, KEYS, 2);
            misses = EidSets.misses4(trie, dataset, KEYS, 3);
            if (EidSets.countHits4(trie, hits) != KEYS || EidSets.countHits4(trie, misses) != 0) {
                throw new IllegalStateException("key generation is broken");
            }
        }
    }

    /** An IPv6 trie with hit and miss keys. */
    @State(Scope.Thread)
    public static class Ipv6 extends Data {
        PrefixTrie<Integer> trie;
        long[] hitsHigh;
        long[] hitsLow;
        long[] missesHigh;
        long[] missesLow;

        @Setup(Level.Trial)
        public void setUp() {
            final List<IpPrefix> prefixes = EidSets.prefixes(AddressFamily.IPV6, dataset, size, 1);
            trie = build(AddressFamily.IPV6, prefixes);
            final long[][] hitKeys = EidSets.hits6(prefixes, KEYS, 2);
            final long[][] missKeys = EidSets.misses6(trie, dataset, KEYS, 3);
            if (EidSets.countHits6(trie, hitKeys) != KEYS || EidSets.countHits6(trie, missKeys) != 0) {
                throw new IllegalStateException("key generation is broken");
            }
            hitsHigh = hitKeys[0];
            hitsLow = hitKeys[1];
            missesHigh = missKeys[0];
            missesLow = missKeys[1];
        }
    }

    static PrefixTrie<Integer> build(final AddressFamily family, final List<IpPrefix> prefixes) {
        // Bulk load, as the map server does at start-up from the datastore; values are distinct objects.
        final Map<IpPrefix, Integer> values = new LinkedHashMap<>();
        for (int i = 0; i < prefixes.size(); i++) {
            values.put(prefixes.get(i), i);
        }
        final PrefixTrie<Integer> trie = new PrefixTrie<>(family);
        trie.putAll(values);
        return trie;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void ipv4Hit(final Ipv4 data, final Blackhole bh) {
        bh.consume(run4(data, data.hits));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void ipv4Miss(final Ipv4 data, final Blackhole bh) {
        bh.consume(run4(data, data.misses));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void ipv4HitChained(final Ipv4 data, final Blackhole bh) {
        final PrefixTrie<Integer> trie = data.trie;
        final int[] keys = data.hits;
        final int start = data.cursor;
        final int zero = data.zero;
        int carry = 0;
        for (int i = 0; i < BATCH; i++) {
            final Integer value = trie.longestMatchValue(keys[start + i] + carry);
            carry = value * zero;
        }
        data.cursor = start + BATCH & KEYS - 1;
        bh.consume(carry);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void ipv6Hit(final Ipv6 data, final Blackhole bh) {
        bh.consume(run6(data, data.hitsHigh, data.hitsLow));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void ipv6Miss(final Ipv6 data, final Blackhole bh) {
        bh.consume(run6(data, data.missesHigh, data.missesLow));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void ipv6HitChained(final Ipv6 data, final Blackhole bh) {
        final PrefixTrie<Integer> trie = data.trie;
        final long[] high = data.hitsHigh;
        final long[] low = data.hitsLow;
        final int start = data.cursor;
        final int zero = data.zero;
        int carry = 0;
        for (int i = 0; i < BATCH; i++) {
            final Integer value = trie.longestMatchValue(high[start + i], low[start + i] + carry);
            carry = value * zero;
        }
        data.cursor = start + BATCH & KEYS - 1;
        bh.consume(carry);
    }

    private static int run4(final Ipv4 data, final int[] keys) {
        final PrefixTrie<Integer> trie = data.trie;
        final int start = data.cursor;
        int found = 0;
        for (int i = 0; i < BATCH; i++) {
            if (trie.longestMatchValue(keys[start + i]) != null) {
                found++;
            }
        }
        data.cursor = start + BATCH & KEYS - 1;
        return found;
    }

    private static int run6(final Ipv6 data, final long[] high, final long[] low) {
        final PrefixTrie<Integer> trie = data.trie;
        final int start = data.cursor;
        int found = 0;
        for (int i = 0; i < BATCH; i++) {
            if (trie.longestMatchValue(high[start + i], low[start + i]) != null) {
                found++;
            }
        }
        data.cursor = start + BATCH & KEYS - 1;
        return found;
    }
}
