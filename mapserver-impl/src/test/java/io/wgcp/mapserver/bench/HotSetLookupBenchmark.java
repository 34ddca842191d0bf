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
import java.util.List;
import java.util.SplittableRandom;
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
 * Longest-prefix-match lookup cost against the number of stored prefixes when the lookups concentrate on a fixed
 * "hot set": {@value #HOT} stored prefixes chosen at random among the {@code size} stored ones (without
 * replacement, so at 1k entries the hot set is the whole table), one address inside each. This models a map
 * server whose Map-Requests go to the destinations of the active flows, and it keeps the number of distinct
 * lookups the same for every table size: what changes with the size is only the structure the lookups walk (a
 * deeper trie, more nodes on the path, a wider direct table), not how many distinct entries they touch.
 *
 * <p>Same harness as {@link TrieLookupBenchmark}: the key stream is 2^20 keys drawn at random (fixed seed) from
 * the hot addresses and read sequentially, {@value TrieLookupBenchmark#BATCH} lookups per invocation, results
 * folded into a Blackhole once per batch; the {@code Chained} variants make each key depend on the previous
 * result and read the value (latency of one lookup); lookups use {@code PrefixTrie.longestMatchValue}. Unlike
 * {@code TrieLookupBenchmark.ipv6HitChained}, which adds the carry to the lower word only (so the CPU can walk the
 * next path, chosen by the upper word, before the previous lookup ends), {@code ipv6HotHitChained} adds it to both
 * words.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class HotSetLookupBenchmark {
    /** Hot prefixes, the same number for every table size; no more than the smallest table. */
    static final int HOT = 1000;
    static final int BATCH = TrieLookupBenchmark.BATCH;
    static final int KEYS = TrieLookupBenchmark.KEYS;
    private static final long HOT_SEED = 4;
    private static final long KEY_SEED = 5;

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

    /** An IPv4 trie and a key stream drawn from its hot set. */
    @State(Scope.Thread)
    public static class Ipv4 extends Data {
        PrefixTrie<Integer> trie;
        int[] keys;

        @Setup(Level.Trial)
        public void setUp() {
            final List<IpPrefix> prefixes = EidSets.prefixes(AddressFamily.IPV4, dataset, size, 1);
            trie = TrieLookupBenchmark.build(AddressFamily.IPV4, prefixes);
            keys = keyStream4(hotAddresses4(hotPrefixes(prefixes)), KEYS);
            if (EidSets.countHits4(trie, keys) != KEYS) {
                throw new IllegalStateException("key generation is broken");
            }
        }
    }

    /** An IPv6 trie and a key stream drawn from its hot set. */
    @State(Scope.Thread)
    public static class Ipv6 extends Data {
        PrefixTrie<Integer> trie;
        long[] keysHigh;
        long[] keysLow;

        @Setup(Level.Trial)
        public void setUp() {
            final List<IpPrefix> prefixes = EidSets.prefixes(AddressFamily.IPV6, dataset, size, 1);
            trie = TrieLookupBenchmark.build(AddressFamily.IPV6, prefixes);
            final long[][] keys = keyStream6(hotAddresses6(hotPrefixes(prefixes)), KEYS);
            if (EidSets.countHits6(trie, keys) != KEYS) {
                throw new IllegalStateException("key generation is broken");
            }
            keysHigh = keys[0];
            keysLow = keys[1];
        }
    }

    /** {@value #HOT} distinct prefixes chosen at random among {@code prefixes} (partial Fisher-Yates). */
    static List<IpPrefix> hotPrefixes(final List<IpPrefix> prefixes) {
        if (prefixes.size() < HOT) {
            throw new IllegalArgumentException("The hot set needs at least " + HOT + " stored prefixes");
        }
        final int[] order = new int[prefixes.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        final SplittableRandom random = new SplittableRandom(HOT_SEED);
        final List<IpPrefix> hot = new ArrayList<>(HOT);
        for (int i = 0; i < HOT; i++) {
            final int pick = i + random.nextInt(order.length - i);
            final int tmp = order[i];
            order[i] = order[pick];
            order[pick] = tmp;
            hot.add(prefixes.get(order[i]));
        }
        return hot;
    }

    /** One random IPv4 address inside each prefix. */
    static int[] hotAddresses4(final List<IpPrefix> hot) {
        final SplittableRandom random = new SplittableRandom(HOT_SEED + 1);
        final int[] out = new int[hot.size()];
        for (int i = 0; i < out.length; i++) {
            final IpPrefix prefix = hot.get(i);
            out[i] = prefix.ipv4Bits() | (int) (random.nextInt() & ~(0xFFFFFFFFL << 32 - prefix.length()));
        }
        return out;
    }

    /** One random IPv6 address inside each prefix, as {high[], low[]}. */
    static long[][] hotAddresses6(final List<IpPrefix> hot) {
        final SplittableRandom random = new SplittableRandom(HOT_SEED + 1);
        final long[][] out = new long[2][hot.size()];
        for (int i = 0; i < hot.size(); i++) {
            final IpPrefix prefix = hot.get(i);
            final int len = prefix.length();
            out[0][i] = prefix.high() | random.nextLong() & ~mask(len, 0);
            out[1][i] = prefix.low() | random.nextLong() & ~mask(len, 64);
        }
        return out;
    }

    /** {@code count} keys, each a random pick among {@code hot}. */
    static int[] keyStream4(final int[] hot, final int count) {
        final SplittableRandom random = new SplittableRandom(KEY_SEED);
        final int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = hot[random.nextInt(hot.length)];
        }
        return out;
    }

    static long[][] keyStream6(final long[][] hot, final int count) {
        final SplittableRandom random = new SplittableRandom(KEY_SEED);
        final long[][] out = new long[2][count];
        for (int i = 0; i < count; i++) {
            final int pick = random.nextInt(hot[0].length);
            out[0][i] = hot[0][pick];
            out[1][i] = hot[1][pick];
        }
        return out;
    }

    /** Mask of the prefix bits that fall in the 64-bit word starting at bit {@code offset}. */
    private static long mask(final int len, final int offset) {
        final int bits = Math.max(0, Math.min(64, len - offset));
        return bits == 0 ? 0 : -1L << 64 - bits;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void ipv4HotHit(final Ipv4 data, final Blackhole bh) {
        final PrefixTrie<Integer> trie = data.trie;
        final int[] keys = data.keys;
        final int start = data.cursor;
        int found = 0;
        for (int i = 0; i < BATCH; i++) {
            if (trie.longestMatchValue(keys[start + i]) != null) {
                found++;
            }
        }
        data.cursor = start + BATCH & KEYS - 1;
        bh.consume(found);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void ipv4HotHitChained(final Ipv4 data, final Blackhole bh) {
        final PrefixTrie<Integer> trie = data.trie;
        final int[] keys = data.keys;
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
    public void ipv6HotHit(final Ipv6 data, final Blackhole bh) {
        final PrefixTrie<Integer> trie = data.trie;
        final long[] high = data.keysHigh;
        final long[] low = data.keysLow;
        final int start = data.cursor;
        int found = 0;
        for (int i = 0; i < BATCH; i++) {
            if (trie.longestMatchValue(high[start + i], low[start + i]) != null) {
                found++;
            }
        }
        data.cursor = start + BATCH & KEYS - 1;
        bh.consume(found);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void ipv6HotHitChained(final Ipv6 data, final Blackhole bh) {
        final PrefixTrie<Integer> trie = data.trie;
        final long[] high = data.keysHigh;
        final long[] low = data.keysLow;
        final int start = data.cursor;
        final int zero = data.zero;
        int carry = 0;
        for (int i = 0; i < BATCH; i++) {
            // The carry goes into both words: the path is chosen by the upper one, the lower one is only verified.
            final Integer value = trie.longestMatchValue(high[start + i] + carry, low[start + i] + carry);
            carry = value * zero;
        }
        data.cursor = start + BATCH & KEYS - 1;
        bh.consume(carry);
    }
}
