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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The configuration of one WireGuard peer.
 *
 * <p>When this configuration is applied ({@link WireGuardDriver#setPeer(String, PeerConfig)},
 * {@link WireGuardDriver#syncPeers(String, java.util.Collection)}): the allowed IPs replace the peer's; a null
 * endpoint leaves the peer's endpoint as it is (unset for a new peer, or the address the peer roamed to); the
 * keepalive is always set (0 turns it off).
 *
 * @param publicKey the peer's public key, its identity
 * @param endpoint where to send to the peer, a resolved address, or null to leave it as it is
 * @param allowedIps the networks routed to the peer and accepted from it (copied; may be empty)
 * @param persistentKeepaliveSeconds the persistent keepalive interval in seconds, 0 (off) to 65535
 */
public record PeerConfig(WireGuardKey publicKey, InetSocketAddress endpoint, List<IpPrefix> allowedIps,
        int persistentKeepaliveSeconds) {
    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException when the endpoint is unresolved or has port 0, or the keepalive is out of range
     */
    public PeerConfig {
        Objects.requireNonNull(publicKey);
        allowedIps = List.copyOf(allowedIps);
        if (endpoint != null && (endpoint.isUnresolved() || endpoint.getPort() == 0)) {
            throw new IllegalArgumentException("endpoint must be a resolved address with a port: " + endpoint);
        }
        if (persistentKeepaliveSeconds < 0 || persistentKeepaliveSeconds > 0xFFFF) {
            throw new IllegalArgumentException("persistent keepalive out of range 0..65535: "
                + persistentKeepaliveSeconds);
        }
    }

    /**
     * Returns a peer without keepalive.
     *
     * @param publicKey the public key
     * @param endpoint the endpoint, or null
     * @param allowedIps the allowed IPs
     * @return the configuration
     */
    public static PeerConfig of(final WireGuardKey publicKey, final InetSocketAddress endpoint,
            final IpPrefix... allowedIps) {
        return new PeerConfig(publicKey, endpoint, Arrays.asList(allowedIps), 0);
    }

    /**
     * Checks a keepalive interval given on its own.
     *
     * @param seconds the interval
     * @throws WireGuardException when it is out of 0..65535
     */
    static void checkKeepalive(final int seconds) throws WireGuardException {
        if (seconds < 0 || seconds > 0xFFFF) {
            throw new WireGuardException(WireGuardException.Reason.INVALID_ARGUMENT,
                "persistent keepalive out of range 0..65535: " + seconds);
        }
    }

    /**
     * Returns this configuration with another endpoint.
     *
     * @param newEndpoint the endpoint, or null
     * @return the configuration
     */
    public PeerConfig withEndpoint(final InetSocketAddress newEndpoint) {
        return new PeerConfig(publicKey, newEndpoint, allowedIps, persistentKeepaliveSeconds);
    }

    /**
     * Returns this configuration with other allowed IPs.
     *
     * @param newAllowedIps the allowed IPs
     * @return the configuration
     */
    public PeerConfig withAllowedIps(final List<IpPrefix> newAllowedIps) {
        return new PeerConfig(publicKey, endpoint, newAllowedIps, persistentKeepaliveSeconds);
    }

    /**
     * Returns this configuration with another keepalive.
     *
     * @param seconds the interval, 0 for off
     * @return the configuration
     */
    public PeerConfig withPersistentKeepalive(final int seconds) {
        return new PeerConfig(publicKey, endpoint, allowedIps, seconds);
    }

    /**
     * Tells whether a peer configured as {@code actual} already satisfies this configuration, so that applying it
     * would change nothing: same key and keepalive, the same allowed networks (as sets; an
     * {@link IpPrefix} has no host bits, as WireGuard stores them), and the same endpoint unless this one is null.
     *
     * @param actual the configuration read from the interface
     * @return true when applying this configuration is a no-op
     */
    public boolean isSatisfiedBy(final PeerConfig actual) {
        return publicKey.equals(actual.publicKey) && persistentKeepaliveSeconds == actual.persistentKeepaliveSeconds
            && (endpoint == null || endpoint.equals(actual.endpoint))
            && new HashSet<>(allowedIps).equals(new HashSet<>(actual.allowedIps));
    }
}
