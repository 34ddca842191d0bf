/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import io.wgcp.types.WireGuardKey;
import java.util.Collection;

/**
 * Configures WireGuard interfaces that exist already (created by wireguard-go, boringtun or {@code ip link add type
 * wireguard}). Implementations are thread-safe and keep no state between calls: each call is one connection to the
 * UAPI socket or one run of {@code wg}.
 *
 * <p>Interface names follow the Linux rules (1 to 15 characters, none of {@code / : %} or white space).
 */
public interface WireGuardDriver {
    /**
     * Reads an interface: its public key, listen port and peers with their counters.
     *
     * @param iface the interface name
     * @return the state
     * @throws WireGuardException when the interface does not exist or the backend fails
     */
    InterfaceState show(String iface) throws WireGuardException;

    /**
     * Sets the interface's private key and listen port. Setting the key it already has is a no-op for the sessions.
     *
     * @param iface the interface name
     * @param privateKey the private key, or null to keep the current one
     * @param listenPort the UDP listen port, 1 to 65535, or 0 to let the implementation choose one
     * @throws WireGuardException when the interface does not exist or the backend refuses (a port in use)
     */
    void setInterface(String iface, WireGuardPrivateKey privateKey, int listenPort) throws WireGuardException;

    /**
     * Adds a peer, or updates it in place when it exists: its allowed IPs are replaced, its endpoint is set unless
     * null, its keepalive is set. The session of an existing peer is kept (no new handshake).
     *
     * @param iface the interface name
     * @param peer the peer
     * @throws WireGuardException when the interface does not exist or the backend refuses
     */
    void setPeer(String iface, PeerConfig peer) throws WireGuardException;

    /**
     * Starts {@link #setPeer}: the request is on its way to the backend when this returns, and {@link
     * PendingChange#await()} waits for its answer. The caller can do other work (a route change) while the backend
     * applies the peer; on the path of a new tunnel that takes the shorter of the two off the control delay. The
     * default applies the change at once (backends that cannot overlap).
     *
     * <p>Every started change must be awaited: it holds a connection to the backend until then, and a call made
     * before the await may be applied before it.
     *
     * @param iface the interface name
     * @param peer the peer
     * @return the change in flight
     * @throws WireGuardException when the request cannot be sent
     */
    default PendingChange startSetPeer(final String iface, final PeerConfig peer) throws WireGuardException {
        setPeer(iface, peer);
        return PendingChange.DONE;
    }

    /** A change sent to the backend whose answer has not been read yet. */
    @FunctionalInterface
    interface PendingChange {
        /** A change already applied. */
        PendingChange DONE = () -> { };

        /**
         * Waits for the backend's answer.
         *
         * @throws WireGuardException when the backend refused the change or did not answer in time
         */
        void await() throws WireGuardException;
    }

    /**
     * Sets the persistent keepalive of an existing peer and nothing else; a peer that does not exist is not created.
     * Turning the keepalive on (from 0) makes WireGuard send a keepalive at once, hence start a handshake when the
     * peer has no session: the way for a side that did not originate traffic to initiate one.
     *
     * @param iface the interface name
     * @param publicKey the peer's public key
     * @param seconds the interval, 0 to turn it off
     * @throws WireGuardException when the interface does not exist, the interval is out of range or the backend
     *     refuses
     */
    void setPersistentKeepalive(String iface, WireGuardKey publicKey, int seconds) throws WireGuardException;

    /**
     * Removes a peer; removing a peer that does not exist is a no-op.
     *
     * @param iface the interface name
     * @param publicKey the peer's public key
     * @throws WireGuardException when the interface does not exist or the backend refuses
     */
    void removePeer(String iface, WireGuardKey publicKey) throws WireGuardException;

    /**
     * Makes the interface's peers equal to {@code desired}: reads the interface, removes the peers not desired, and
     * applies (as {@link #setPeer}) the desired ones that are missing or differ; peers already as desired are not
     * touched. All changes go in one request to the backend (one UAPI {@code set}, one {@code wg set}) unless they
     * are too many for one command line of {@code wg}. A change made by someone else between the read and the write
     * may be overwritten.
     *
     * @param iface the interface name
     * @param desired the peers, at most one per public key
     * @throws WireGuardException when the interface does not exist, two desired peers share a key, a desired peer has
     *     the interface's own key, or the backend refuses
     */
    void syncPeers(String iface, Collection<PeerConfig> desired) throws WireGuardException;
}
