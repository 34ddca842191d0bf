/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.index;

import io.wgcp.types.AddressFamily;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Longest-prefix-match table compiled from the {@link RibNode} trie: a multibit trie with a direct-indexed first
 * level and bitmap-compressed nodes of stride 6, laid out in flat primitive arrays. The layout follows the idea of
 * Poptrie (Asai and Ohara, SIGCOMM 2015); the code here is our own.
 *
 * <p>Why this shape: a binary trie with a million random prefixes misses the cache at every one of ~20 levels.
 * Here the first 0, 8 or 16 bits index an int array directly, then each level consumes 6 bits with a single
 * dependent load: a node is three longs (child bitmap, leaf bitmap, the two bases), its children sit in one
 * contiguous block and are found with a popcount, so an IPv4 host route costs the direct slot plus at most three
 * node loads plus the leaf, whatever the number of entries. Leaves are leaf-pushed (each holds the longest match
 * for its whole slot) and runs of equal leaves are stored once.
 *
 * <p>Path compression at the bottom: a slot whose region holds exactly one longer prefix becomes a leaf that
 * names that prefix (and, through a {@link Guard}, the shorter prefix covering the rest of the slot). The lookup
 * verifies the candidate against the key, so sparse host routes do not need a chain of nodes.
 *
 * <p>Layout, chosen so that a lookup at a million entries touches as few distinct cache lines and pages as at a
 * thousand: everything a value lookup needs after the node walk is in primitive arrays, not in objects scattered
 * over the heap. A node's <em>block</em> in the {@code nodes} array holds its child records followed by the
 * verification keys of its leaves (the prefix bits and mask a compressed leaf must match: one long for IPv4, four
 * for IPv6; a mask of zero for leaf-pushed leaves, which always match), so the key usually shares a page, often a
 * line, with the node record just read. The value of a leaf sits in {@code answers} (one compressed reference
 * per leaf, the densest array a lookup has to visit), the value for a key that fails the check in the parallel
 * {@code fallbacks}, which only the rare mismatching lookup reads; the choice is a predicted branch, so the value
 * load does not wait for the key. A lookup is thus direct slot, node records, then key and answer in
 * parallel; no entry or guard object is loaded (the entry-returning lookup still reads those, from
 * {@code leaves}). A direct slot that holds a leaf points to a small record in {@code nodes}: the leaf index and
 * the key.
 *
 * <p>Concurrency: there is a single writer (the owning {@link PrefixTrie} serialises updates) and any number of
 * lock-free readers. The writer only appends to the arrays; a change becomes visible through a single release
 * store (a direct slot, or the bases of one node whose bitmaps do not change), and a reader loads those words
 * with acquire semantics. A reader therefore walks either the old or the new version of the path, never a
 * mixture; a block (child records, keys) and the answers it names are written before the store that publishes
 * them and never change afterwards. When the arrays must grow, or when the garbage left by replaced blocks exceeds
 * the live part, the writer copies the live part into fresh arrays and publishes them through a volatile field;
 * readers that still hold the old arrays keep seeing a consistent old version, and the garbage collector takes
 * care of the grace period that an RCU scheme would otherwise need.
 */
final class LookupTable<V> {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int STRIDE = 6;
    private static final int FANOUT = 1 << STRIDE;
    /** Longs per node record: child bitmap, leaf bitmap, block base (high half) and leaf base (low half). */
    private static final int NODE = 3;
    /** Distinct from every leaf value; starts a new run of leaves. */
    private static final Object NO_LEAF = new Object();
    private static final long IPV4_BITS = 0xFFFFFFFF00000000L;

    /** Immutable set of arrays handed to readers. */
    static final class Tables {
        final int directBits;
        final int[] direct;
        final long[] nodes;
        final Object[] leaves;
        final Object[] answers;
        final Object[] fallbacks;

        Tables(final int directBits, final int[] direct, final long[] nodes, final Object[] leaves,
                final Object[] answers, final Object[] fallbacks) {
            this.directBits = directBits;
            this.direct = direct;
            this.nodes = nodes;
            this.leaves = leaves;
            this.answers = answers;
            this.fallbacks = fallbacks;
        }
    }

    /** Leaf for a slot holding one longer prefix: {@code entry} if it matches the key, else {@code fallback}. */
    static final class Guard {
        final PrefixEntry<?> entry;
        final PrefixEntry<?> fallback;

