/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.types.AddressFamily;
import io.wgcp.types.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrefixTrieTest {
    private static IpPrefix pfx(final String text) {
        return IpPrefix.parse(text);
    }

    private static String match(final PrefixTrie<String> trie, final String address) {
        final PrefixEntry<String> entry = trie.longestMatch(pfx(address));
        final IpPrefix host = pfx(address);
        // Every lookup form must agree.
        final PrefixEntry<String> viaBytes = trie.longestMatch(host.addressBytes());
        final PrefixEntry<String> viaBits = host.family() == AddressFamily.IPV4 ? trie.longestMatch(host.ipv4Bits())
            : trie.longestMatch(host.high(), host.low());
        assertEquals(entry, viaBytes, address);
        assertEquals(entry, viaBits, address);
        final String value = host.family() == AddressFamily.IPV4 ? trie.longestMatchValue(host.ipv4Bits())
            : trie.longestMatchValue(host.high(), host.low());
        assertTrue((entry == null ? null : entry.value()) == value, address);
        return value;
    }

    private static String negative(final PrefixTrie<String> trie, final String address) {
        final IpPrefix result = trie.widestNegative(pfx(address));
        return result == null ? null : result.toString();
    }

    @Test
    void emptyTrie() {
        final PrefixTrie<String> trie = new PrefixTrie<>(AddressFamily.IPV4);
        assertEquals(0, trie.size());
        assertTrue(trie.isEmpty());
        assertNull(match(trie, "10.0.0.1"));
        assertEquals("0.0.0.0/0", negative(trie, "10.0.0.1"));
        assertTrue(trie.entries().isEmpty());
        assertNull(trie.remove(pfx("10.0.0.0/8")));
        assertNull(trie.exact(pfx("10.0.0.0/8")));
        final PrefixTrie<String> trie6 = new PrefixTrie<>(AddressFamily.IPV6);
        assertEquals("::/0", negative(trie6, "2001:db8::1"));
        assertNull(match(trie6, "::"));
    }

    @Test
    void defaultRouteMatchesEverything() {
        final PrefixTrie<String> trie = new PrefixTrie<>(AddressFamily.IPV4);
        trie.put(pfx("0.0.0.0/0"), "default");
        assertEquals("default", match(trie, "0.0.0.0"));
        assertEquals("default", match(trie, "255.255.255.255"));
        assertNull(negative(trie, "1.2.3.4"));
        trie.put(pfx("10.0.0.0/8"), "ten");
        assertEquals("ten", match(trie, "10.255.0.1"));
        assertEquals("default", match(trie, "11.0.0.0"));
        assertEquals("default", trie.remove(pfx("0.0.0.0/0")));
        assertNull(match(trie, "11.0.0.0"));
        assertEquals("0.0.0.0/5", negative(trie, "1.2.3.4"));
        final PrefixTrie<String> trie6 = new PrefixTrie<>(AddressFamily.IPV6);
        trie6.put(pfx("::/0"), "default6");
        assertEquals("default6", match(trie6, "ffff::1"));
    }

    @Test
    void hostRoutes() {
        final PrefixTrie<String> trie = new PrefixTrie<>(AddressFamily.IPV4);
        trie.put(pfx("192.0.2.1/32"), "host");
        trie.put(pfx("255.255.255.255/32"), "top");
        trie.put(pfx("0.0.0.0/32"), "bottom");
        assertEquals("host", match(trie, "192.0.2.1"));
        assertNull(match(trie, "192.0.2.0"));
        assertNull(match(trie, "192.0.2.2"));
        assertNull(match(trie, "192.0.3.1"));
        assertEquals("top", match(trie, "255.255.255.255"));
        assertNull(match(trie, "255.255.255.254"));
        assertEquals("bottom", match(trie, "0.0.0.0"));
        assertEquals("192.0.2.0/32", negative(trie, "192.0.2.0"));
        assertEquals("192.0.2.2/31", negative(trie, "192.0.2.2"));

        final PrefixTrie<String> trie6 = new PrefixTrie<>(AddressFamily.IPV6);
        trie6.put(pfx("2001:db8::1/128"), "h1");
        trie6.put(pfx("2001:db8::/128"), "h0");
        trie6.put(pfx("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"), "top");
        assertEquals("h1", match(trie6, "2001:db8::1"));
        assertEquals("h0", match(trie6, "2001:db8::"));
        assertNull(match(trie6, "2001:db8::2"));
        assertNull(match(trie6, "2001:db8::1:1"));
        assertEquals("top", match(trie6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertNull(match(trie6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"));
        assertEquals("2001:db8::2/127", negative(trie6, "2001:db8::3"));
    }

    @Test
    void nestedPrefixesAndInnerRemoval() {
        final PrefixTrie<String> trie = new PrefixTrie<>(AddressFamily.IPV4);
        assertNull(trie.put(pfx("10.0.0.0/8"), "a"));
        assertNull(trie.put(pfx("10.1.0.0/16"), "b"));
        assertNull(trie.put(pfx("10.1.2.0/24"), "c"));
        assertNull(trie.put(pfx("10.1.2.3/32"), "d"));
        assertEquals(4, trie.size());
        assertEquals("d", match(trie, "10.1.2.3"));
        assertEquals("c", match(trie, "10.1.2.4"));
        assertEquals("b", match(trie, "10.1.3.4"));
        assertEquals("a", match(trie, "10.2.3.4"));
        assertNull(match(trie, "11.1.2.3"));
        assertEquals("b", trie.put(pfx("10.1.0.0/16"), "b2"));
        assertEquals(4, trie.size());
        assertEquals("b2", match(trie, "10.1.3.4"));

        // Removing an inner node must keep both the outer and the inner-most prefixes reachable.
        assertEquals("b2", trie.remove(pfx("10.1.0.0/16")));
        assertNull(trie.remove(pfx("10.1.0.0/16")));
        assertNull(trie.exact(pfx("10.1.0.0/16")));
        assertEquals(3, trie.size());
        assertEquals("a", match(trie, "10.1.3.4"));
        assertEquals("c", match(trie, "10.1.2.4"));
        assertEquals("d", match(trie, "10.1.2.3"));
        assertEquals("c", trie.exact(pfx("10.1.2.0/24")));

        assertEquals("a", trie.remove(pfx("10.0.0.0/8")));
        assertNull(match(trie, "10.1.3.4"));
        assertEquals("10.1.3.0/24", negative(trie, "10.1.3.4"));
        assertEquals("10.128.0.0/9", negative(trie, "10.200.0.1"));
        assertEquals("128.0.0.0/1", negative(trie, "192.168.1.1"));
        assertNull(negative(trie, "10.1.2.200"));
        assertEquals(List.of(pfx("10.1.2.0/24"), pfx("10.1.2.3/32")),
            trie.entries().stream().map(PrefixEntry::prefix).toList());
    }

    @Test
    void widestNegativeNextToStoredPrefixes() {
        final PrefixTrie<String> trie = new PrefixTrie<>(AddressFamily.IPV4);
        trie.put(pfx("10.0.0.0/24"), "x");
        trie.put(pfx("10.0.2.0/23"), "y");
        assertEquals("10.0.1.0/24", negative(trie, "10.0.1.5"));
        assertEquals("10.0.4.0/22", negative(trie, "10.0.4.1"));
        assertEquals("10.0.128.0/17", negative(trie, "10.0.200.1"));
        assertNull(negative(trie, "10.0.3.255"));

        final PrefixTrie<String> trie6 = new PrefixTrie<>(AddressFamily.IPV6);
        trie6.put(pfx("2001:db8::/64"), "a");
        trie6.put(pfx("2001:db8:0:1::/64"), "b");
        assertEquals("2001:db8:0:2::/63", negative(trie6, "2001:db8:0:2::1"));
        assertEquals("2001:db8:8000::/33", negative(trie6, "2001:db8:8000::1"));
        assertEquals("2000::/16", negative(trie6, "2000::1"));
        assertNull(negative(trie6, "2001:db8:0:1::1"));
    }

    @Test
    void ipv6BitBoundaries() {
        final PrefixTrie<String> trie = new PrefixTrie<>(AddressFamily.IPV6);
        final String[] prefixes = {"2001:db8::/63", "2001:db8::/64", "2001:db8::/65", "2001:db8::8000:0:0:0/65",
            "2001:db8::/127", "2001:db8::2/127", "2001:db8:0:1::/64", "2001:db8::/58", "2001:db8::/59"};
        for (final String text : prefixes) {
            trie.put(pfx(text), text);
        }
        assertEquals("2001:db8::/127", match(trie, "2001:db8::1"));
        assertEquals("2001:db8::2/127", match(trie, "2001:db8::3"));
        assertEquals("2001:db8::/65", match(trie, "2001:db8::4"));
        assertEquals("2001:db8::8000:0:0:0/65", match(trie, "2001:db8::8000:0:0:1"));
        assertEquals("2001:db8:0:1::/64", match(trie, "2001:db8:0:1:ffff::"));
        assertEquals("2001:db8::/59", match(trie, "2001:db8:0:2::"));
        assertEquals("2001:db8::/58", match(trie, "2001:db8:0:20::"));
        assertNull(match(trie, "2001:db8:0:40::"));
        trie.remove(pfx("2001:db8::/65"));
        assertEquals("2001:db8::/64", match(trie, "2001:db8::4"));
        trie.remove(pfx("2001:db8::/64"));
        assertEquals("2001:db8::/63", match(trie, "2001:db8::4"));
    }

    @Test
    void directTableResizesWithSize() {
        final PrefixTrie<String> trie = new PrefixTrie<>(AddressFamily.IPV4);
        assertEquals(0, trie.directBits());
        final List<IpPrefix> added = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            final IpPrefix prefix = IpPrefix.ipv4(0x0A000000 + i * 256, 24);
            trie.put(prefix, prefix.toString());
            added.add(prefix);
            if (i == 100) {
                assertEquals(8, trie.directBits());
            }
        }
        assertEquals(16, trie.directBits());
        for (final IpPrefix prefix : added) {
            assertEquals(prefix.toString(), trie.longestMatch(prefix.ipv4Bits() + 7).value());
        }
        for (int i = 0; i < 1990; i++) {
            trie.remove(added.get(i));
        }
        assertEquals(0, trie.directBits());
        assertEquals(10, trie.size());
        assertNull(trie.longestMatch(added.get(0).ipv4Bits()));
        assertEquals(added.get(1995).toString(), trie.longestMatch(added.get(1995).ipv4Bits()).value());
    }

    @Test
    void churnCompactsAndStaysExact() {
        final SplittableRandom random = new SplittableRandom(42);
        final PrefixTrie<String> trie = new PrefixTrie<>(AddressFamily.IPV6);
        final ReferenceIndex<String> ref = new ReferenceIndex<>();
        final List<IpPrefix> pool = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            final long high = 0x20010db800000000L | random.nextLong() & 0xffffL;
            pool.add(IpPrefix.ipv6Masked(high, random.nextLong(), 40 + random.nextInt(89)));
        }
        final int before = trie.compactions();
        for (int i = 0; i < 60_000; i++) {
            final IpPrefix prefix = pool.get(random.nextInt(pool.size()));
            if (random.nextInt(3) != 0) {
                assertEquals(ref.put(prefix, "v" + i), trie.put(prefix, "v" + i));
            } else {
                assertEquals(ref.remove(prefix), trie.remove(prefix));
            }
            if (i % 50 == 0) {
                final IpPrefix probe = IpPrefix.ipv6Host(0x20010db800000000L | random.nextLong() & 0xffffL,
                    random.nextLong());
                final PrefixEntry<String> found = trie.longestMatch(probe);
                assertEquals(ref.longestMatch(probe), found == null ? null : found.prefix());
                assertTrue((found == null ? null : found.value()) == trie.longestMatchValue(probe.high(),
                    probe.low()));
            }
        }
        assertTrue(trie.compactions() - before > 3, "compaction never ran");
        for (final IpPrefix prefix : pool) {
            final PrefixEntry<String> found = trie.longestMatch(prefix);
            assertEquals(ref.longestMatch(prefix), found == null ? null : found.prefix());
        }
    }

    @Test
    void reputtingAnEqualValueChangesNothing() {
        final PrefixTrie<String> trie = new PrefixTrie<>(AddressFamily.IPV4);
        final String first = new String("same");
        trie.put(pfx("10.0.0.0/8"), first);
        final PrefixEntry<String> entry = trie.longestMatch(0x0A000001);
        assertEquals("same", trie.put(pfx("10.0.0.0/8"), new String("same")));
        assertTrue(entry == trie.longestMatch(0x0A000001), "entry was replaced");
        assertTrue(first == trie.exact(pfx("10.0.0.0/8")), "stored instance was replaced");
        assertTrue(first == trie.longestMatchValue(0x0A000001), "value was replaced");
        assertEquals("same", trie.put(pfx("10.0.0.0/8"), "other"));
        assertEquals("other", trie.longestMatch(0x0A000001).value());
        assertEquals("other", trie.longestMatchValue(0x0A000001));
        assertEquals(1, trie.size());
    }

    @Test
    void bulkLoadAndIteration() {
        final PrefixTrie<String> trie = new PrefixTrie<>(AddressFamily.IPV6);
        final Map<IpPrefix, String> values = new HashMap<>();
        for (int i = 0; i < 5000; i++) {
            values.put(IpPrefix.ipv6(0x20010db800000000L | i, 0, 64), "n" + i);
        }
        values.put(IpPrefix.parse("2001:db8::/32"), "block");
        trie.putAll(values);
        assertEquals(5001, trie.size());
        assertEquals("n77", trie.longestMatch(0x20010db800000000L | 77, 5).value());
        assertEquals("block", trie.longestMatch(0x20010db800010000L, 5).value());
        final List<IpPrefix> order = new ArrayList<>();
        trie.forEach(entry -> order.add(entry.prefix()));
        assertEquals(5001, order.size());
        for (int i = 1; i < order.size(); i++) {
            assertTrue(order.get(i - 1).compareTo(order.get(i)) < 0);
        }
        assertEquals("n77", trie.longestMatchValue(0x20010db800000000L | 77, 5));
        assertEquals("block", trie.longestMatchValue(0x20010db800010000L, 5));
        trie.clear();
        assertEquals(0, trie.size());
        assertNull(trie.longestMatch(0x20010db800000000L | 77, 5));
        assertNull(trie.longestMatchValue(0x20010db800000000L | 77, 5));
    }

    @Test
    void rejectsWrongFamilyAndShape() {
        final PrefixTrie<String> trie = new PrefixTrie<>(AddressFamily.IPV4);
        assertThrows(IllegalArgumentException.class, () -> trie.put(pfx("::/0"), "x"));
        assertThrows(IllegalArgumentException.class, () -> trie.longestMatch(1L, 2L));
        assertThrows(IllegalArgumentException.class, () -> trie.longestMatchValue(1L, 2L));
        assertThrows(IllegalArgumentException.class, () -> trie.longestMatch(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> trie.widestNegative(pfx("10.0.0.0/8")));
        assertThrows(NullPointerException.class, () -> trie.put(pfx("10.0.0.0/8"), null));
        final PrefixTrie<String> trie6 = new PrefixTrie<>(AddressFamily.IPV6);
        assertThrows(IllegalArgumentException.class, () -> trie6.longestMatch(5));
        assertThrows(IllegalArgumentException.class, () -> trie6.longestMatchValue(5));
    }

    @Test
    void mappingIndexKeepsInstancesApartAndDropsEmptyTries() {
        final MappingIndex<String> index = new MappingIndex<>();
        index.put(1, pfx("10.0.0.0/8"), "one");
        index.put(2, pfx("10.0.0.0/8"), "two");
        index.put(2, pfx("2001:db8::/32"), "two6");
        index.put(MappingIndex.MAX_INSTANCE_ID, pfx("10.1.0.0/16"), "max");
        assertEquals(4, index.trieCount());
        assertEquals(4, index.size());
        assertEquals("one", index.longestMatch(1, 0x0A010101).value());
        assertEquals("two", index.longestMatch(2, pfx("10.1.1.1")).value());
        assertEquals("two6", index.longestMatch(2, 0x20010db800000000L, 1).value());
        assertNull(index.longestMatch(1, 0x20010db800000000L, 1));
        assertNull(index.longestMatch(3, 0x0A010101));
        assertEquals("::/0", index.widestNegative(1, pfx("2001:db8::1")).toString());
        assertEquals("11.0.0.0/8", index.widestNegative(1, pfx("11.0.0.1")).toString());
        assertEquals("max", index.exact(MappingIndex.MAX_INSTANCE_ID, pfx("10.1.0.0/16")));
        assertThrows(IllegalArgumentException.class, () -> index.put(MappingIndex.MAX_INSTANCE_ID + 1,
            pfx("10.0.0.0/8"), "x"));
        assertThrows(IllegalArgumentException.class, () -> index.longestMatch(-1, 5));
        assertEquals("two6", index.remove(2, pfx("2001:db8::/32")));
        assertEquals(3, index.trieCount());
        assertEquals(0, index.size(2, AddressFamily.IPV6));
        assertNull(index.remove(2, pfx("2001:db8::/32")));
        final List<String> seen = new ArrayList<>();
        index.forEach((iid, entry) -> seen.add(iid + ":" + entry));
        assertEquals(List.of("1:10.0.0.0/8=one", "2:10.0.0.0/8=two", MappingIndex.MAX_INSTANCE_ID + ":10.1.0.0/16=max"),
            seen);
        for (int iid = 100; iid < 200; iid++) {
            index.put(iid, pfx("192.0.2.0/24"), "v" + iid);
        }
        assertEquals(103, index.trieCount());
        assertEquals("v150", index.longestMatch(150, pfx("192.0.2.9")).value());
        for (int iid = 100; iid < 200; iid++) {
            index.remove(iid, pfx("192.0.2.0/24"));
        }
        assertEquals(3, index.trieCount());

        index.putAll(9, Map.of(pfx("10.0.0.0/8"), "a", pfx("2001:db8::/32"), "b", pfx("10.1.0.0/16"), "c"));
        assertEquals(5, index.trieCount());
        assertEquals("c", index.longestMatch(9, 0x0A010203).value());
        assertEquals("b", index.longestMatch(9, 0x20010db800000000L, 7).value());
        assertNull(index.widestNegative(9, 0x0A010203));
        assertEquals("11.0.0.0/8", index.widestNegative(9, 0x0B000000).toString());
        assertEquals("2001:db9::/32", index.widestNegative(9, 0x20010db900000000L, 0).toString());
        assertEquals("0.0.0.0/0", index.widestNegative(10, 0x0B000000).toString());
        assertEquals("::/0", index.widestNegative(10, 1L, 2L).toString());
    }
}
