/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.index;

import static java.util.Objects.requireNonNull;

import io.wgcp.types.AddressFamily;
import io.wgcp.types.IpPrefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All mappings of the map server: one {@link PrefixTrie} per (instance-id, address family), created when the first
 * prefix arrives and dropped when the last one leaves.
 *
 * <p>Lookups are lock-free and allocation-free: the set of tries is an immutable open-addressing table keyed by a
 * primitive long, replaced as a whole (copy-on-write) when a trie is created or dropped, which is rare compared to
 * lookups. Writers are serialised on this object, which also makes "create on demand" and "drop when empty"
 * atomic with respect to each other.
 *
 * @param <V> value type
 */
public final class MappingIndex<V> {
    /** Largest LISP instance-id: an unsigned 24-bit number. */
    public static final long MAX_INSTANCE_ID = 0xFFFFFFL;

    /** Receives entries from {@link MappingIndex#forEach(EntryVisitor)}. */
    @FunctionalInterface
    public interface EntryVisitor<V> {
        /**
         * Called once per stored entry.
         *
         * @param instanceId the instance-id of the entry
         * @param entry the entry
         */
        void visit(long instanceId, PrefixEntry<V> entry);
    }

    /** Immutable open-addressing table from key to trie; EMPTY marks a free slot. */
    private static final class Table {
        static final long EMPTY = -1;

        final long[] keys;
        final PrefixTrie<?>[] tries;
        final int count;

        Table(final int capacity, final int count) {
            keys = new long[capacity];
            Arrays.fill(keys, EMPTY);
            tries = new PrefixTrie<?>[capacity];
            this.count = count;
        }

        PrefixTrie<?> get(final long key) {
            final int mask = keys.length - 1;
            int pos = mix(key) & mask;
            while (true) {
                final long found = keys[pos];
                if (found == key) {
                    return tries[pos];
                }
                if (found == EMPTY) {
                    return null;
                }
                pos = pos + 1 & mask;
            }
        }

        void insert(final long key, final PrefixTrie<?> trie) {
            final int mask = keys.length - 1;
            int pos = mix(key) & mask;
            while (keys[pos] != EMPTY) {
                pos = pos + 1 & mask;
            }
            keys[pos] = key;
            tries[pos] = trie;
        }

        private static int mix(final long key) {
            final long scrambled = key * 0x9E3779B97F4A7C15L;
            return (int) (scrambled >>> 32);
        }
    }

    private volatile Table table = new Table(16, 0);

    /**
     * Stores a mapping.
     *
     * @param instanceId the instance-id, 0 to {@value #MAX_INSTANCE_ID}
     * @param prefix the EID prefix
     * @param value the value, not null
     * @return the value previously stored for exactly this prefix, or null
     * @throws IllegalArgumentException if the instance-id is out of range
     */
    public synchronized V put(final long instanceId, final IpPrefix prefix, final V value) {
        requireNonNull(value);
        final long key = key(instanceId, prefix.family());
        PrefixTrie<V> trie = trie(key);
        if (trie == null) {
            trie = new PrefixTrie<>(prefix.family());
            final V previous = trie.put(prefix, value);
            replaceTable(key, trie);
            return previous;
        }
        return trie.put(prefix, value);
    }

    /**
     * Stores many mappings of one instance-id at once, rebuilding each affected lookup table once (start-up load).
     *
     * @param instanceId the instance-id
     * @param values prefixes (of either family) and values
     * @throws IllegalArgumentException if the instance-id is out of range
     */
    public synchronized void putAll(final long instanceId, final Map<IpPrefix, ? extends V> values) {
        for (final AddressFamily family : AddressFamily.values()) {
            final Map<IpPrefix, V> part = new HashMap<>();
            for (final Map.Entry<IpPrefix, ? extends V> item : values.entrySet()) {
                if (item.getKey().family() == family) {
                    part.put(item.getKey(), requireNonNull(item.getValue()));
                }
            }
            if (part.isEmpty()) {
                continue;
            }
            final long key = key(instanceId, family);
            final PrefixTrie<V> trie = trie(key);
            if (trie == null) {
                final PrefixTrie<V> created = new PrefixTrie<>(family);
                created.putAll(part);
                replaceTable(key, created);
            } else {
                trie.putAll(part);
            }
        }
    }

