/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.index;

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
 * dependent load: a node is three longs (child bitmap, leaf bitmap, the two block bases), its children sit in one
 * contiguous block and are found with a popcount, so an IPv4 host route costs the direct slot plus at most three
 * node loads plus the leaf, whatever the number of entries. Leaves are leaf-pushed (each holds the longest match
 * for its whole slot) and runs of equal leaves are stored once.
 *
 * <p>Path compression at the bottom: a slot whose region holds exactly one longer prefix becomes a leaf that
 * names that prefix (and, through a {@link Guard}, the shorter prefix covering the rest of the slot). The lookup
 * verifies the candidate against the key, so sparse host routes do not need a chain of nodes.
 *
 * <p>Concurrency: there is a single writer (the owning {@link PrefixTrie} serialises updates) and any number of
 * lock-free readers. The writer only appends to the arrays; a change becomes visible through a single release
 * store (a direct slot, or the block bases of one node whose bitmaps do not change), and a reader loads those
 * words with acquire semantics. A reader therefore walks either the old or the new version of the path, never a
 * mixture. When the arrays must grow, or when the garbage left by replaced blocks exceeds the live part, the
 * writer copies the live part into fresh arrays and publishes them through a volatile field; readers that still
 * hold the old arrays keep seeing a consistent old version, and the garbage collector takes care of the grace
 * period that an RCU scheme would otherwise need.
 */
final class LookupTable<V> {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int STRIDE = 6;
    private static final int FANOUT = 1 << STRIDE;
    /** Distinct from every leaf value; starts a new run of leaves. */
    private static final Object NO_LEAF = new Object();

    /** Immutable set of arrays handed to readers. */
    static final class Tables {
        final int directBits;
        final int[] direct;
        final long[] nodes;
        final Object[] leaves;

