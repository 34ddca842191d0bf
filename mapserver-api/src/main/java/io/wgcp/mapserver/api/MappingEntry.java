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
import io.wgcp.types.WireGuardKey;
import java.time.Instant;
import java.util.List;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.MappingOrigin;

/**
 * What the map server knows about one EID prefix: the WireGuard key and endpoints of the edge that serves it.
 * Immutable; this is what the longest-prefix-match index holds and what resolution returns.
 *
 * @param instanceId the virtual network
 * @param eidPrefix the EID prefix
 * @param publicKey the WireGuard public key of the serving edge
 * @param locators the WireGuard endpoints of that edge, in preference order
 * @param ttlMinutes how long a resolver may cache the mapping
 * @param origin provisioned by the operator or registered by the edge
 * @param edgeId the serving edge, when known
 * @param registeredAt when a registered mapping last changed, else null
 * @param expiresAt when a registered mapping expires unless refreshed, else null
 */
public record MappingEntry(long instanceId, IpPrefix eidPrefix, WireGuardKey publicKey, List<LocatorEntry> locators,
        long ttlMinutes, MappingOrigin origin, @Nullable String edgeId, @Nullable Instant registeredAt,
        @Nullable Instant expiresAt) {
    /**
     * Checks the mandatory parts and freezes the locator list.
     */
    public MappingEntry {
        requireNonNull(eidPrefix);
        requireNonNull(publicKey);
        requireNonNull(origin);
        locators = List.copyOf(locators);
    }
}
