/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.wgcp.mapserver.api.EdgeInfo;
import io.wgcp.types.IpPrefix;

/**
 * What an edge may register.
 */
final class Authorization {
    private Authorization() {
        // static only
    }

    /**
     * Tells whether a prefix lies inside one of the prefixes the operator authorised for an edge in a virtual
     * network.
     *
     * @param edge the edge
     * @param instanceId the virtual network
     * @param prefix the registered prefix
     * @return true if it may register it
     */
    static boolean covers(final EdgeInfo edge, final long instanceId, final IpPrefix prefix) {
        for (var authorized : edge.authorizedEids()) {
            if (authorized.instanceId() == instanceId && authorized.prefix().contains(prefix)) {
                return true;
            }
        }
        return false;
    }
}
