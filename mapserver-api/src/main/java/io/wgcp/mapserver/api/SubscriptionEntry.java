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
import java.net.InetAddress;
import java.time.Instant;
import org.eclipse.jdt.annotation.Nullable;

/**
 * An edge's publish/subscribe subscription (RFC 9437) to an EID prefix.
 *
 * @param instanceId the virtual network
 * @param prefix the subscribed prefix
 * @param edgeId the subscriber
 * @param notifyAddress where publications go (UDP port 4342)
 * @param xtrId the subscriber's xTR-ID as 32 hexadecimal digits, or null
 * @param siteId the subscriber's Site-ID
 * @param subscribedAt when it last subscribed
 */
public record SubscriptionEntry(long instanceId, IpPrefix prefix, String edgeId, InetAddress notifyAddress,
        @Nullable String xtrId, long siteId, Instant subscribedAt) {
    /**
     * Checks the mandatory parts.
     */
    public SubscriptionEntry {
        requireNonNull(prefix);
        requireNonNull(edgeId);
        requireNonNull(notifyAddress);
        requireNonNull(subscribedAt);
    }
}
