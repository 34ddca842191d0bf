/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.types;

/**
 * Address family of an {@link IpPrefix}. Each family has its own trie: prefixes of different families never
 * contain one another.
 */
public enum AddressFamily {
    /** IPv4, 32-bit addresses. */
    IPV4(32),
    /** IPv6, 128-bit addresses. */
    IPV6(128);

    private final int width;

    AddressFamily(final int width) {
        this.width = width;
    }

    /**
     * Number of bits in an address of this family.
     *
     * @return 32 or 128
     */
    public int width() {
        return width;
    }
}
