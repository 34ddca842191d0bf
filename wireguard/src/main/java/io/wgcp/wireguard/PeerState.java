/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A peer as an interface reports it: its configuration and its counters.
 *
 * @param config the configuration; its endpoint is the current one (possibly learned from the peer), or null
 * @param lastHandshake the time of the last completed handshake, or null when there was none
 * @param rxBytes bytes received from the peer
 * @param txBytes bytes sent to the peer
 */
public record PeerState(PeerConfig config, Instant lastHandshake, long rxBytes, long txBytes) {
    /** Checks the components. */
    public PeerState {
        Objects.requireNonNull(config);
        if (rxBytes < 0 || txBytes < 0) {
            throw new IllegalArgumentException("negative byte counter");
        }
    }

    /**
     * Returns the peer's public key.
     *
     * @return the key
     */
    public WireGuardKey publicKey() {
        return config.publicKey();
    }

    /**
     * Returns the peer's current endpoint.
     *
     * @return the endpoint, or null
     */
    public InetSocketAddress endpoint() {
        return config.endpoint();
    }

    /**
     * Returns the peer's allowed IPs.
     *
     * @return the networks
     */
    public List<IpPrefix> allowedIps() {
        return config.allowedIps();
    }

    /**
     * Returns the peer's persistent keepalive interval.
     *
     * @return seconds, 0 when off
     */
    public int persistentKeepaliveSeconds() {
        return config.persistentKeepaliveSeconds();
    }
}
