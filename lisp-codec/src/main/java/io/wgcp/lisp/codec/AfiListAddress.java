/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.util.List;
import java.util.Objects;

/**
 * LCAF type 1, AFI List: several addresses of one node (for example its IPv4 and IPv6 RLOC).
 *
 * @param addresses the addresses, in wire order; may be empty
 */
public record AfiListAddress(List<LispAddress> addresses) implements LcafAddress {
    /** Validates and freezes the components. */
    public AfiListAddress {
        addresses = List.copyOf(addresses);
    }

    /**
     * Creates a list address.
     *
     * @param addresses the addresses, in wire order
     * @return the address
     */
    public static AfiListAddress of(final LispAddress... addresses) {
        for (LispAddress address : addresses) {
            Objects.requireNonNull(address);
        }
        return new AfiListAddress(List.of(addresses));
    }

    @Override
    public int lcafType() {
        return Afi.LCAF_AFI_LIST;
    }
}
