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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * EID sets and lookup keys for the benchmarks, generated from a fixed seed.
 *
 * <p>{@code clustered} is what a VPN registers: host routes ({@code /32}, {@code /128}) and some site prefixes
 * ({@code /24}, {@code /64}) drawn inside a few provider blocks. {@code uniform} draws the same mix uniformly over
 * the whole address space: no locality at all, the worst case for caches.
 */
final class EidSets {
    /** IPv4 provider blocks: 10/8, 100.64/10, 172.16/12, 198.18/15. */
    private static final IpPrefix[] BLOCKS_V4 = {IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("100.64.0.0/10"),
        IpPrefix.parse("172.16.0.0/12"), IpPrefix.parse("198.18.0.0/15")};
    /** IPv6 provider blocks. */
    private static final IpPrefix[] BLOCKS_V6 = {IpPrefix.parse("2001:db8:100::/40"),
        IpPrefix.parse("2001:db8:200::/40"), IpPrefix.parse("fd00:1::/48"), IpPrefix.parse("fd00:2::/48")};

    private EidSets() {
        // utility class
    }

    /** Generates {@code count} distinct prefixes. */
    static List<IpPrefix> prefixes(final AddressFamily family, final String dataset, final int count,
            final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final boolean clustered = isClustered(dataset);
        final Set<IpPrefix> seen = new HashSet<>(count * 2);
        final List<IpPrefix> out = new ArrayList<>(count);
        while (out.size() < count) {
            final boolean site = random.nextInt(20) == 0;
            final IpPrefix prefix;
            if (family == AddressFamily.IPV4) {
                final int address = clustered ? insideBlock(BLOCKS_V4, random) : random.nextInt();
                prefix = IpPrefix.ipv4Masked(address, site ? 24 : 32);
            } else {
                final long[] address = clustered ? insideBlock6(BLOCKS_V6, random)
                    : new long[] {random.nextLong(), random.nextLong()};
                prefix = IpPrefix.ipv6Masked(address[0], address[1], site ? 64 : 128);
            }
            if (seen.add(prefix)) {
                out.add(prefix);
            }
        }
        return out;
    }

    /** IPv4 addresses, each inside a random stored prefix. */
    static int[] hits4(final List<IpPrefix> prefixes, final int count, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            final IpPrefix prefix = prefixes.get(random.nextInt(prefixes.size()));
            out[i] = prefix.ipv4Bits() | (int) (random.nextInt() & ~(0xFFFFFFFFL << 32 - prefix.length()));
        }
        return out;
    }

    /** IPv4 addresses that match nothing: inside the provider blocks for {@code clustered}, anywhere otherwise. */
    static int[] misses4(final PrefixTrie<?> trie, final String dataset, final int count, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int address;
            do {
                address = isClustered(dataset) ? insideBlock(BLOCKS_V4, random) : random.nextInt();
            } while (trie.longestMatch(address) != null);
            out[i] = address;
        }
        return out;
    }

    /** IPv6 addresses inside random stored prefixes, as {high[], low[]}. */
    static long[][] hits6(final List<IpPrefix> prefixes, final int count, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final long[][] out = new long[2][count];
        for (int i = 0; i < count; i++) {
            final IpPrefix prefix = prefixes.get(random.nextInt(prefixes.size()));
            final IpPrefix host = IpPrefix.ipv6Masked(random.nextLong(), random.nextLong(), 128);
            out[0][i] = prefix.high() | host.high() & ~mask(prefix.length(), 0);
            out[1][i] = prefix.low() | host.low() & ~mask(prefix.length(), 64);
        }
        return out;
    }

    /** IPv6 addresses that match nothing. */
    static long[][] misses6(final PrefixTrie<?> trie, final String dataset, final int count, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final long[][] out = new long[2][count];
        for (int i = 0; i < count; i++) {
            long[] address;
            do {
                address = isClustered(dataset) ? insideBlock6(BLOCKS_V6, random)
                    : new long[] {random.nextLong(), random.nextLong()};
            } while (trie.longestMatch(address[0], address[1]) != null);
            out[0][i] = address[0];
            out[1][i] = address[1];
        }
        return out;
    }

    /** Sanity check used by the benchmarks' setup: the keys really hit (or miss). */
    static int countHits4(final PrefixTrie<?> trie, final int[] keys) {
        int found = 0;
        for (final int key : keys) {
            final PrefixEntry<?> entry = trie.longestMatch(key);
            if (entry != null) {
                found++;
            }
            // The benchmarks time the value form: it must give the entry's value.
            if ((entry == null ? null : entry.value()) != trie.longestMatchValue(key)) {
                throw new IllegalStateException("longestMatchValue disagrees with longestMatch");
            }
        }
        return found;
    }

    static int countHits6(final PrefixTrie<?> trie, final long[][] keys) {
        int found = 0;
        for (int i = 0; i < keys[0].length; i++) {
            final PrefixEntry<?> entry = trie.longestMatch(keys[0][i], keys[1][i]);
            if (entry != null) {
                found++;
            }
            if ((entry == null ? null : entry.value()) != trie.longestMatchValue(keys[0][i], keys[1][i])) {
                throw new IllegalStateException("longestMatchValue disagrees with longestMatch");
            }
        }
        return found;
    }

    static boolean isClustered(final String dataset) {
        switch (dataset) {
            case "clustered":
                return true;
            case "uniform":
                return false;
            default:
                throw new IllegalArgumentException("Unknown dataset " + dataset);
        }
    }

    private static int insideBlock(final IpPrefix[] blocks, final SplittableRandom random) {
        // Pick a block with probability proportional to its size, then a uniform address inside it.
        long total = 0;
        for (final IpPrefix block : blocks) {
            total += 1L << 32 - block.length();
        }
        long pick = random.nextLong(total);
        for (final IpPrefix block : blocks) {
            final long blockSize = 1L << 32 - block.length();
            if (pick < blockSize) {
                return block.ipv4Bits() + (int) pick;
            }
            pick -= blockSize;
        }
        throw new IllegalStateException();
    }

    private static long[] insideBlock6(final IpPrefix[] blocks, final SplittableRandom random) {
        final IpPrefix block = blocks[random.nextInt(blocks.length)];
        return new long[] {block.high() | random.nextLong() & ~mask(block.length(), 0), random.nextLong()};
    }

    /** Mask of the prefix bits that fall in the 64-bit word starting at bit {@code offset}. */
    private static long mask(final int len, final int offset) {
        final int bits = Math.max(0, Math.min(64, len - offset));
        return bits == 0 ? 0 : -1L << 64 - bits;
    }
}
