/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.index;

import java.util.List;

/**
 * Node of the persistent, path-compressed binary trie (Patricia trie) that holds the authoritative set of
 * prefixes. Nodes are immutable: an update copies the path from the root to the changed node, so a reader that
 * holds a root sees one consistent version forever. A node either carries an entry or is a glue node with two
 * children, which is what keeps the depth bounded by the address width.
 *
 * <p>This trie answers exact lookups, iteration and the widest-negative query; the multibit
 * {@link LookupTable} answers longest-match lookups and is compiled from it.
 */
final class RibNode<V> {
    final long hi;
    final long lo;
    final int len;
    final PrefixEntry<V> entry;
    final RibNode<V> left;
    final RibNode<V> right;

    private RibNode(final long hi, final long lo, final int len, final PrefixEntry<V> entry,
            final RibNode<V> left, final RibNode<V> right) {
        this.hi = hi;
        this.lo = lo;
        this.len = len;
        this.entry = entry;
        this.left = left;
        this.right = right;
    }

    /** Holder for the entry an update replaced or removed. */
    static final class Previous<V> {
        // written by the update that found the entry, read by the caller right after
        PrefixEntry<V> entry;
    }

    private boolean covers(final long keyHi, final long keyLo) {
        return ((keyHi ^ hi) & Bits.maskHi(len) | (keyLo ^ lo) & Bits.maskLo(len)) == 0;
    }

    private RibNode<V> child(final int bit) {
        return bit == 0 ? left : right;
    }

    private RibNode<V> withChild(final int bit, final RibNode<V> child) {
        return bit == 0 ? new RibNode<>(hi, lo, len, entry, child, right)
            : new RibNode<>(hi, lo, len, entry, left, child);
    }

    /** Drops a node that no longer carries an entry and has fewer than two children. */
    private static <V> RibNode<V> collapse(final RibNode<V> node) {
        if (node.entry != null || node.left != null && node.right != null) {
            return node;
        }
        return node.left != null ? node.left : node.right;
    }

    static <V> RibNode<V> insert(final RibNode<V> node, final PrefixEntry<V> entry,
            final Previous<V> previous) {
        final long keyHi = entry.hi;
        final long keyLo = entry.lo;
        final int keyLen = entry.length();
        if (node == null) {
            return new RibNode<>(keyHi, keyLo, keyLen, entry, null, null);
        }
        final int common = Math.min(Bits.commonPrefix(keyHi, keyLo, node.hi, node.lo), Math.min(keyLen, node.len));
        if (common == node.len) {
            if (keyLen == node.len) {
                previous.entry = node.entry;
                return new RibNode<>(node.hi, node.lo, node.len, entry, node.left, node.right);
            }
            final int bit = Bits.bit(keyHi, keyLo, node.len);
            return node.withChild(bit, insert(node.child(bit), entry, previous));
        }
        if (common == keyLen) {
            // The new prefix is an ancestor of this node.
            return Bits.bit(node.hi, node.lo, keyLen) == 0 ? new RibNode<>(keyHi, keyLo, keyLen, entry, node, null)
                : new RibNode<>(keyHi, keyLo, keyLen, entry, null, node);
        }
        // The paths diverge at bit 'common': a glue node joins them.
        final RibNode<V> leaf = new RibNode<>(keyHi, keyLo, keyLen, entry, null, null);
        final long glueHi = keyHi & Bits.maskHi(common);
        final long glueLo = keyLo & Bits.maskLo(common);
        return Bits.bit(keyHi, keyLo, common) == 0 ? new RibNode<>(glueHi, glueLo, common, null, leaf, node)
            : new RibNode<>(glueHi, glueLo, common, null, node, leaf);
    }

    /** Removes a prefix; returns the same node instance when the prefix was absent. */
    static <V> RibNode<V> remove(final RibNode<V> node, final long keyHi, final long keyLo,
            final int keyLen, final Previous<V> previous) {
        if (node == null || node.len > keyLen || !node.covers(keyHi, keyLo)) {
            return node;
        }
        if (node.len == keyLen) {
            if (node.entry == null) {
                return node;
            }
            previous.entry = node.entry;
            return collapse(new RibNode<>(node.hi, node.lo, node.len, null, node.left, node.right));
        }
        final int bit = Bits.bit(keyHi, keyLo, node.len);
        final RibNode<V> child = node.child(bit);
        final RibNode<V> updated = remove(child, keyHi, keyLo, keyLen, previous);
        return updated == child ? node : collapse(node.withChild(bit, updated));
    }

    static <V> PrefixEntry<V> exact(final RibNode<V> root, final long keyHi, final long keyLo,
            final int keyLen) {
        RibNode<V> node = root;
        while (node != null && node.len <= keyLen && node.covers(keyHi, keyLo)) {
            if (node.len == keyLen) {
                return node.entry;
            }
            node = node.child(Bits.bit(keyHi, keyLo, node.len));
        }
        return null;
    }

    /** Longest stored prefix of length at most {@code maxLen} that covers the key. */
    static <V> PrefixEntry<V> longestMatch(final RibNode<V> root, final long keyHi,
            final long keyLo, final int maxLen) {
        PrefixEntry<V> best = null;
        RibNode<V> node = root;
        while (node != null && node.len <= maxLen && node.covers(keyHi, keyLo)) {
            if (node.entry != null) {
                best = node.entry;
            }
            if (node.len == maxLen) {
                break;
            }
            node = node.child(Bits.bit(keyHi, keyLo, node.len));
        }
        return best;
    }

    /**
     * Adds, in address order, every stored prefix that lies strictly inside the region {@code key/regionLen}
     * and is longer than {@code regionLen}.
     */
    static <V> void collectInside(final RibNode<V> root, final long keyHi, final long keyLo,
            final int regionLen, final List<PrefixEntry<V>> out) {
        RibNode<V> node = root;
        while (node != null) {
            if (node.len > regionLen) {
                if (Bits.commonPrefix(keyHi, keyLo, node.hi, node.lo) >= regionLen) {
                    addAll(node, out);
                }
                return;
            }
            if (!node.covers(keyHi, keyLo)) {
                return;
            }
            if (node.len == regionLen) {
                addAll(node.left, out);
                addAll(node.right, out);
                return;
            }
            node = node.child(Bits.bit(keyHi, keyLo, node.len));
        }
    }

    /** Pre-order walk: a prefix comes before the prefixes it contains, the 0 side before the 1 side. */
    static <V> void addAll(final RibNode<V> node, final List<PrefixEntry<V>> out) {
        if (node != null) {
            if (node.entry != null) {
                out.add(node.entry);
            }
            addAll(node.left, out);
            addAll(node.right, out);
        }
    }

    /**
     * Length of the widest prefix around the key that contains no stored prefix, or -1 when a stored prefix
     * covers the key. The answer is one more than the longest run of leading bits the key shares with any stored
     * prefix: a wider prefix would contain that stored prefix.
     */
    static int widestNegativeLength(final RibNode<?> root, final long keyHi, final long keyLo) {
        RibNode<?> node = root;
        if (node == null) {
            return 0;
        }
        while (true) {
            final int common = Bits.commonPrefix(keyHi, keyLo, node.hi, node.lo);
            if (common < node.len) {
                // Every prefix below this node starts with its bits, so each shares exactly 'common' bits.
                return common + 1;
            }
            if (node.entry != null) {
                return -1;
            }
            final RibNode<?> next = node.child(Bits.bit(keyHi, keyLo, node.len));
            if (next == null) {
                // A glue node always has two children: everything below goes the other way at bit 'len'.
                return node.len + 1;
            }
            node = next;
        }
    }
}
