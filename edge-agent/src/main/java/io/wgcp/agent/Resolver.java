/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.lisp.codec.EidPrefix;
import io.wgcp.lisp.codec.IpAddress;
import io.wgcp.lisp.codec.MapRequest;
import io.wgcp.lisp.codec.XtrSiteId;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Resolves overlay destinations: sends a Map-Request that also subscribes (I=1, N=1) to the destination's mapping,
 * retransmits it after the request timeout, and gives up after the configured attempts. At most one request per
 * destination is in flight.
 */
final class Resolver {
    /** What resolution needs of the agent. */
    interface Host {
        void send(MapRequest request);

        void count(Counter counter);

        /** Every attempt went unanswered: the flows waiting for the destination get ICMP unreachable. */
        void unanswered(InetAddress destination);
    }

    /** Who the requests come from. */
    record Requester(long instanceId, InetAddress localEid, InetAddress controlAddress, XtrSiteId xtrSiteId,
            Duration timeout, int attempts) {
    }

    /** A Map-Request waiting for its reply. */
    record Pending(InetAddress destination, int attempt, long sentNanos, AgentLoop.Scheduled timer) {
    }

    private static final Logger LOG = System.getLogger(Resolver.class.getName());

    private final Requester requester;
    private final Host host;
    private final AgentLoop loop;
    private final LongSupplier nonces;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<InetAddress, Long> resolving = new HashMap<>();

    Resolver(final Requester requester, final Host host, final AgentLoop loop, final LongSupplier nonces) {
        this.requester = requester;
        this.host = host;
        this.loop = loop;
        this.nonces = nonces;
    }

    /** Asks for a destination unless a request for it is already in flight. */
    void resolve(final InetAddress destination) {
        if (!resolving.containsKey(destination)) {
            send(destination, 1);
        }
    }

    boolean isResolving(final InetAddress destination) {
        return resolving.containsKey(destination);
    }

    int pending() {
        return pending.size();
    }

    /**
     * Takes the reply with this nonce: its request is no longer pending.
     *
     * @return the request it answers, or null for a nonce we are not waiting for
     */
    Pending answered(final long nonce) {
        final var request = pending.remove(nonce);
        if (request != null) {
            request.timer().cancel();
            resolving.remove(request.destination(), nonce);
        }
        return request;
    }

    private void send(final InetAddress destination, final int attempt) {
        final long nonce = nonces.getAsLong();
        final var request = MapRequest.builder(nonce, EidPrefix.of(requester.instanceId(),
                IpAddress.of(requester.localEid()), hostLength(requester.localEid())).address())
            .addItrRloc(IpAddress.of(requester.controlAddress()))
            .addRecord(EidPrefix.of(requester.instanceId(), IpAddress.of(destination), hostLength(destination)), true)
            .xtrSiteId(requester.xtrSiteId())
            .build();
        final var timer = loop.schedule(() -> timedOut(nonce), requester.timeout());
        resolving.put(destination, nonce);
        host.count(Counter.MAP_REQUESTS_SENT);
        // The control delay starts when the request leaves, as its definition says.
        pending.put(nonce, new Pending(destination, attempt, System.nanoTime(), timer));
        host.send(request);
    }

    private void timedOut(final long nonce) {
        final var request = pending.remove(nonce);
        if (request == null) {
            return;
        }
        resolving.remove(request.destination(), nonce);
        if (request.attempt() < requester.attempts()) {
            send(request.destination(), request.attempt() + 1);
            return;
        }
        host.count(Counter.MAP_REQUESTS_UNANSWERED);
        LOG.log(Level.WARNING, "No Map-Reply for {0} after {1} attempts", request.destination().getHostAddress(),
            request.attempt());
        host.unanswered(request.destination());
    }

    private static int hostLength(final InetAddress address) {
        return address.getAddress().length * 8;
    }
}
