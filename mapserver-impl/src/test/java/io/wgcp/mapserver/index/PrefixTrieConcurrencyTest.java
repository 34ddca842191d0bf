/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.types.AddressFamily;
import io.wgcp.types.IpPrefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Readers hammer lookups while one writer churns the trie through inserts, removals, array growth, compaction
 * and direct-table resizes. Each value is the prefix it was stored under, so a reader can check every answer on
 * its own: the entry must be one that was ever inserted, must contain the address, and must be at least as long
 * as a covering prefix that is never removed. Bounded by operation count; no timing assertions.
 */
class PrefixTrieConcurrencyTest {
    private static final int WRITER_OPERATIONS = 120_000;
    private static final int READERS = 3;

    @Test
    void readersNeverSeeInconsistentState() throws InterruptedException {
        final long seed = Long.getLong("lpm.seed", 0xC0FFEEL);
        final SplittableRandom setup = new SplittableRandom(seed);
        // IPv4 universe inside 10.0.0.0/8 and IPv6 universe inside 2001:db8::/32; the covering /8 and /32 are
        // stored first and never removed, so every lookup inside them must find something.
        final IpPrefix anchor4 = IpPrefix.parse("10.0.0.0/8");
        final IpPrefix anchor6 = IpPrefix.parse("2001:db8::/32");
        final List<IpPrefix> universe4 = new ArrayList<>();
        final List<IpPrefix> universe6 = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            final int len4 = 9 + setup.nextInt(24);
            universe4.add(IpPrefix.ipv4Masked(0x0A000000 | setup.nextInt() & 0x00FFFFFF, len4));
            final int len6 = 33 + setup.nextInt(96);
            universe6.add(IpPrefix.ipv6Masked(0x20010DB800000000L | setup.nextLong() & 0xFFFFFFFFL,
                setup.nextLong(), len6));
        }
        final Set<IpPrefix> allowed = new HashSet<>(universe4);
        allowed.addAll(universe6);
        allowed.add(anchor4);
        allowed.add(anchor6);

        final PrefixTrie<IpPrefix> trie4 = new PrefixTrie<>(AddressFamily.IPV4);
        final PrefixTrie<IpPrefix> trie6 = new PrefixTrie<>(AddressFamily.IPV6);
        trie4.put(anchor4, anchor4);
        trie6.put(anchor6, anchor6);