    /**
     * Removes a mapping; drops the trie when it becomes empty.
     *
     * @param instanceId the instance-id
     * @param prefix the EID prefix
     * @return the removed value, or null
     * @throws IllegalArgumentException if the instance-id is out of range
     */
    public synchronized V remove(final long instanceId, final IpPrefix prefix) {
        final long key = key(instanceId, prefix.family());
        final PrefixTrie<V> trie = trie(key);
        if (trie == null) {
            return null;
        }
        final V removed = trie.remove(prefix);
        if (trie.isEmpty()) {
            replaceTable(key, null);
        }
        return removed;
    }

    /**
     * Value stored for exactly this prefix.
     *
     * @param instanceId the instance-id
     * @param prefix the prefix
     * @return the value, or null
     */
    public V exact(final long instanceId, final IpPrefix prefix) {
        final PrefixTrie<V> trie = trie(key(instanceId, prefix.family()));
        return trie == null ? null : trie.exact(prefix);
    }

    /**
     * Longest stored prefix containing the given address (full-length prefix) or prefix.
     *
     * @param instanceId the instance-id
     * @param prefix the address or prefix
     * @return the entry, or null
     */
    public PrefixEntry<V> longestMatch(final long instanceId, final IpPrefix prefix) {
        final PrefixTrie<V> trie = trie(key(instanceId, prefix.family()));
        return trie == null ? null : trie.longestMatch(prefix);
    }

    /**
     * Longest match of an IPv4 address; allocation-free.
     *
     * @param instanceId the instance-id
     * @param ipv4 the address bits
     * @return the entry, or null
     */
    public PrefixEntry<V> longestMatch(final long instanceId, final int ipv4) {
        final PrefixTrie<V> trie = trie(key(instanceId, AddressFamily.IPV4));
        return trie == null ? null : trie.longestMatch(ipv4);
    }

    /**
     * Longest match of an IPv6 address; allocation-free.
     *
     * @param instanceId the instance-id
     * @param high upper 64 address bits
     * @param low lower 64 address bits
     * @return the entry, or null
     */
    public PrefixEntry<V> longestMatch(final long instanceId, final long high, final long low) {
        final PrefixTrie<V> trie = trie(key(instanceId, AddressFamily.IPV6));
        return trie == null ? null : trie.longestMatch(high, low);
    }

    /**
     * Value of the longest match of an IPv4 address, read without loading the entry; allocation-free.
     *
     * @param instanceId the instance-id
     * @param ipv4 the address bits
     * @return the value, or null
     */
    public V longestMatchValue(final long instanceId, final int ipv4) {
        final PrefixTrie<V> trie = trie(key(instanceId, AddressFamily.IPV4));
        return trie == null ? null : trie.longestMatchValue(ipv4);
    }

    /**
     * Value of the longest match of an IPv6 address, read without loading the entry; allocation-free.
     *
     * @param instanceId the instance-id
     * @param high upper 64 address bits
     * @param low lower 64 address bits
     * @return the value, or null
     */
    public V longestMatchValue(final long instanceId, final long high, final long low) {
        final PrefixTrie<V> trie = trie(key(instanceId, AddressFamily.IPV6));
        return trie == null ? null : trie.longestMatchValue(high, low);
    }

    /**
     * Widest prefix around the address that contains no stored prefix (RFC 9301 negative Map-Reply).
     *
     * @param instanceId the instance-id
     * @param address the address as a full-length prefix
     * @return the prefix ({@code /0} when the instance has no mapping of that family), or null if a stored
     *     prefix contains the address
     */
    public IpPrefix widestNegative(final long instanceId, final IpPrefix address) {
        final PrefixTrie<V> trie = trie(key(instanceId, address.family()));
        if (trie == null) {
            if (!address.isHost()) {
                throw new IllegalArgumentException("widestNegative takes an address, not the prefix " + address);
            }
            return address.family() == AddressFamily.IPV4 ? IpPrefix.ipv4(0, 0) : IpPrefix.ipv6(0, 0, 0);
        }
        return trie.widestNegative(address);
    }