        Guard(final PrefixEntry<?> entry, final PrefixEntry<?> fallback) {
            this.entry = entry;
            this.fallback = fallback;
        }
    }

    /** Longs per leaf key: IPv4 packs the address and the mask into one, IPv6 needs bits and mask of both words. */
    private final int keyWidth;
    private volatile Tables tables;

    // Writer state, only touched under the owning trie's lock.
    private int directBits;
    private int[] direct;
    private long[] nodes;
    private Object[] leaves;
    private Object[] answers;
    private Object[] fallbacks;
    /** Longs of {@code nodes} in use. */
    private int nodeTop;
    private int leafTop;
    /** Longs of {@code nodes} no longer reachable. */
    private long garbageNodes;
    private long garbageLeaves;
    private boolean building;
    private int rebuilds;
    private int compactions;

    LookupTable(final AddressFamily family) {
        keyWidth = family == AddressFamily.IPV4 ? 1 : 4;
        // Record 0 is the shared "no match" direct leaf (leaf 0, mask 0, no answer), so a direct slot holding
        // ~0 = -1 means "nothing here".
        reset(0, 64, 16);
        direct[0] = -1;
        publish();
    }

    // ---------------------------------------------------------------- readers

    /** Longest match for an IPv4 address; lock-free, allocation-free. */
    PrefixEntry<V> lookup(final int address) {
        final long key = (long) address << 32;
        final Tables tab = tables;
        final long[] nds = tab.nodes;
        final int bits = tab.directBits;
        int ref = (int) INTS.getAcquire(tab.direct, bits == 0 ? 0 : address >>> 32 - bits);
        if (ref < 0) {
            return resolve(tab.leaves[(int) nds[~ref]], key, 0);
        }
        int depth = bits;
        while (true) {
            final long vector = nds[ref];
            final int chunk = (int) (key >>> 58 - depth) & 63;
            final long upTo = (2L << chunk) - 1;
            final long bases = (long) LONGS.getAcquire(nds, ref + 2);
            if ((vector >>> chunk & 1) == 0) {
                return resolve(tab.leaves[(int) bases + Long.bitCount(nds[ref + 1] & upTo) - 1], key, 0);
            }
            ref = (int) (bases >>> 32) + NODE * (Long.bitCount(vector & upTo) - 1);
            depth += STRIDE;
        }
    }

    /** Longest match for a left-aligned 128-bit key; lock-free, allocation-free. */
    PrefixEntry<V> lookup(final long hi, final long lo) {
        final Tables tab = tables;
        final long[] nds = tab.nodes;
        final int bits = tab.directBits;
        int ref = (int) INTS.getAcquire(tab.direct, bits == 0 ? 0 : (int) (hi >>> 64 - bits));
        if (ref < 0) {
            return resolve(tab.leaves[(int) nds[~ref]], hi, lo);
        }
        int depth = bits;
        while (true) {
            final long vector = nds[ref];
            final int chunk = Bits.chunk6(hi, lo, depth);
            final long upTo = (2L << chunk) - 1;
            final long bases = (long) LONGS.getAcquire(nds, ref + 2);
            if ((vector >>> chunk & 1) == 0) {
                return resolve(tab.leaves[(int) bases + Long.bitCount(nds[ref + 1] & upTo) - 1], hi, lo);
            }
            ref = (int) (bases >>> 32) + NODE * (Long.bitCount(vector & upTo) - 1);
            depth += STRIDE;
        }
    }

