/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.api;

import static java.util.Objects.requireNonNull;

import io.wgcp.types.IpPrefix;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.NegativeAction;

/**
 * The answer to a longest-prefix-match resolution, as a Map-Reply carries it.
 */
public sealed interface Resolution {
    /**
     * A mapping holds the address.
     *
     * @param mapping the mapping of the most specific prefix that holds it
     */
    record Found(MappingEntry mapping) implements Resolution {
        /**
         * Checks the mapping.
         */
        public Found {
            requireNonNull(mapping);
        }
    }

    /**
     * No mapping holds the address.
     *
     * @param instanceId the virtual network
     * @param coveringPrefix the widest prefix around the address that holds no mapping
     * @param action what the requester should do
     */
    record Negative(long instanceId, IpPrefix coveringPrefix, NegativeAction action) implements Resolution {
        /**
         * Checks the parts.
         */
        public Negative {
            requireNonNull(coveringPrefix);
            requireNonNull(action);
        }
    }
}
