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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Set of prefixes of one address family with a value each, answering longest-prefix-match lookups.
 *
 * <p>Two structures sit behind it. A persistent Patricia trie ({@link RibNode}) is the authoritative set: exact
 * lookups, iteration and {@link #widestNegative(IpPrefix)} use it. A multibit table ({@link LookupTable})
 * compiled from it answers {@code longestMatch} with a bounded number of memory accesses (at most about five
 * dependent loads for an IPv4 host route) regardless of the number of entries. The {@code longestMatchValue}
 * forms return the value straight from the table's arrays without loading the entry object: fewer dependent loads
 * and fewer distinct cache lines and pages per lookup, which is what keeps a lookup in a million entries close to
 * one in a thousand; use them when the prefix itself is not needed.
 *
 * <p>Thread safety: every read is lock-free and sees a consistent version (each read method sees one version;
 * two calls may see different ones while a writer is active). Writers are serialised on this object.
 *
 * @param <V> value type; values must not be null
 */
public final class PrefixTrie<V> implements Iterable<PrefixEntry<V>> {
    /** Immutable published version of the authoritative trie. */
    private static final class Snapshot<V> {
        final RibNode<V> root;
        final int size;

        Snapshot(final RibNode<V> root, final int size) {
            this.root = root;
            this.size = size;
        }
    }

    private final AddressFamily family;
    private final LookupTable<V> table;
    private volatile Snapshot<V> snapshot = new Snapshot<>(null, 0);

    /**
     * Creates an empty trie.
     *
     * @param family the family of every prefix stored here
     */
    public PrefixTrie(final AddressFamily family) {
        this.family = requireNonNull(family);
        table = new LookupTable<>(family);
    }

    /**
     * The address family of this trie.
     *
     * @return the family
     */
    public AddressFamily family() {
        return family;
    }

    /**
     * Stores a value for a prefix. If a value {@linkplain Object#equals(Object) equal} to {@code value} is already
     * stored for exactly this prefix, nothing changes and the stored instance is kept: periodic re-registration of
     * an unchanged mapping, the common case in LISP, then costs one exact lookup.
     *
     * @param prefix the prefix, of this trie's family
     * @param value the value, not null
     * @return the value previously stored for exactly this prefix, or null
     * @throws IllegalArgumentException if the prefix has another family
     */
    public synchronized V put(final IpPrefix prefix, final V value) {
        checkFamily(prefix);
        final Snapshot<V> current = snapshot;
        final PrefixEntry<V> existing = RibNode.exact(current.root, prefix.high(), prefix.low(), prefix.length());
        if (existing != null && existing.value().equals(value)) {
            return existing.value();
        }
        final RibNode.Previous<V> previous = new RibNode.Previous<>();
        final RibNode<V> root = RibNode.insert(current.root, new PrefixEntry<>(prefix, value), previous);
        final int newSize = previous.entry == null ? current.size + 1 : current.size;
        snapshot = new Snapshot<>(root, newSize);
        table.update(root, newSize, prefix.high(), prefix.low(), prefix.length());
        return previous.entry == null ? null : previous.entry.value();
    }

    /**
     * Stores many values at once, rebuilding the lookup table once at the end instead of once per entry; meant
     * for loading a large set at start-up.
     *
     * @param values prefixes and values
     * @throws IllegalArgumentException if a prefix has another family
     */
    public synchronized void putAll(final Map<IpPrefix, ? extends V> values) {
        final Snapshot<V> current = snapshot;
        RibNode<V> root = current.root;
        int newSize = current.size;
        for (final Map.Entry<IpPrefix, ? extends V> item : values.entrySet()) {
            checkFamily(item.getKey());
            final RibNode.Previous<V> previous = new RibNode.Previous<>();
            root = RibNode.insert(root, new PrefixEntry<>(item.getKey(), item.getValue()), previous);
            if (previous.entry == null) {
                newSize++;
            }
        }
        snapshot = new Snapshot<>(root, newSize);
        table.rebuild(root, newSize);
    }

    /**
     * Removes a prefix.
     *
     * @param prefix the prefix to remove
     * @return the value it had, or null if it was not stored
     * @throws IllegalArgumentException if the prefix has another family
     */
    public synchronized V remove(final IpPrefix prefix) {
        checkFamily(prefix);
        final RibNode.Previous<V> previous = new RibNode.Previous<>();
        final Snapshot<V> current = snapshot;
        final RibNode<V> root = RibNode.remove(current.root, prefix.high(), prefix.low(), prefix.length(),
            previous);
        if (previous.entry == null) {
            return null;
        }
        snapshot = new Snapshot<>(root, current.size - 1);
        table.update(root, current.size - 1, prefix.high(), prefix.low(), prefix.length());
        return previous.entry.value();
    }

    /** Removes every prefix. */
    public synchronized void clear() {
        snapshot = new Snapshot<>(null, 0);
        table.rebuild(null, 0);
    }

    /**
     * Value stored for exactly this prefix.
     *
     * @param prefix the prefix
     * @return the value, or null
     * @throws IllegalArgumentException if the prefix has another family
     */
    public V exact(final IpPrefix prefix) {
        checkFamily(prefix);
        final PrefixEntry<V> entry = RibNode.exact(snapshot.root, prefix.high(), prefix.low(), prefix.length());
        return entry == null ? null : entry.value();
    }

    /**
     * Longest stored prefix that contains the given prefix; for a full-length prefix that is the longest match
     * of the address.
     *
     * @param prefix an address as a full-length prefix, or any prefix
     * @return the entry, or null if no stored prefix contains it
     * @throws IllegalArgumentException if the prefix has another family
     */
    public PrefixEntry<V> longestMatch(final IpPrefix prefix) {
        checkFamily(prefix);
        if (prefix.isHost()) {
            return table.lookup(prefix.high(), prefix.low());
        }
        return RibNode.longestMatch(snapshot.root, prefix.high(), prefix.low(), prefix.length());
    }

    /**
     * Longest match of an IPv4 address; the allocation-free form for the packet path.
     *
     * @param ipv4 the address bits, most significant octet first
     * @return the entry, or null
     * @throws IllegalArgumentException if this is an IPv6 trie
     */
    public PrefixEntry<V> longestMatch(final int ipv4) {
        if (family != AddressFamily.IPV4) {
            throw new IllegalArgumentException("IPv4 lookup in an " + family + " trie");
        }
        return table.lookup(ipv4);
    }

    /**
     * Longest match of an IPv6 address; the allocation-free form for the packet path.
     *
     * @param high upper 64 address bits
     * @param low lower 64 address bits
     * @return the entry, or null
     * @throws IllegalArgumentException if this is an IPv4 trie
     */
    public PrefixEntry<V> longestMatch(final long high, final long low) {
        if (family != AddressFamily.IPV6) {
            throw new IllegalArgumentException("IPv6 lookup in an " + family + " trie");
        }
        return table.lookup(high, low);
    }

    /**
     * Longest match of an address given as raw bytes (4 or 16, network order); allocation-free.
     *
     * @param address the address bytes
     * @return the entry, or null
     * @throws IllegalArgumentException if the size does not fit this trie's family
     */
    public PrefixEntry<V> longestMatch(final byte[] address) {
        if (family == AddressFamily.IPV4) {
            if (address.length != 4) {
                throw new IllegalArgumentException("IPv4 trie needs a 4-byte address, not " + address.length);
            }
            return table.lookup(readInt(address, 0));
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("IPv6 trie needs a 16-byte address, not " + address.length);
        }
        return table.lookup((long) readInt(address, 0) << 32 | readInt(address, 4) & 0xffffffffL,
            (long) readInt(address, 8) << 32 | readInt(address, 12) & 0xffffffffL);
    }

    /**
     * Value of the longest match of an IPv4 address: {@code longestMatch(ipv4).value()}, or null when nothing
     * matches, but read from the lookup table's arrays without loading the entry. The packet path's form.
     *
     * @param ipv4 the address bits, most significant octet first
     * @return the value, or null
     * @throws IllegalArgumentException if this is an IPv6 trie
     */
    public V longestMatchValue(final int ipv4) {
        if (family != AddressFamily.IPV4) {
            throw new IllegalArgumentException("IPv4 lookup in an " + family + " trie");
        }
        return table.value(ipv4);
    }

    /**
     * Value of the longest match of an IPv6 address: {@code longestMatch(high, low).value()}, or null when nothing
     * matches, but read from the lookup table's arrays without loading the entry.
     *
     * @param high upper 64 address bits
     * @param low lower 64 address bits
     * @return the value, or null
     * @throws IllegalArgumentException if this is an IPv4 trie
     */
    public V longestMatchValue(final long high, final long low) {
        if (family != AddressFamily.IPV6) {
            throw new IllegalArgumentException("IPv6 lookup in an " + family + " trie");
        }
        return table.value(high, low);
    }

    /**
     * Widest prefix that contains the address and contains no stored prefix: the EID-prefix of an RFC 9301
     * negative Map-Reply. Only defined when nothing matches the address; for an empty trie it is {@code /0}.
     *
     * @param address an address as a full-length prefix
     * @return the prefix, or null if a stored prefix contains the address
     * @throws IllegalArgumentException if the family differs or the prefix is not full-length
     */
    public IpPrefix widestNegative(final IpPrefix address) {
        checkFamily(address);
        if (!address.isHost()) {
            throw new IllegalArgumentException("widestNegative takes an address, not the prefix " + address);
        }
        return widestNegativeOf(address.high(), address.low());
    }

    /**
     * {@link #widestNegative(IpPrefix)} for an IPv4 address given as bits.
     *
     * @param ipv4 the address bits
     * @return the prefix, or null if a stored prefix contains the address
     * @throws IllegalArgumentException if this is an IPv6 trie
     */
    public IpPrefix widestNegative(final int ipv4) {
        if (family != AddressFamily.IPV4) {
            throw new IllegalArgumentException("IPv4 address in an " + family + " trie");
        }
        return widestNegativeOf((long) ipv4 << 32, 0);
    }

    /**
     * {@link #widestNegative(IpPrefix)} for an IPv6 address given as bits.
     *
     * @param high upper 64 address bits
     * @param low lower 64 address bits
     * @return the prefix, or null if a stored prefix contains the address
     * @throws IllegalArgumentException if this is an IPv4 trie
     */
    public IpPrefix widestNegative(final long high, final long low) {
        if (family != AddressFamily.IPV6) {
            throw new IllegalArgumentException("IPv6 address in an " + family + " trie");
        }
        return widestNegativeOf(high, low);
    }

    private IpPrefix widestNegativeOf(final long high, final long low) {
        final int len = RibNode.widestNegativeLength(snapshot.root, high, low);
        if (len < 0) {
            return null;
        }
        return family == AddressFamily.IPV4 ? IpPrefix.ipv4Masked((int) (high >>> 32), len)
            : IpPrefix.ipv6Masked(high, low, len);
    }

    /**
     * Number of stored prefixes.
     *
     * @return the count
     */
    public int size() {
        return snapshot.size;
    }

    /**
     * Whether nothing is stored.
     *
     * @return true if empty
     */
    public boolean isEmpty() {
        return snapshot.size == 0;
    }

    /**
     * Consistent copy of all entries, in address order (a prefix before the longer prefixes it contains).
     *
     * @return an unmodifiable list
     */
    public List<PrefixEntry<V>> entries() {
        final Snapshot<V> snap = snapshot;
        final List<PrefixEntry<V>> out = new ArrayList<>(snap.size);
        RibNode.addAll(snap.root, out);
        return Collections.unmodifiableList(out);
    }

    /**
     * Iterates over one consistent version, in the order of {@link #entries()}, without copying it.
     *
     * @return an iterator that does not support removal
     */
    @Override
    public Iterator<PrefixEntry<V>> iterator() {
        return new PreOrder<>(snapshot.root);
    }

    /**
     * Direct-table width currently used by the lookup table (0, 8 or 16 bits); exposed for tests and the console.
     *
     * @return the number of bits
     */
    public int directBits() {
        return table.directBits();
    }

    /**
     * Size figures of the lookup table, for the console and for benchmarks.
     *
     * @param size number of stored prefixes
     * @param directBits width of the direct-indexed first level
     * @param nodes longs of the node array allocated (24-byte node records and the leaves' verification keys),
     *     including garbage awaiting compaction
     * @param leaves leaf slots allocated, including garbage
     * @param garbageNodes longs of the node array no longer reachable
     * @param garbageLeaves leaf slots no longer reachable
     */
    public record Stats(int size, int directBits, long nodes, long leaves, long garbageNodes, long garbageLeaves) {
        /**
         * Bytes taken by the lookup table's arrays in use (direct table, node array, and per leaf slot three
         * 4-byte compressed references: the leaf object and its two answers), not counting the entries and the
         * authoritative trie.
         *
         * @return approximate bytes
         */
        public long tableBytes() {
            return (4L << directBits) + 8 * nodes + 12 * leaves;
        }
    }

    /**
     * Current size figures.
     *
     * @return the figures
     */
    public synchronized Stats stats() {
        final long[] usage = table.usage();
        return new Stats(size(), table.directBits(), usage[0], usage[1], usage[2], usage[3]);
    }

    /** Full rebuilds of the lookup table from the trie so far (bulk loads and resizes); for tests. */
    int rebuilds() {
        return table.rebuilds();
    }

    /** Compactions of the lookup table so far; for tests. */
    int compactions() {
        return table.compactions();
    }

    @Override
    public String toString() {
        return "PrefixTrie{" + family + ", size=" + size() + "}";
    }

    private void checkFamily(final IpPrefix prefix) {
        if (prefix.family() != family) {
            throw new IllegalArgumentException(prefix + " does not belong in an " + family + " trie");
        }
    }

    private static int readInt(final byte[] buf, final int off) {
        return (buf[off] & 0xff) << 24 | (buf[off + 1] & 0xff) << 16 | (buf[off + 2] & 0xff) << 8
            | buf[off + 3] & 0xff;
    }

    /** Pre-order iterator over an immutable trie version. */
    private static final class PreOrder<V> implements Iterator<PrefixEntry<V>> {
        private final Deque<RibNode<V>> stack = new ArrayDeque<>();
        private PrefixEntry<V> next;

        PreOrder(final RibNode<V> root) {
            if (root != null) {
                stack.push(root);
            }
            advance();
        }

        private void advance() {
            next = null;
            while (next == null && !stack.isEmpty()) {
                final RibNode<V> node = stack.pop();
                if (node.right != null) {
                    stack.push(node.right);
                }
                if (node.left != null) {
                    stack.push(node.left);
                }
                next = node.entry;
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public PrefixEntry<V> next() {
            final PrefixEntry<V> result = next;
            if (result == null) {
                throw new NoSuchElementException();
            }
            advance();
            return result;
        }
    }
}