    /**
     * Value of the longest match for an IPv4 address, from the arrays alone: no entry or guard object is loaded.
     * Only for a table built with {@link AddressFamily#IPV4}.
     */
    @SuppressWarnings("unchecked")
    V value(final int address) {
        final Tables tab = tables;
        final long[] nds = tab.nodes;
        final int bits = tab.directBits;
        int ref = (int) INTS.getAcquire(tab.direct, bits == 0 ? 0 : address >>> 32 - bits);
        final int leaf;
        final int keyAt;
        if (ref < 0) {
            leaf = (int) nds[~ref];
            keyAt = ~ref + 1;
        } else {
            final long key = (long) address << 32;
            int depth = bits;
            while (true) {
                final long vector = nds[ref];
                final int chunk = (int) (key >>> 58 - depth) & 63;
                final long upTo = (2L << chunk) - 1;
                final long bases = (long) LONGS.getAcquire(nds, ref + 2);
                if ((vector >>> chunk & 1) == 0) {
                    final int rank = Long.bitCount(nds[ref + 1] & upTo) - 1;
                    leaf = (int) bases + rank;
                    // One key long per leaf, after the child records.
                    keyAt = (int) (bases >>> 32) + NODE * Long.bitCount(vector) + rank;
                    break;
                }
                ref = (int) (bases >>> 32) + NODE * (Long.bitCount(vector & upTo) - 1);
                depth += STRIDE;
            }
        }
        final long check = nds[keyAt];
        // Upper half: the prefix bits, lower half: its mask (0 for a leaf that covers its whole slot).
        if ((((int) (check >>> 32) ^ address) & (int) check) == 0) {
            return (V) tab.answers[leaf];
        }
        return (V) tab.fallbacks[leaf];
    }

    /**
     * Value of the longest match for a left-aligned 128-bit key, from the arrays alone. Only for a table built
     * with {@link AddressFamily#IPV6}.
     */
    @SuppressWarnings("unchecked")
    V value(final long hi, final long lo) {
        final Tables tab = tables;
        final long[] nds = tab.nodes;
        final int bits = tab.directBits;
        int ref = (int) INTS.getAcquire(tab.direct, bits == 0 ? 0 : (int) (hi >>> 64 - bits));
        final int leaf;
        final int keyAt;
        if (ref < 0) {
            leaf = (int) nds[~ref];
            keyAt = ~ref + 1;
        } else {
            int depth = bits;
            while (true) {
                final long vector = nds[ref];
                final int chunk = Bits.chunk6(hi, lo, depth);
                final long upTo = (2L << chunk) - 1;
                final long bases = (long) LONGS.getAcquire(nds, ref + 2);
                if ((vector >>> chunk & 1) == 0) {
                    final int rank = Long.bitCount(nds[ref + 1] & upTo) - 1;
                    leaf = (int) bases + rank;
                    // Four key longs per leaf, after the child records.
                    keyAt = (int) (bases >>> 32) + NODE * Long.bitCount(vector) + (rank << 2);
                    break;
                }
                ref = (int) (bases >>> 32) + NODE * (Long.bitCount(vector & upTo) - 1);
                depth += STRIDE;
            }
        }
        if (((hi ^ nds[keyAt]) & nds[keyAt + 2] | (lo ^ nds[keyAt + 1]) & nds[keyAt + 3]) == 0) {
            return (V) tab.answers[leaf];
        }
        return (V) tab.fallbacks[leaf];
    }

    @SuppressWarnings("unchecked")
    private static <V> PrefixEntry<V> resolve(final Object leaf, final long hi, final long lo) {
        if (leaf instanceof PrefixEntry) {
            // Leaf-pushed entries cover the whole slot and always match; a compressed single entry may not.
            final PrefixEntry<V> entry = (PrefixEntry<V>) leaf;
            return entry.matches(hi, lo) ? entry : null;
        }
        if (leaf == null) {
            return null;
        }
        final Guard guard = (Guard) leaf;
        return (PrefixEntry<V>) (guard.entry.matches(hi, lo) ? guard.entry : guard.fallback);
    }

    // ---------------------------------------------------------------- statistics (tests, console)

    int directBits() {
        return tables.directBits;
    }

    int rebuilds() {
        return rebuilds;
    }

    int compactions() {
        return compactions;
    }

    /** Longs of the node array and leaves in use, including garbage not yet compacted; and the key width. */
    long[] usage() {
        return new long[] {nodeTop, leafTop, garbageNodes, garbageLeaves, keyWidth};
    }

    // ---------------------------------------------------------------- writer

