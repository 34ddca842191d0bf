/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * What the agent knows of one overlay prefix it reaches through a WireGuard peer. Several prefixes can share a key:
 * they are then the allowed IPs of one WireGuard peer. Mutable, and only touched under the agent's state lock.
 */
final class Peer {
    final IpPrefix prefix;
    final PeerSource source;
    WireGuardKey key;
    /** The endpoint of the mapping. */
    InetSocketAddress endpoint;
    /** The endpoint WireGuard last reported for the peer (it roams with the peer's packets); null until read. */
    InetSocketAddress endpointInUse;
    Instant expires;
    Instant lastActivity;
    Instant lastRxChange;
    Instant lastHandshake;
    Instant lastStaleResolve = Instant.EPOCH;
    long rx;
    long tx;

    Peer(final IpPrefix prefix, final WireGuardKey key, final InetSocketAddress endpoint, final PeerSource source,
            final Instant now) {
        this.prefix = prefix;
        this.key = key;
        this.endpoint = endpoint;
        this.source = source;
        this.expires = now;
        this.lastActivity = now;
        this.lastRxChange = now;
    }
}