        final AtomicBoolean done = new AtomicBoolean();
        final AtomicLong lookups = new AtomicLong();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        final List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            final SplittableRandom random = new SplittableRandom(seed + 1 + r);
            final Thread reader = new Thread(() -> {
                while (!done.get() && problems.isEmpty()) {
                    read(random, trie4, trie6, anchor4, anchor6, allowed, problems);
                    lookups.incrementAndGet();
                }
            }, "lpm-reader-" + r);
            // Any exception in a reader (an index out of bounds on a half-built array, say) is a failure.
            reader.setUncaughtExceptionHandler((thread, ex) -> problems.add(thread.getName() + " threw " + ex));
            readers.add(reader);
            reader.start();
        }

        final SplittableRandom random = new SplittableRandom(seed);
        try {
            for (int op = 0; op < WRITER_OPERATIONS && problems.isEmpty(); op++) {
                // Fill towards the whole universe, then drain, so sizes cross the resize thresholds repeatedly.
                final boolean filling = op / 15_000 % 2 == 0;
                final List<IpPrefix> universe = random.nextBoolean() ? universe4 : universe6;
                final PrefixTrie<IpPrefix> trie = universe == universe4 ? trie4 : trie6;
                final IpPrefix prefix = universe.get(random.nextInt(universe.size()));
                if (random.nextInt(10) < (filling ? 8 : 2)) {
                    trie.put(prefix, prefix);
                } else {
                    trie.remove(prefix);
                }
            }
        } finally {
            done.set(true);
            for (final Thread reader : readers) {
                reader.join(TimeUnit.MINUTES.toMillis(2));
                assertFalse(reader.isAlive(), "reader did not stop");
            }
        }
        assertTrue(problems.isEmpty(), () -> "seed=" + seed + ": " + problems);
        assertTrue(lookups.get() > 0);
        // Once the writer has stopped, every answer is exactly the brute-force one.
        final List<PrefixEntry<IpPrefix>> final4 = trie4.entries();
        for (int i = 0; i < 5000; i++) {
            final int address = 0x0A000000 | random.nextInt() & 0x00FFFFFF;
            IpPrefix best = null;
            for (final PrefixEntry<IpPrefix> entry : final4) {
                if (entry.prefix().containsAddress(address) && (best == null
                        || entry.prefix().length() > best.length())) {
                    best = entry.prefix();
                }
            }
            assertEquals(best, trie4.longestMatch(address).prefix());
            assertEquals(best, trie4.longestMatchValue(address));
        }
    }

    private static void read(final SplittableRandom random, final PrefixTrie<IpPrefix> trie4,
            final PrefixTrie<IpPrefix> trie6, final IpPrefix anchor4, final IpPrefix anchor6,
            final Set<IpPrefix> allowed, final ConcurrentLinkedQueue<String> problems) {
        final int address = 0x0A000000 | random.nextInt() & 0x00FFFFFF;
        final PrefixEntry<IpPrefix> found4 = trie4.longestMatch(address);
        final IpPrefix host4 = IpPrefix.ipv4Host(address);
        verify(found4, host4, anchor4, allowed, problems);
        final long high = 0x20010DB800000000L | random.nextLong() & 0xFFFFFFFFL;
        final long low = random.nextLong();
        final PrefixEntry<IpPrefix> found6 = trie6.longestMatch(high, low);
        verify(found6, IpPrefix.ipv6Host(high, low), anchor6, allowed, problems);
        // The value forms read other arrays (keys in the node array, answers) and must be as consistent.
        verifyValue(trie4.longestMatchValue(address), host4, anchor4, allowed, problems);
        verifyValue(trie6.longestMatchValue(high, low), IpPrefix.ipv6Host(high, low), anchor6, allowed, problems);
        // Outside the anchors nothing may ever match, and the negative prefix must stay clear of the anchor.
        final int outside = 0x0B000000 | random.nextInt() & 0x00FFFFFF;
        if (trie4.longestMatch(outside) != null || trie4.longestMatchValue(outside) != null) {
            problems.add("match outside the universe for " + IpPrefix.ipv4Host(outside));
        }
        final IpPrefix negative = trie4.widestNegative(outside);
        if (negative == null || negative.contains(anchor4) || !negative.containsAddress(outside)) {
            problems.add("bad negative " + negative + " for " + IpPrefix.ipv4Host(outside));
        }
        if (trie4.exact(anchor4) == null || trie6.exact(anchor6) == null) {
            problems.add("anchor lost");
        }
        if (random.nextInt(2000) == 0) {
            for (final PrefixEntry<IpPrefix> entry : trie6) {
                if (!allowed.contains(entry.prefix())) {
                    problems.add("iteration produced " + entry);
                }
            }
        }
    }

    private static void verifyValue(final IpPrefix found, final IpPrefix address, final IpPrefix anchor,
            final Set<IpPrefix> allowed, final ConcurrentLinkedQueue<String> problems) {
        // Values are the prefixes themselves, so a value that does not contain the address is a torn read.
        if (found == null) {
            problems.add("no value for " + address + " although " + anchor + " is always stored");
        } else if (!allowed.contains(found) || !found.contains(address) || !anchor.contains(found)) {
            problems.add("inconsistent value " + found + " for " + address);
        }
    }

    private static void verify(final PrefixEntry<IpPrefix> found, final IpPrefix address, final IpPrefix anchor,
            final Set<IpPrefix> allowed, final ConcurrentLinkedQueue<String> problems) {
        if (found == null) {
            problems.add("no match for " + address + " although " + anchor + " is always stored");
        } else if (!found.prefix().equals(found.value()) || !allowed.contains(found.prefix())
                || !found.prefix().contains(address) || !anchor.contains(found.prefix())) {
            problems.add("inconsistent answer " + found + " for " + address);
        }
    }
}