    /** Rebuilds everything from the trie into fresh arrays; also the way to change the direct-table width. */
    void rebuild(final RibNode<V> root, final int size) {
        final long liveNodes = Math.max(64, nodeTop - garbageNodes);
        final long liveLeaves = Math.max(64, leafTop - garbageLeaves);
        reset(bitsFor(size), (int) Math.min(Integer.MAX_VALUE - 8, liveNodes + liveNodes / 4),
            (int) Math.min(Integer.MAX_VALUE - 8, liveLeaves + liveLeaves / 4));
        building = true;
        rebuilds++;
        final List<PrefixEntry<V>> all = new ArrayList<>(size);
        RibNode.addAll(root, all);
        final int slots = 1 << directBits;
        final Object[] painted = new Object[slots];
        final int[] groupFrom = new int[slots];
        final int[] groupTo = new int[slots];
        partition(all, 0, all.size(), 0, directBits, painted, groupFrom, groupTo);
        Object lastLeaf = NO_LEAF;
        int lastRecord = 0;
        for (int slot = 0; slot < slots; slot++) {
            final int count = groupTo[slot] - groupFrom[slot];
            if (count > 1) {
                // The node record right before its block: the first two loads of the walk share a page.
                final int index = allocNodes(NODE);
                buildNode(index, directBits, all, groupFrom[slot], groupTo[slot], painted[slot]);
                direct[slot] = index;
                continue;
            }
            final Object leaf = count == 1 ? leafFor(all.get(groupFrom[slot]), painted[slot]) : painted[slot];
            if (leaf != lastLeaf) {
                lastLeaf = leaf;
                lastRecord = leaf == null ? 0 : directLeaf(leaf);
            }
            direct[slot] = ~lastRecord;
        }
        building = false;
        publish();
    }

    /**
     * Brings the table in line with the trie after {@code key/len} was added, replaced or removed there. Only
     * the slots of the deepest node whose region contains the prefix are recomputed, the rest of the path is
     * shared, and the change is published with one release store.
     */
    void update(final RibNode<V> root, final int size, final long hi, final long lo, final int len) {
        if (bitsFor(size) != directBits && shouldResize(size)) {
            rebuild(root, size);
            return;
        }
        final int bits = directBits;
        final int slot = bits == 0 ? 0 : (int) (hi >>> 64 - bits);
        if (len <= bits) {
            final int count = 1 << bits - len;
            for (int i = 0; i < count; i++) {
                rebuildDirectSlot(root, slot + i);
            }
        } else if (direct[slot] < 0) {
            rebuildDirectSlot(root, slot);
        } else {
            updateBelow(root, slot, hi, lo, len);
        }
        if (garbageNodes > nodeTop / 2 + 4096 || garbageLeaves > leafTop / 2 + 4096) {
            compact();
        }
    }

    /**
     * Copies the reachable structure into fresh arrays, leaving the garbage behind. Costs O(live array size) and
     * does not walk the trie, so at a million entries it takes milliseconds; it runs once the garbage outgrows
     * the live part, which keeps the amortised cost per update constant.
     */
    private void compact() {
        final int[] oldDirect = direct;
        final long[] oldNodes = nodes;
        final Object[] oldLeaves = leaves;
        final Object[] oldAnswers = answers;
        final Object[] oldFallbacks = fallbacks;
        final long liveNodes = Math.max(64, nodeTop - garbageNodes);
        final long liveLeaves = Math.max(64, leafTop - garbageLeaves);
        reset(directBits, (int) Math.min(Integer.MAX_VALUE - 8, liveNodes + liveNodes / 8),
            (int) Math.min(Integer.MAX_VALUE - 8, liveLeaves + liveLeaves / 8));
        building = true;
        compactions++;
        Object lastLeaf = NO_LEAF;
        int lastRecord = 0;
        for (int slot = 0; slot < oldDirect.length; slot++) {
            final int ref = oldDirect[slot];
            if (ref >= 0) {
                final int index = allocNodes(NODE);
                copyNode(oldNodes, oldLeaves, oldAnswers, oldFallbacks, ref, index);
                direct[slot] = index;
                continue;
            }
            final Object leaf = oldLeaves[(int) oldNodes[~ref]];
            if (leaf != lastLeaf) {
                lastLeaf = leaf;
                lastRecord = leaf == null ? 0 : directLeaf(leaf);
            }
            direct[slot] = ~lastRecord;
        }
        building = false;
        publish();
    }

