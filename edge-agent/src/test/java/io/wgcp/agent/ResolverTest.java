/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.lisp.codec.IpAddress;
import io.wgcp.lisp.codec.MapRequest;
import io.wgcp.lisp.codec.XtrSiteId;
import io.wgcp.types.IpLiteral;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ResolverTest {
    private static final InetAddress DESTINATION = IpLiteral.parse("203.0.113.2");
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final Recorder host = new Recorder();
    private final List<MapRequest> sent = host.requests;
    private final FakeLoop loop = new FakeLoop();
    private final AtomicLong nonces = new AtomicLong();
    private final Resolver resolver = new Resolver(new Resolver.Requester(7, IpLiteral.parse("203.0.113.1"),
        IpLiteral.parse("192.0.2.11"), new XtrSiteId(1, 2, 0), TIMEOUT, 3), host, loop, nonces::incrementAndGet);

    @Test
    void aRequestSubscribesFromTheEdgesOwnEid() {
        resolver.resolve(DESTINATION);
        final var request = sent.get(0);
        assertTrue(request.records().get(0).subscribe());
        assertTrue(request.xtrSiteIdPresent());
        assertEquals(7, request.records().get(0).eid().instanceId());
        assertEquals(IpAddress.of(DESTINATION), request.records().get(0).eid().innerAddress());
        assertEquals(List.of(IpAddress.of(IpLiteral.parse("192.0.2.11"))), request.itrRlocs());
        assertEquals(TIMEOUT, loop.live().get(0).delay);
    }

    @Test
    void oneRequestPerDestinationAtATime() {
        resolver.resolve(DESTINATION);
        resolver.resolve(DESTINATION);
        assertEquals(1, sent.size());
        assertTrue(resolver.isResolving(DESTINATION));
        assertEquals(1, resolver.pending());
    }

    @Test
    void retransmitsThenGivesUp() {
        resolver.resolve(DESTINATION);
        loop.fireOnly();
        loop.fireOnly();
        assertEquals(3, sent.size());
        assertTrue(host.events.isEmpty());
        assertEquals(3, sent.stream().map(MapRequest::nonce).distinct().count(), "each attempt has its own nonce");
        loop.fireOnly();
        assertEquals(List.of("unanswered 203.0.113.2"), host.events);
        assertEquals(3, sent.size());
        assertFalse(resolver.isResolving(DESTINATION));
        assertEquals(0, resolver.pending());
        assertEquals(1L, host.counted(Counter.MAP_REQUESTS_UNANSWERED));
        assertEquals(3L, host.counted(Counter.MAP_REQUESTS_SENT));
    }

    @Test
    void aReplyEndsTheRequestAndItsTimer() {
        resolver.resolve(DESTINATION);
        final long nonce = sent.get(0).nonce();
        final var pending = resolver.answered(nonce);
        assertSame(DESTINATION, pending.destination());
        assertEquals(1, pending.attempt());
        assertTrue(loop.live().isEmpty());
        assertFalse(resolver.isResolving(DESTINATION));
        assertNull(resolver.answered(nonce), "a second reply with the same nonce answers nothing");
        assertNull(resolver.answered(nonce + 99));
    }

    @Test
    void aLateReplyToAnEarlierAttemptIsIgnored() {
        resolver.resolve(DESTINATION);
        final long first = sent.get(0).nonce();
        loop.fireOnly();
        assertNull(resolver.answered(first));
        assertTrue(resolver.isResolving(DESTINATION));
        assertEquals(2, resolver.answered(sent.get(1).nonce()).attempt());
    }
}