    /**
     * {@link #widestNegative(long, IpPrefix)} for an IPv4 address given as bits.
     *
     * @param instanceId the instance-id
     * @param ipv4 the address bits
     * @return the prefix, or null if a stored prefix contains the address
     */
    public IpPrefix widestNegative(final long instanceId, final int ipv4) {
        final PrefixTrie<V> trie = trie(key(instanceId, AddressFamily.IPV4));
        return trie == null ? IpPrefix.ipv4(0, 0) : trie.widestNegative(ipv4);
    }

    /**
     * {@link #widestNegative(long, IpPrefix)} for an IPv6 address given as bits.
     *
     * @param instanceId the instance-id
     * @param high upper 64 address bits
     * @param low lower 64 address bits
     * @return the prefix, or null if a stored prefix contains the address
     */
    public IpPrefix widestNegative(final long instanceId, final long high, final long low) {
        final PrefixTrie<V> trie = trie(key(instanceId, AddressFamily.IPV6));
        return trie == null ? IpPrefix.ipv6(0, 0, 0) : trie.widestNegative(high, low);
    }

    /**
     * Total number of mappings over all instance-ids and families.
     *
     * @return the count
     */
    public int size() {
        final Table tab = table;
        int total = 0;
        for (final PrefixTrie<?> trie : tab.tries) {
            if (trie != null) {
                total += trie.size();
            }
        }
        return total;
    }

    /**
     * Number of mappings of one instance-id and family.
     *
     * @param instanceId the instance-id
     * @param family the family
     * @return the count
     */
    public int size(final long instanceId, final AddressFamily family) {
        final PrefixTrie<V> trie = trie(key(instanceId, family));
        return trie == null ? 0 : trie.size();
    }

    /**
     * Number of (instance-id, family) tries currently held; empty ones are dropped.
     *
     * @return the count
     */
    public int trieCount() {
        return table.count;
    }

    /**
     * Consistent copy of the entries of one instance-id and family, in address order.
     *
     * @param instanceId the instance-id
     * @param family the family
     * @return an unmodifiable list
     */
    public List<PrefixEntry<V>> entries(final long instanceId, final AddressFamily family) {
        final PrefixTrie<V> trie = trie(key(instanceId, family));
        return trie == null ? List.of() : trie.entries();
    }

    /**
     * Visits every entry, ordered by instance-id, then family, then address. Each trie is visited in one
     * consistent version; tries are not frozen together.
     *
     * @param visitor receives the entries
     */
    public void forEach(final EntryVisitor<V> visitor) {
        final Table tab = table;
        final List<Long> keys = new ArrayList<>(tab.count);
        for (final long key : tab.keys) {
            if (key != Table.EMPTY) {
                keys.add(key);
            }
        }
        keys.sort(null);
        for (final long key : keys) {
            @SuppressWarnings("unchecked")
            final PrefixTrie<V> trie = (PrefixTrie<V>) tab.get(key);
            for (final PrefixEntry<V> entry : trie) {
                visitor.visit(key >>> 1, entry);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private PrefixTrie<V> trie(final long key) {
        return (PrefixTrie<V>) table.get(key);
    }

    /** Copies the table with {@code key} mapped to {@code trie}, or removed when {@code trie} is null. */
    private void replaceTable(final long key, final PrefixTrie<V> trie) {
        final Table old = table;
        final int count = old.count + (trie == null ? -1 : 1);
        int capacity = 16;
        // Keep the load factor at or below one half so that probe sequences stay short.
        while (capacity < count * 2) {
            capacity <<= 1;
        }
        final Table fresh = new Table(capacity, count);
        for (int i = 0; i < old.keys.length; i++) {
            final long existing = old.keys[i];
            if (existing != Table.EMPTY && existing != key) {
                fresh.insert(existing, old.tries[i]);
            }
        }
        if (trie != null) {
            fresh.insert(key, trie);
        }
        table = fresh;
    }

    private static long key(final long instanceId, final AddressFamily family) {
        if (instanceId < 0 || instanceId > MAX_INSTANCE_ID) {
            throw new IllegalArgumentException("Instance-id " + instanceId + " is not an unsigned 24-bit number");
        }
        return instanceId << 1 | family.ordinal();
    }
}