    private void copyNode(final long[] oldNodes, final Object[] oldLeaves, final Object[] oldAnswers,
            final Object[] oldFallbacks, final int from, final int target) {
        final long vector = oldNodes[from];
        final long leafVector = oldNodes[from + 1];
        final long oldBases = oldNodes[from + 2];
        final int children = Long.bitCount(vector);
        final int leafCount = Long.bitCount(leafVector);
        final int block = allocNodes(NODE * children + keyWidth * leafCount);
        final int leafBase = allocLeaves(leafCount);
        final int oldBlock = (int) (oldBases >>> 32);
        final int oldLeafBase = (int) oldBases;
        System.arraycopy(oldLeaves, oldLeafBase, leaves, leafBase, leafCount);
        System.arraycopy(oldAnswers, oldLeafBase, answers, leafBase, leafCount);
        System.arraycopy(oldFallbacks, oldLeafBase, fallbacks, leafBase, leafCount);
        System.arraycopy(oldNodes, oldBlock + NODE * children, nodes, block + NODE * children,
            keyWidth * leafCount);
        writeHeader(target, vector, leafVector, block, leafBase);
        for (int i = 0; i < children; i++) {
            copyNode(oldNodes, oldLeaves, oldAnswers, oldFallbacks, oldBlock + NODE * i, block + NODE * i);
        }
    }

    private void updateBelow(final RibNode<V> root, final int slot, final long hi, final long lo, final int len) {
        int node = direct[slot];
        int parent = -1;
        int depth = directBits;
        while (depth + STRIDE < len) {
            final int chunk = Bits.chunk6(hi, lo, depth);
            final long vector = nodes[node];
            if ((vector >>> chunk & 1) == 0) {
                break;
            }
            parent = node;
            node = (int) (nodes[node + 2] >>> 32) + NODE * (Long.bitCount(vector & (2L << chunk) - 1) - 1);
            depth += STRIDE;
        }
        final int first = Bits.chunk6(hi, lo, depth);
        final int count = len <= depth + STRIDE ? 1 << depth + STRIDE - len : 1;
        // Build the new version of the node in a scratch record first: if its bitmaps are unchanged (a value was
        // replaced, say), swinging its own base word is enough and the parent's block need not be copied.
        final int scratch = allocNodes(NODE);
        rebuildNode(root, node, scratch, depth, hi, lo, first, count);
        garbageNodes += NODE;
        if (nodes[scratch] == nodes[node] && nodes[scratch + 1] == nodes[node + 1]) {
            LONGS.setRelease(nodes, node + 2, nodes[scratch + 2]);
            return;
        }
        if (parent < 0) {
            INTS.setRelease(direct, slot, scratch);
            return;
        }
        // Copy the parent's block (child records and leaf keys) with the changed node replaced, then swing the
        // parent's block base. The parent's bitmaps and leaves stay the same, so a reader sees a consistent node
        // whichever base it loads.
        final long parentBases = nodes[parent + 2];
        final int oldBlock = (int) (parentBases >>> 32);
        final int blockLength = NODE * Long.bitCount(nodes[parent]) + keyWidth * Long.bitCount(nodes[parent + 1]);
        final int newBlock = allocNodes(blockLength);
        System.arraycopy(nodes, oldBlock, nodes, newBlock, blockLength);
        System.arraycopy(nodes, scratch, nodes, newBlock + node - oldBlock, NODE);
        garbageNodes += blockLength;
        LONGS.setRelease(nodes, parent + 2, (long) newBlock << 32 | parentBases & 0xffffffffL);
    }

    private void rebuildDirectSlot(final RibNode<V> root, final int slot) {
        final int bits = directBits;
        final long slotHi = bits == 0 ? 0 : (long) slot << 64 - bits;
        final PrefixEntry<V> inherited = RibNode.longestMatch(root, slotHi, 0, bits);
        final List<PrefixEntry<V>> inside = new ArrayList<>();
        RibNode.collectInside(root, slotHi, 0, bits, inside);
        final int old = direct[slot];
        final int value;
        if (inside.size() > 1) {
            value = allocNodes(NODE);
            buildNode(value, bits, inside, 0, inside.size(), inherited);
        } else {
            final Object leaf = inside.isEmpty() ? inherited : leafFor(inside.get(0), inherited);
            value = ~(leaf == null ? 0 : directLeaf(leaf));
        }
        if (old >= 0) {
            garbageNodes += NODE;
            discardBelow(old);
        } else if (old != -1) {
            garbageNodes += 1 + keyWidth;
            garbageLeaves++;
        }
        INTS.setRelease(direct, slot, value);
    }

