/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.index;

import static java.util.Objects.requireNonNull;

import io.wgcp.types.IpPrefix;

/**
 * A stored mapping: a prefix and its value. Immutable; the trie hands out the instance it stores, so a lookup
 * allocates nothing.
 *
 * @param <V> value type
 */
public final class PrefixEntry<V> {
    // The prefix bits and masks are copied out of the IpPrefix so that the lookup can verify a candidate leaf
    // with one memory access (this object) instead of two (this object, then the prefix).
    final long hi;
    final long lo;
    final long maskHi;
    final long maskLo;
    private final IpPrefix prefix;
    private final V value;

    PrefixEntry(final IpPrefix prefix, final V value) {
        this.prefix = requireNonNull(prefix);
        this.value = requireNonNull(value);
        hi = prefix.high();
        lo = prefix.low();
        maskHi = Bits.maskHi(prefix.length());
        maskLo = Bits.maskLo(prefix.length());
    }

    /**
     * The stored prefix.
     *
     * @return the prefix
     */
    public IpPrefix prefix() {
        return prefix;
    }

    /**
     * The stored value.
     *
     * @return the value, never null
     */
    public V value() {
        return value;
    }

    int length() {
        return prefix.length();
    }

    boolean matches(final long keyHi, final long keyLo) {
        return ((keyHi ^ hi) & maskHi | (keyLo ^ lo) & maskLo) == 0;
    }

    @Override
    public int hashCode() {
        return prefix.hashCode() * 31 + value.hashCode();
    }

    @Override
    public boolean equals(final Object obj) {
        return this == obj || obj instanceof PrefixEntry<?> other && prefix.equals(other.prefix)
            && value.equals(other.value);
    }

    @Override
    public String toString() {
        return prefix + "=" + value;
    }
}
