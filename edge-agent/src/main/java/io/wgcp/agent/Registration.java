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
import io.wgcp.lisp.codec.MapNotify;
import io.wgcp.lisp.codec.MapRegister;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.lisp.codec.WireGuardLocator;
import io.wgcp.lisp.codec.XtrSiteId;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps the edge registered (RFC 9301 Map-Register with M=1): registers its EID prefixes with its WireGuard locator at
 * its current endpoint address, retries quickly (1 s, doubling) until a Map-Notify with the same nonce and records
 * answers, then refreshes every register interval. A new endpoint address (a handover) registers at once.
 */
final class Registration {
    /** What registration needs of the agent. */
    interface Host {
        /** Signs the register with the edge's key and sends it to the map server. */
        void send(MapRegister register);

        void count(Counter counter);

        /**
         * So many Map-Registers in a row went unanswered that a mistake is likely: say so, with the likely causes.
         * Called once per such streak.
         */
        void unacknowledged(int registers, Duration since);
    }

    /** What the edge registers, and how often. */
    record Identity(long instanceId, List<IpPrefix> eidPrefixes, int ttlMinutes, WireGuardKey dataKey, int dataPort,
            int keyId, int keyAlgorithm, XtrSiteId xtrSiteId, Duration interval) {
        Identity {
            eidPrefixes = List.copyOf(eidPrefixes);
        }
    }

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    /** Unanswered Map-Registers in a row (1 + 2 + 4 s of retries) after which the agent warns. */
    static final int WARN_AFTER = 3;
    private static final Logger LOG = System.getLogger(Registration.class.getName());

    private final Identity identity;
    private final Host host;
    private final AgentLoop loop;
    private final LongSupplier nonces;

    // Written under the state lock; the endpoint check reads it without the lock and re-reads it under the lock.
    private volatile InetAddress endpointAddress;
    private long nonce;
    private MapRegister last;
    private boolean registered;
    private Instant lastAcknowledged;
    private Duration backoff = FIRST_RETRY;
    private AgentLoop.Scheduled timer;
    private int unanswered;
    private Instant unansweredSince;
    private Instant lastSent;
    private final Supplier<Instant> clock;

    Registration(final Identity identity, final Host host, final AgentLoop loop, final LongSupplier nonces) {
        this(identity, host, loop, nonces, Instant::now);
    }

    Registration(final Identity identity, final Host host, final AgentLoop loop, final LongSupplier nonces,
            final Supplier<Instant> clock) {
        this.identity = identity;
        this.host = host;
        this.loop = loop;
        this.nonces = nonces;
        this.clock = clock;
    }

    /** Takes a new endpoint address and registers at once (the same address changes nothing). */
    void endpointChanged(final InetAddress current) {
        if (current.equals(endpointAddress)) {
            return;
        }
        endpointAddress = current;
        registered = false;
        backoff = FIRST_RETRY;
        register();
    }

    /** The map server asked for a registration: send one now, and retry from the first interval if unanswered. */
    void solicited() {
        backoff = FIRST_RETRY;
        register();
    }

    /** Sends a Map-Register now and schedules the next one; nothing before an endpoint address is known. */
    void register() {
        if (endpointAddress == null) {
            return;
        }
        final long next = nonces.getAsLong();
        final var builder = MapRegister.builder(next)
            .wantMapNotify(true)
            .authentication(identity.keyId(), identity.keyAlgorithm())
            .xtrSiteId(identity.xtrSiteId());
        final var locator = WireGuardLocator.of(identity.dataKey().bytes(),
            new InetSocketAddress(endpointAddress, identity.dataPort()), null, 1, 100);
        for (var prefix : identity.eidPrefixes()) {
            builder.addRecord(MappingRecord.builder(EidPrefix.of(identity.instanceId(),
                    IpAddress.of(prefix.address()), prefix.length()))
                .ttl(identity.ttlMinutes())
                .addLocator(locator)
                .build());
        }
        final Instant now = clock.get();
        if (last != null && nonce != 0) {
            // The previous register is still unanswered.
            if (unanswered++ == 0) {
                unansweredSince = lastSent;
            }
            if (unanswered == WARN_AFTER) {
                host.unacknowledged(unanswered, Duration.between(unansweredSince, now));
            }
        }
        lastSent = now;
        nonce = next;
        last = builder.build();
        host.count(Counter.REGISTERS_SENT);
        host.send(last);
        // Until the Map-Notify arrives, retry quickly (doubling); once it has, wait the full interval.
        schedule(backoff);
        backoff = backoff.multipliedBy(2).compareTo(identity.interval()) <= 0 ? backoff.multipliedBy(2)
            : identity.interval();
    }

    /** Whether a Map-Notify answers our last Map-Register (same nonce) rather than being a push or publication. */
    boolean isAnswer(final MapNotify notify) {
        return last != null && notify.nonce() == nonce;
    }

    /** Takes the answer to our Map-Register; one with other records than we sent is refused. */
    void answered(final MapNotify notify, final Instant now) {
        final var sent = last;
        final var endpoint = endpointAddress;
        if (sent == null || endpoint == null || !notify.records().equals(sent.records())) {
            host.count(Counter.MALFORMED);
            LOG.log(Level.WARNING, "The Map-Notify answering our Map-Register carries other records");
            return;
        }
        if (!registered) {
            LOG.log(Level.INFO, "Registered {0} at {1}:{2}", identity.eidPrefixes(), endpoint.getHostAddress(),
                identity.dataPort());
        }
        registered = true;
        lastAcknowledged = now;
        nonce = 0;
        unanswered = 0;
        unansweredSince = null;
        host.count(Counter.REGISTERS_ACKNOWLEDGED);
        backoff = FIRST_RETRY;
        schedule(identity.interval());
    }

    private void schedule(final Duration delay) {
        if (timer != null) {
            timer.cancel();
        }
        timer = loop.schedule(this::register, delay);
    }

    InetAddress endpointAddress() {
        return endpointAddress;
    }

    boolean registered() {
        return registered;
    }

    Instant lastAcknowledged() {
        return lastAcknowledged;
    }

    /** How many Map-Registers in a row went unanswered (the one in flight not counted). */
    int unanswered() {
        return unanswered;
    }

    /** Since when Map-Registers go unanswered, or null while they are answered. */
    Instant unansweredSince() {
        return unansweredSince;
    }

    /** The delay before the next retry if this register goes unanswered. */
    Duration backoff() {
        return backoff;
    }
}