    /**
     * Writes at {@code target} a copy of node {@code old} (at {@code depth}, region given by {@code hi/lo}) in
     * which slots {@code [first, first + count)} are recomputed from the trie. Unchanged children are copied as
     * records, so their subtrees are shared with the old version.
     */
    private void rebuildNode(final RibNode<V> root, final int old, final int target, final int depth,
            final long hi, final long lo, final int first, final int count) {
        final long oldVector = nodes[old];
        final long oldLeafVector = nodes[old + 1];
        final long oldBases = nodes[old + 2];
        final int oldBlock = (int) (oldBases >>> 32);
        final int oldLeafBase = (int) oldBases;
        final Object[] leafOf = new Object[FANOUT];
        final int[] keepChild = new int[FANOUT];
        final List<List<PrefixEntry<V>>> fresh = new ArrayList<>(count);
        long vector = 0;
        for (int slot = 0; slot < FANOUT; slot++) {
            final long upTo = (2L << slot) - 1;
            final boolean wasChild = (oldVector >>> slot & 1) != 0;
            if (slot < first || slot >= first + count) {
                if (wasChild) {
                    keepChild[slot] = oldBlock + NODE * (Long.bitCount(oldVector & upTo) - 1);
                    vector |= 1L << slot;
                } else {
                    leafOf[slot] = leaves[oldLeafBase + Long.bitCount(oldLeafVector & upTo) - 1];
                }
                continue;
            }
            if (wasChild) {
                discardBelow(oldBlock + NODE * (Long.bitCount(oldVector & upTo) - 1));
            }
            final long slotHi = Bits.withChunkHi(hi, depth, slot);
            final long slotLo = Bits.withChunkLo(lo, depth, slot);
            final PrefixEntry<V> inherited = RibNode.longestMatch(root, slotHi, slotLo, depth + STRIDE);
            final List<PrefixEntry<V>> inside = new ArrayList<>();
            RibNode.collectInside(root, slotHi, slotLo, depth + STRIDE, inside);
            leafOf[slot] = inherited;
            keepChild[slot] = -1 - fresh.size();
            fresh.add(inside);
            if (inside.size() == 1) {
                leafOf[slot] = leafFor(inside.get(0), inherited);
            } else if (inside.size() > 1) {
                vector |= 1L << slot;
            }
        }
        // The old block and leaves are replaced as a whole.
        garbageNodes += NODE * Long.bitCount(oldVector) + keyWidth * Long.bitCount(oldLeafVector);
        garbageLeaves += Long.bitCount(oldLeafVector);
        final int block = writeNode(target, vector, leafOf);
        int child = block;
        for (int slot = 0; slot < FANOUT; slot++) {
            if ((vector >>> slot & 1) == 0) {
                continue;
            }
            final int keep = keepChild[slot];
            if (keep >= 0) {
                System.arraycopy(nodes, keep, nodes, child, NODE);
            } else {
                final List<PrefixEntry<V>> inside = fresh.get(-1 - keep);
                buildNode(child, depth + STRIDE, inside, 0, inside.size(), leafOf[slot]);
            }
            child += NODE;
        }
    }

    /** Builds, at {@code target}, the node for region depth {@code depth} from entries {@code [from, to)}. */
    private void buildNode(final int target, final int depth, final List<PrefixEntry<V>> list, final int from,
            final int to, final Object inherited) {
        final Object[] leafOf = new Object[FANOUT];
        Arrays.fill(leafOf, inherited);
        final int[] groupFrom = new int[FANOUT];
        final int[] groupTo = new int[FANOUT];
        partition(list, from, to, depth, STRIDE, leafOf, groupFrom, groupTo);
        long vector = 0;
        for (int slot = 0; slot < FANOUT; slot++) {
            final int count = groupTo[slot] - groupFrom[slot];
            if (count == 1) {
                leafOf[slot] = leafFor(list.get(groupFrom[slot]), leafOf[slot]);
            } else if (count > 1) {
                vector |= 1L << slot;
            }
        }
        final int block = writeNode(target, vector, leafOf);
        int child = block;
        for (int slot = 0; slot < FANOUT; slot++) {
            if ((vector >>> slot & 1) != 0) {
                buildNode(child, depth + STRIDE, list, groupFrom[slot], groupTo[slot], leafOf[slot]);
                child += NODE;
            }
        }
    }