        Tables(final int directBits, final int[] direct, final long[] nodes, final Object[] leaves) {
            this.directBits = directBits;
            this.direct = direct;
            this.nodes = nodes;
            this.leaves = leaves;
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

    private volatile Tables tables;

    // Writer state, only touched under the owning trie's lock.
    private int directBits;
    private int[] direct;
    private long[] nodes;
    private Object[] leaves;
    private int nodeTop;
    private int leafTop;
    private long garbageNodes;
    private long garbageLeaves;
    private boolean building;
    private int rebuilds;
    private int compactions;

    LookupTable() {
        // Leaf 0 is the shared "no match" leaf; a direct slot holding ~0 = -1 therefore means "nothing here".
        reset(0, 16, 16);
        direct[0] = -1;
        publish();
    }

    // ---------------------------------------------------------------- readers

    /** Longest match for an IPv4 address; lock-free, allocation-free. */
    PrefixEntry<V> lookup(final int address) {
        final long key = (long) address << 32;
        final Tables tab = tables;
        final int bits = tab.directBits;
        int ref = (int) INTS.getAcquire(tab.direct, bits == 0 ? 0 : address >>> 32 - bits);
        if (ref < 0) {
            return resolve(tab.leaves[~ref], key, 0);
        }
        final long[] nds = tab.nodes;
        int depth = bits;
        while (true) {
            final int base = ref * 3;
            final long vector = nds[base];
            final int chunk = (int) (key >>> 58 - depth) & 63;
            final long upTo = (2L << chunk) - 1;
            final long bases = (long) LONGS.getAcquire(nds, base + 2);
            if ((vector >>> chunk & 1) == 0) {
                return resolve(tab.leaves[(int) bases + Long.bitCount(nds[base + 1] & upTo) - 1], key, 0);
            }
            ref = (int) (bases >>> 32) + Long.bitCount(vector & upTo) - 1;
            depth += STRIDE;
        }
    }

    /** Longest match for a left-aligned 128-bit key; lock-free, allocation-free. */
    PrefixEntry<V> lookup(final long hi, final long lo) {
        final Tables tab = tables;
        final int bits = tab.directBits;
        int ref = (int) INTS.getAcquire(tab.direct, bits == 0 ? 0 : (int) (hi >>> 64 - bits));
        if (ref < 0) {
            return resolve(tab.leaves[~ref], hi, lo);
        }
        final long[] nds = tab.nodes;
        int depth = bits;
        while (true) {
            final int base = ref * 3;
            final long vector = nds[base];
            final int chunk = Bits.chunk6(hi, lo, depth);
            final long upTo = (2L << chunk) - 1;
            final long bases = (long) LONGS.getAcquire(nds, base + 2);
            if ((vector >>> chunk & 1) == 0) {
                return resolve(tab.leaves[(int) bases + Long.bitCount(nds[base + 1] & upTo) - 1], hi, lo);
            }
            ref = (int) (bases >>> 32) + Long.bitCount(vector & upTo) - 1;
            depth += STRIDE;
        }
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

    /** Nodes and leaves in use, including garbage not yet compacted. */
    long[] usage() {
        return new long[] {nodeTop, leafTop, garbageNodes, garbageLeaves};
    }

    // ---------------------------------------------------------------- writer

    /** Rebuilds everything from the trie into fresh arrays; also the way to change the direct-table width. */
    void rebuild(final RibNode<V> root, final int size) {
        final long liveNodes = Math.max(64, nodeTop - garbageNodes);
        final long liveLeaves = Math.max(64, leafTop - garbageLeaves);
        reset(bitsFor(size), (int) Math.min(Integer.MAX_VALUE / 4, liveNodes + liveNodes / 4),
            (int) Math.min(Integer.MAX_VALUE / 2, liveLeaves + liveLeaves / 4));
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
        int lastIndex = 0;
        for (int slot = 0; slot < slots; slot++) {
            final int count = groupTo[slot] - groupFrom[slot];
            if (count > 1) {
                final int index = allocNodes(1);
                buildNode(index, directBits, all, groupFrom[slot], groupTo[slot], painted[slot]);
                direct[slot] = index;
                continue;
            }
            final Object leaf = count == 1 ? leafFor(all.get(groupFrom[slot]), painted[slot]) : painted[slot];
            if (leaf != lastLeaf) {
                lastLeaf = leaf;
                lastIndex = leaf == null ? 0 : allocLeaves(1);
                leaves[lastIndex] = leaf;
            }
            direct[slot] = ~lastIndex;
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
        final long liveNodes = Math.max(64, nodeTop - garbageNodes);
        final long liveLeaves = Math.max(64, leafTop - garbageLeaves);
        reset(directBits, (int) Math.min(Integer.MAX_VALUE / 4, liveNodes + liveNodes / 8),
            (int) Math.min(Integer.MAX_VALUE / 2, liveLeaves + liveLeaves / 8));
        building = true;
        compactions++;
        Object lastLeaf = NO_LEAF;
        int lastIndex = 0;
        for (int slot = 0; slot < oldDirect.length; slot++) {
            final int ref = oldDirect[slot];
            if (ref >= 0) {
                final int index = allocNodes(1);
                copyNode(oldNodes, oldLeaves, ref, index);
                direct[slot] = index;
                continue;
            }
            final Object leaf = oldLeaves[~ref];
            if (leaf != lastLeaf) {
                lastLeaf = leaf;
                lastIndex = leaf == null ? 0 : allocLeaves(1);
                leaves[lastIndex] = leaf;
            }
            direct[slot] = ~lastIndex;
        }
        building = false;
        publish();
    }

    private void copyNode(final long[] oldNodes, final Object[] oldLeaves, final int from, final int target) {
        final long vector = oldNodes[from * 3];
        final long leafVector = oldNodes[from * 3 + 1];
        final long oldBases = oldNodes[from * 3 + 2];
        final int children = Long.bitCount(vector);
        final int leafCount = Long.bitCount(leafVector);
        final int childBase = allocNodes(children);
        final int leafBase = allocLeaves(leafCount);
        System.arraycopy(oldLeaves, (int) oldBases, leaves, leafBase, leafCount);
        nodes[target * 3] = vector;
        nodes[target * 3 + 1] = leafVector;
        nodes[target * 3 + 2] = (long) childBase << 32 | leafBase & 0xffffffffL;
        final int oldChildBase = (int) (oldBases >>> 32);
        for (int i = 0; i < children; i++) {
            copyNode(oldNodes, oldLeaves, oldChildBase + i, childBase + i);
        }
    }

    private void updateBelow(final RibNode<V> root, final int slot, final long hi, final long lo, final int len) {
        int node = direct[slot];
        int parent = -1;
        int depth = directBits;
        while (depth + STRIDE < len) {
            final int chunk = Bits.chunk6(hi, lo, depth);
            final long vector = nodes[node * 3];
            if ((vector >>> chunk & 1) == 0) {
                break;
            }
            parent = node;
            node = (int) (nodes[node * 3 + 2] >>> 32) + Long.bitCount(vector & (2L << chunk) - 1) - 1;
            depth += STRIDE;
        }
        final int first = Bits.chunk6(hi, lo, depth);
        final int count = len <= depth + STRIDE ? 1 << depth + STRIDE - len : 1;
        // Build the new version of the node in a scratch record first: if its bitmaps are unchanged (a value was
        // replaced, say), swinging its own base word is enough and the sibling block need not be copied.
        final int scratch = allocNodes(1);
        rebuildNode(root, node, scratch, depth, hi, lo, first, count);
        garbageNodes++;
        if (nodes[scratch * 3] == nodes[node * 3] && nodes[scratch * 3 + 1] == nodes[node * 3 + 1]) {
            LONGS.setRelease(nodes, node * 3 + 2, nodes[scratch * 3 + 2]);
            return;
        }
        if (parent < 0) {
            INTS.setRelease(direct, slot, scratch);
            return;
        }
        // Copy the parent's child block with the changed node replaced, then swing the parent's block base.
        // The parent's bitmaps stay the same, so a reader sees a consistent node whichever base it loads.
        final long parentVector = nodes[parent * 3];
        final long parentBases = nodes[parent * 3 + 2];
        final int oldBase = (int) (parentBases >>> 32);
        final int siblings = Long.bitCount(parentVector);
        final int newBase = allocNodes(siblings);
        System.arraycopy(nodes, oldBase * 3, nodes, newBase * 3, siblings * 3);
        System.arraycopy(nodes, scratch * 3, nodes, (newBase + node - oldBase) * 3, 3);
        garbageNodes += siblings;
        LONGS.setRelease(nodes, parent * 3 + 2, (long) newBase << 32 | parentBases & 0xffffffffL);
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
            value = allocNodes(1);
            buildNode(value, bits, inside, 0, inside.size(), inherited);
        } else {
            final Object leaf = inside.isEmpty() ? inherited : leafFor(inside.get(0), inherited);
            final int index = leaf == null ? 0 : allocLeaves(1);
            leaves[index] = leaf;
            value = ~index;
        }
        if (old >= 0) {
            garbageNodes++;
            discardBelow(old);
        } else if (old != -1) {
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
        final long oldVector = nodes[old * 3];
        final long oldLeafVector = nodes[old * 3 + 1];
        final long oldBases = nodes[old * 3 + 2];
        final int oldChildBase = (int) (oldBases >>> 32);
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
                    keepChild[slot] = oldChildBase + Long.bitCount(oldVector & upTo) - 1;
                    vector |= 1L << slot;
                } else {
                    leafOf[slot] = leaves[oldLeafBase + Long.bitCount(oldLeafVector & upTo) - 1];
                }
                continue;
            }
            if (wasChild) {
                discardBelow(oldChildBase + Long.bitCount(oldVector & upTo) - 1);
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
        garbageNodes += Long.bitCount(oldVector);
        garbageLeaves += Long.bitCount(oldLeafVector);
        final int childBase = allocNodes(Long.bitCount(vector));
        final int leafBase = writeLeaves(vector, leafOf);
        nodes[target * 3] = vector;
        nodes[target * 3 + 1] = leafVector(vector, leafOf);
        nodes[target * 3 + 2] = (long) childBase << 32 | leafBase & 0xffffffffL;
        int child = childBase;
        for (int slot = 0; slot < FANOUT; slot++) {
            if ((vector >>> slot & 1) == 0) {
                continue;
            }
            final int keep = keepChild[slot];
            if (keep >= 0) {
                System.arraycopy(nodes, keep * 3, nodes, child * 3, 3);
            } else {
                final List<PrefixEntry<V>> inside = fresh.get(-1 - keep);
                buildNode(child, depth + STRIDE, inside, 0, inside.size(), leafOf[slot]);
            }
            child++;
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
        final int childBase = allocNodes(Long.bitCount(vector));
        final int leafBase = writeLeaves(vector, leafOf);
        nodes[target * 3] = vector;
        nodes[target * 3 + 1] = leafVector(vector, leafOf);
        nodes[target * 3 + 2] = (long) childBase << 32 | leafBase & 0xffffffffL;
        int child = childBase;
        for (int slot = 0; slot < FANOUT; slot++) {
            if ((vector >>> slot & 1) != 0) {
                buildNode(child++, depth + STRIDE, list, groupFrom[slot], groupTo[slot], leafOf[slot]);
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

    private int writeLeaves(final long vector, final Object[] leafOf) {
        final long leafVector = leafVector(vector, leafOf);
        final int base = allocLeaves(Long.bitCount(leafVector));
        int pos = base;
        for (int slot = 0; slot < FANOUT; slot++) {
            if ((leafVector >>> slot & 1) != 0) {
                leaves[pos++] = leafOf[slot];
            }
        }
        return base;
    }

    /** Counts as garbage everything reachable from node {@code node}, but not the node record itself. */
    private void discardBelow(final int node) {
        final long vector = nodes[node * 3];
        garbageNodes += Long.bitCount(vector);
        garbageLeaves += Long.bitCount(nodes[node * 3 + 1]);
        final int base = (int) (nodes[node * 3 + 2] >>> 32);
        for (int i = 0; i < Long.bitCount(vector); i++) {
            discardBelow(base + i);
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
        nodes = new long[Math.max(16, nodeCapacity) * 3];
        leaves = new Object[Math.max(16, leafCapacity)];
        nodeTop = 0;
        leafTop = 1;
        garbageNodes = 0;
        garbageLeaves = 0;
    }

    private int allocNodes(final int count) {
        final int start = nodeTop;
        final long needed = (long) (start + count) * 3;
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
            leaves = Arrays.copyOf(leaves, (int) Math.min(Integer.MAX_VALUE - 8,
                Math.max(needed, leaves.length + (long) leaves.length / 2)));
            if (!building) {
                // Node records get in-place stores that will name leaves only the new array has.
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
        tables = new Tables(directBits, direct, nodes, leaves);
    }
}
