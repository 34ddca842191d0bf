/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.wireguard.PeerState;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides, once a housekeeping round, what becomes of a peer from what WireGuard reports of it: keep it, remove it
 * (gone from the interface, or idle), or ask the map server again (its mapping's TTL ran out, or traffic goes out and
 * nothing comes back).
 */
final class PeerMonitor {
    /** What to do with a peer. */
    enum Decision {
        KEEP,
        /** Someone removed it from the interface: forget it, a new flow resolves it again. */
        GONE,
        IDLE,
        /** Traffic goes out unanswered: the peer may have moved while we did too (a double jump). */
        RESOLVE_STALE,
        RESOLVE_TTL
    }

    /** What a WireGuard keepalive adds to a peer's transmitted bytes: the data header and the empty payload's tag. */
    static final long KEEPALIVE_BYTES = 32;

    private final Duration idleTimeout;
    private final Duration staleAfter;
    private final Duration retryAfterTtl;

    /**
     * Creates a monitor.
     *
     * @param idleTimeout a peer without traffic or handshake for longer is removed
     * @param staleAfter traffic out with nothing back for longer asks the map server again (at most that often)
     * @param retryAfterTtl after a TTL re-resolution, how long before the next one (the request's whole retry span)
     */
    PeerMonitor(final Duration idleTimeout, final Duration staleAfter, final Duration retryAfterTtl) {
        this.idleTimeout = idleTimeout;
        this.staleAfter = staleAfter;
        this.retryAfterTtl = retryAfterTtl;
    }

    /**
     * Takes WireGuard's view of the peer into the peer's record and decides.
     *
     * @param state WireGuard's view, null when the interface has no such peer
     * @param resolving whether a Map-Request for the peer is in flight already
     */
    Decision observe(final Peer peer, final PeerState state, final Instant now, final boolean resolving) {
        if (state == null) {
            return Decision.GONE;
        }
        final boolean txMoved = state.txBytes() != peer.tx;
        final boolean rxMoved = state.rxBytes() != peer.rx;
        // A lone keepalive expects no answer: WireGuard sends one 10 s after the last packet it received when it had
        // nothing to send, and a persistent keepalive goes out unanswered by design. Only more than that is traffic
        // waiting for the peer.
        final boolean waiting = state.txBytes() - peer.tx > KEEPALIVE_BYTES;
        if (rxMoved) {
            peer.lastRxChange = now;
        }
        if (txMoved || rxMoved) {
            peer.lastActivity = now;
        }
        peer.endpointInUse = state.endpoint();
        peer.rx = state.rxBytes();
        peer.tx = state.txBytes();
        peer.lastHandshake = state.lastHandshake();
        final Instant lastSign = peer.lastHandshake == null || peer.lastActivity.isAfter(peer.lastHandshake)
            ? peer.lastActivity : peer.lastHandshake;
        if (Duration.between(lastSign, now).compareTo(idleTimeout) > 0) {
            return Decision.IDLE;
        }
        if (resolving) {
            return Decision.KEEP;
        }
        if (waiting && Duration.between(peer.lastRxChange, now).compareTo(staleAfter) > 0
                && Duration.between(peer.lastStaleResolve, now).compareTo(staleAfter) > 0) {
            peer.lastStaleResolve = now;
            return Decision.RESOLVE_STALE;
        }
        if (now.isAfter(peer.expires)) {
            peer.expires = now.plus(retryAfterTtl);
            return Decision.RESOLVE_TTL;
        }
        return Decision.KEEP;
    }
}