    /**
     * Splits entries {@code [from, to)} (in the trie's pre-order, all inside the region at {@code depth}) among
     * the {@code 1 << stride} slots: a prefix no longer than {@code depth + stride} paints the slots it covers
     * into {@code painted} (pre-order puts an outer prefix before the inner ones, so the longest wins), a longer
     * prefix joins its slot's group, which is contiguous in pre-order.
     */
    private static <V> void partition(final List<PrefixEntry<V>> list, final int from, final int to,
            final int depth, final int stride, final Object[] painted, final int[] groupFrom,
            final int[] groupTo) {
        final int limit = depth + stride;
        int pos = from;
        while (pos < to) {
            final PrefixEntry<V> entry = list.get(pos);
            final int slot = slotOf(entry, depth, stride);
            final int len = entry.length();
            if (len <= limit) {
                Arrays.fill(painted, slot, slot + (1 << limit - len), entry);
                pos++;
                continue;
            }
            int end = pos + 1;
            while (end < to && list.get(end).length() > limit && slotOf(list.get(end), depth, stride) == slot) {
                end++;
            }
            groupFrom[slot] = pos;
            groupTo[slot] = end;
            pos = end;
        }
    }

    private static int slotOf(final PrefixEntry<?> entry, final int depth, final int stride) {
        if (stride == STRIDE) {
            return Bits.chunk6(entry.hi, entry.lo, depth);
        }
        // The direct level: depth 0, stride 0, 8 or 16.
        return stride == 0 ? 0 : (int) (entry.hi >>> 64 - stride);
    }

    private static Object leafFor(final PrefixEntry<?> single, final Object fallback) {
        return fallback == null ? single : new Guard(single, (PrefixEntry<?>) fallback);
    }

    private static long leafVector(final long vector, final Object[] leafOf) {
        long result = 0;
        Object last = NO_LEAF;
        for (int slot = 0; slot < FANOUT; slot++) {
            if ((vector >>> slot & 1) == 0 && leafOf[slot] != last) {
                last = leafOf[slot];
                result |= 1L << slot;
            }
        }
        return result;
    }

    /**
     * Writes the node at {@code target}: its child vector, a block for the children and the keys of its leaves, and
     * the leaves of the slots without a child; returns the block, where the caller builds the children.
     */
    private int writeNode(final int target, final long vector, final Object[] leafOf) {
        final long leafVector = leafVector(vector, leafOf);
        final int children = Long.bitCount(vector);
        final int block = allocNodes(NODE * children + keyWidth * Long.bitCount(leafVector));
        final int leafBase = writeLeaves(leafVector, leafOf, block + NODE * children);
        writeHeader(target, vector, leafVector, block, leafBase);
        return block;
    }

    private void writeHeader(final int target, final long vector, final long leafVector, final int block,
            final int leafBase) {
        nodes[target] = vector;
        nodes[target + 1] = leafVector;
        nodes[target + 2] = (long) block << 32 | leafBase & 0xffffffffL;
    }

    /** Appends the leaves named by {@code leafVector}, their keys from {@code keyAt} on; returns the leaf base. */
    private int writeLeaves(final long leafVector, final Object[] leafOf, final int keyAt) {
        final int base = allocLeaves(Long.bitCount(leafVector));
        int pos = base;
        int key = keyAt;
        for (int slot = 0; slot < FANOUT; slot++) {
            if ((leafVector >>> slot & 1) != 0) {
                setLeaf(pos++, leafOf[slot]);
                writeKey(key, leafOf[slot]);
                key += keyWidth;
            }
        }
        return base;
    }

    /** Appends a direct-slot leaf record (leaf index, then key) and its leaf; returns the record's offset. */
    private int directLeaf(final Object leaf) {
        final int index = allocLeaves(1);
        setLeaf(index, leaf);
        final int record = allocNodes(1 + keyWidth);
        nodes[record] = index;
        writeKey(record + 1, leaf);
        return record;
    }

    /** Stores a leaf object and its answers: the value if the key matches and the value if it does not. */
    private void setLeaf(final int index, final Object leaf) {
        leaves[index] = leaf;
        final Object match;
        final Object otherwise;
        if (leaf instanceof Guard guard) {
            match = guard.entry.value();
            otherwise = guard.fallback.value();
        } else {
            match = leaf == null ? null : ((PrefixEntry<?>) leaf).value();
            otherwise = null;
        }
        answers[index] = match;
        fallbacks[index] = otherwise;
    }

