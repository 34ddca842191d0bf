/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.types.WireGuardKey;
import io.wgcp.wireguard.PeerConfig;
import io.wgcp.wireguard.PeerState;
import io.wgcp.wireguard.WireGuardDriver;
import io.wgcp.wireguard.WireGuardException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/**
 * Makes sure a pushed peer gets a WireGuard session without the requester's 5 s retry.
 *
 * <p>The map server answers the requester (A) and pushes A's mapping to us (B) at the same time, so A's handshake
 * initiation may reach B before B has configured A: WireGuard drops an initiation from an unknown key without a
 * word, and A tries again only after its rekey timeout, 5 s. B therefore watches the peer it was pushed. Nothing
 * received from A a short while after B configured it means A's initiation was lost (or A is slow): B initiates
 * itself (turning a keepalive on sends one at once). B does not initiate at once on every push: when both sides
 * initiate at the same moment, each consumes the other's initiation, becomes responder, drops the other's response,
 * and both wait the 5 s. So B initiates only once A has had ample time, and if a session still does not exist
 * after that (a crossing after all), B starts over with the peer removed and added again, which clears its half
 * handshake, and initiates alone (A does not retry within 5 s).
 *
 * <p>Runs on the agent's event loop, which owns the peers: each step is one scheduled task.
 */
final class HandshakeStarter {
    /**
     * Time for the requester's initiation to arrive: its configuration and one crossing of the underlay, a few times
     * the establishment's median in docs/benchmarks.md. Shorter means a lost initiation costs less; too short, and a
     * slow requester's initiation crosses ours, which the second check repairs.
     */
    static final Duration FIRST_CHECK = Duration.ofMillis(10);
    /** Any keepalive interval turned on sends one keepalive; it is set back right after. */
    private static final int KICK_SECONDS = 25;
    private static final Logger LOG = System.getLogger(HandshakeStarter.class.getName());

    /** What the agent lends: where to schedule, how to count, whether the peer is still wanted and as what. */
    interface Host extends AgentLoop {
        void count(Counter counter);

        /** The peer's configuration if the agent still has this key as a peer, else empty. */
        Optional<PeerConfig> wanted(WireGuardKey key);
    }

    private final WireGuardDriver wg;
    private final String iface;
    private final int keepaliveSeconds;
    private final Host host;

    HandshakeStarter(final WireGuardDriver wg, final String iface, final int keepaliveSeconds, final Host host) {
        this.wg = wg;
        this.iface = iface;
        this.keepaliveSeconds = keepaliveSeconds;
        this.host = host;
    }

    /**
     * Starts watching a peer just configured from a push. The peer must have been created without a keepalive,
     * whatever is configured: creating a peer with one makes WireGuard initiate at once (see the class comment).
     * The configured keepalive is applied once the session exists.
     *
     * @param key the peer
     */
    void watch(final WireGuardKey key) {
        host.schedule(() -> firstCheck(key), FIRST_CHECK);
    }

    private void firstCheck(final WireGuardKey key) {
        final var state = withoutSession(key);
        if (state.isEmpty()) {
            return;
        }
        if (state.orElseThrow().rxBytes() == 0) {
            // Nothing from A at all: its initiation reached us before we knew its key. Initiate ourselves.
            host.count(Counter.HANDSHAKE_KICKS);
            kick(key);
        }
        host.schedule(() -> secondCheck(key), FIRST_CHECK.multipliedBy(2));
    }

    private void secondCheck(final WireGuardKey key) {
        if (withoutSession(key).isEmpty()) {
            return;
        }
        // Still no session: two initiations crossed (each side is responder and waits). Start over alone.
        final var config = host.wanted(key);
        if (config.isEmpty()) {
            return;
        }
        host.count(Counter.HANDSHAKE_RESTARTS);
        LOG.log(Level.INFO, "No WireGuard session with {0} yet: handshake started again from this side", key);
        try {
            wg.removePeer(iface, key);
            wg.setPeer(iface, config.orElseThrow().withPersistentKeepalive(0));
        } catch (WireGuardException e) {
            host.count(Counter.ERRORS);
            LOG.log(Level.WARNING, "Could not set peer " + key + " again", e);
            return;
        }
        kick(key);
        settle(key);
    }

    /** The peer's state while it is wanted and has no session yet; once it has one, settles it and returns empty. */
    private Optional<PeerState> withoutSession(final WireGuardKey key) {
        final var state = observe(key);
        if (state.isPresent() && state.orElseThrow().lastHandshake() != null) {
            settle(key);
            return Optional.empty();
        }
        return state;
    }

    private Optional<PeerState> observe(final WireGuardKey key) {
        if (host.wanted(key).isEmpty()) {
            return Optional.empty();
        }
        try {
            return wg.show(iface).peer(key);
        } catch (WireGuardException e) {
            host.count(Counter.ERRORS);
            LOG.log(Level.WARNING, "Could not read " + iface, e);
            return Optional.empty();
        }
    }

    private void kick(final WireGuardKey key) {
        try {
            wg.setPersistentKeepalive(iface, key, keepaliveSeconds > 0 ? keepaliveSeconds : KICK_SECONDS);
            if (keepaliveSeconds == 0) {
                // The keepalive has done its job (the initiation is out); a kept one would keep an idle peer alive.
                wg.setPersistentKeepalive(iface, key, 0);
            }
        } catch (WireGuardException e) {
            host.count(Counter.ERRORS);
            LOG.log(Level.WARNING, "Could not start a handshake with " + key, e);
        }
    }

    /** The session exists: give the peer the configured keepalive, which it was created without. */
    private void settle(final WireGuardKey key) {
        if (keepaliveSeconds > 0) {
            try {
                wg.setPersistentKeepalive(iface, key, keepaliveSeconds);
            } catch (WireGuardException e) {
                host.count(Counter.ERRORS);
                LOG.log(Level.WARNING, "Could not set the keepalive of " + key, e);
            }
        }
    }
}