    /**
     * Writes the verification key of a leaf: the bits and mask of the prefix it names (the entry, or the guarded
     * entry). A leaf-pushed entry covers its whole slot and matches every key that reaches it, so checking it
     * against its own prefix is harmless; an empty leaf gets mask 0 and its answers are null.
     */
    private void writeKey(final int at, final Object leaf) {
        final PrefixEntry<?> entry = leaf instanceof Guard guard ? guard.entry : (PrefixEntry<?>) leaf;
        if (keyWidth == 1) {
            nodes[at] = entry == null ? 0 : entry.hi & IPV4_BITS | entry.maskHi >>> 32;
            return;
        }
        nodes[at] = entry == null ? 0 : entry.hi;
        nodes[at + 1] = entry == null ? 0 : entry.lo;
        nodes[at + 2] = entry == null ? 0 : entry.maskHi;
        nodes[at + 3] = entry == null ? 0 : entry.maskLo;
    }

    /** Counts as garbage everything reachable from node {@code node}, but not the node record itself. */
    private void discardBelow(final int node) {
        final long vector = nodes[node];
        final long leafVector = nodes[node + 1];
        garbageNodes += NODE * Long.bitCount(vector) + keyWidth * Long.bitCount(leafVector);
        garbageLeaves += Long.bitCount(leafVector);
        final int block = (int) (nodes[node + 2] >>> 32);
        for (int i = 0; i < Long.bitCount(vector); i++) {
            discardBelow(block + NODE * i);
        }
    }

    private static int bitsFor(final int size) {
        if (size >= 1024) {
            return 16;
        }
        return size >= 64 ? 8 : 0;
    }

    /** Hysteresis: grow the direct table at once, shrink it only well below the threshold that grew it. */
    private boolean shouldResize(final int size) {
        final int wanted = bitsFor(size);
        if (wanted > directBits) {
            return true;
        }
        return directBits == 16 ? size < 256 : size < 16;
    }

    private void reset(final int bits, final int nodeCapacity, final int leafCapacity) {
        directBits = bits;
        direct = new int[1 << bits];
        nodes = new long[Math.max(64, nodeCapacity)];
        final int leafSlots = Math.max(16, leafCapacity);
        leaves = new Object[leafSlots];
        answers = new Object[leafSlots];
        fallbacks = new Object[leafSlots];
        // Record 0, the shared empty direct leaf: leaf 0 (no object, no answers), key all zero (mask 0).
        nodeTop = 1 + keyWidth;
        leafTop = 1;
        garbageNodes = 0;
        garbageLeaves = 0;
    }

    /** Reserves {@code count} longs of the node array; returns the offset of the first. */
    private int allocNodes(final int count) {
        final int start = nodeTop;
        final long needed = (long) start + count;
        if (needed > nodes.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("Lookup table node array exhausted");
            }
            nodes = Arrays.copyOf(nodes, (int) Math.min(Integer.MAX_VALUE - 8,
                Math.max(needed, nodes.length + (long) nodes.length / 2)));
            grown();
        }
        nodeTop = start + count;
        return start;
    }

    private int allocLeaves(final int count) {
        final int start = leafTop;
        final long needed = (long) start + count;
        if (needed > leaves.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("Lookup table leaf array exhausted");
            }
            final int length = (int) Math.min(Integer.MAX_VALUE - 8,
                Math.max(needed, leaves.length + (long) leaves.length / 2));
            leaves = Arrays.copyOf(leaves, length);
            answers = Arrays.copyOf(answers, length);
            fallbacks = Arrays.copyOf(fallbacks, length);
            if (!building) {
                // Node records get in-place stores that will name leaves only the new arrays have.
                nodes = nodes.clone();
            }
            grown();
        }
        leafTop = start + count;
        return start;
    }

    private void grown() {
        if (!building) {
            // Readers of the old arrays must never see a store meant for the new ones: every array that gets
            // in-place stores (the direct table and the node records) is private to one published Tables.
            direct = direct.clone();
            publish();
        }
    }

    private void publish() {
        tables = new Tables(directBits, direct, nodes, leaves, answers, fallbacks);
    }
}
