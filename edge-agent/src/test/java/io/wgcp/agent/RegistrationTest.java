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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.lisp.codec.MapNotify;
import io.wgcp.lisp.codec.MapRegister;
import io.wgcp.lisp.codec.WireGuardLocator;
import io.wgcp.lisp.codec.XtrSiteId;
import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RegistrationTest {
    private static final WireGuardKey DATA_KEY = WireGuardKey.of(new byte[32]);
    private static final Duration INTERVAL = Duration.ofSeconds(60);

    private final Recorder host = new Recorder();
    private final List<MapRegister> sent = host.registers;
    private final FakeLoop loop = new FakeLoop();
    private final AtomicLong nonces = new AtomicLong(100);
    private Instant now = Instant.parse("2026-12-08T00:00:00Z");
    private final Registration registration = new Registration(new Registration.Identity(7,
        List.of(IpPrefix.parse("203.0.113.1/32"), IpPrefix.parse("2001:db8::1/128")), 10, DATA_KEY, 51820, 0, 2,
        new XtrSiteId(1, 2, 0), INTERVAL), host, loop, nonces::incrementAndGet, () -> now);

    @Test
    void registersOnlyOnceTheEndpointIsKnown() {
        registration.register();
        assertTrue(sent.isEmpty());
        registration.endpointChanged(IpLiteral.parse("198.18.0.1"));
        assertEquals(1, sent.size());
        final var register = sent.get(0);
        assertTrue(register.wantMapNotify());
        assertEquals(2, register.records().size());
        for (var mappingRecord : register.records()) {
            assertEquals(7, mappingRecord.eid().instanceId());
            assertEquals(10, mappingRecord.ttl());
            final var locator = WireGuardLocator.fromLocator(mappingRecord.locators().get(0)).orElseThrow();
            assertEquals(IpLiteral.parse("198.18.0.1"), locator.endpointSocketAddress().getAddress());
            assertEquals(51820, locator.endpointSocketAddress().getPort());
        }
        assertEquals(1L, host.counted(Counter.REGISTERS_SENT));
    }

    @Test
    void unansweredRegistersBackOffUpToTheInterval() {
        registration.endpointChanged(IpLiteral.parse("198.18.0.1"));
        final List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(loop.fireOnly());
        }
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
            Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(32), INTERVAL, INTERVAL), delays);
        assertEquals(9, sent.size());
        assertFalse(registration.registered());
    }

    @Test
    void anAnswerWithTheSameRecordsRegistersAndWaitsTheInterval() {
        registration.endpointChanged(IpLiteral.parse("198.18.0.1"));
        loop.fireOnly();
        loop.fireOnly();
        final var last = sent.get(sent.size() - 1);
        final var answer = answerTo(last);
        assertTrue(registration.isAnswer(answer));
        final Instant at = Instant.parse("2026-12-08T00:00:00Z");
        registration.answered(answer, at);
        assertTrue(registration.registered());
        assertEquals(at, registration.lastAcknowledged());
        assertEquals(Registration.FIRST_RETRY, registration.backoff());
        assertEquals(INTERVAL, loop.live().get(0).delay);
        assertEquals(1L, host.counted(Counter.REGISTERS_ACKNOWLEDGED));
        // the nonce is spent: the same answer again is no answer
        assertFalse(registration.isAnswer(answer));
    }

    @Test
    void anAnswerWithOtherRecordsIsRefused() {
        registration.endpointChanged(IpLiteral.parse("198.18.0.1"));
        final var register = sent.get(0);
        final var other = MapNotify.unsigned(register.nonce(), 0, 2, 32, List.of());
        assertTrue(registration.isAnswer(other));
        registration.answered(other, Instant.now());
        assertFalse(registration.registered());
        assertNull(registration.lastAcknowledged());
        assertEquals(1L, host.counted(Counter.MALFORMED));
    }

    @Test
    void aNotifyWithAnotherNonceIsNoAnswer() {
        registration.endpointChanged(IpLiteral.parse("198.18.0.1"));
        assertFalse(registration.isAnswer(MapNotify.unsigned(sent.get(0).nonce() + 1, 0, 2, 32, List.of())));
    }

    @Test
    void aHandoverRegistersAtOnceFromTheFirstRetry() {
        registration.endpointChanged(IpLiteral.parse("198.18.0.1"));
        registration.answered(answerTo(sent.get(0)), Instant.now());
        assertTrue(registration.registered());
        registration.endpointChanged(IpLiteral.parse("198.18.0.1"));
        assertEquals(1, sent.size(), "the same address changes nothing");
        registration.endpointChanged(IpLiteral.parse("198.18.1.1"));
        assertEquals(2, sent.size());
        assertFalse(registration.registered());
        assertEquals(IpLiteral.parse("198.18.1.1"), registration.endpointAddress());
        assertEquals(Registration.FIRST_RETRY, loop.live().get(0).delay);
        final var locator = WireGuardLocator.fromLocator(sent.get(1).records().get(0).locators().get(0))
            .orElseThrow();
        assertEquals(IpLiteral.parse("198.18.1.1"), locator.endpointSocketAddress().getAddress());
    }

    @Test
    void unansweredRegistersWarnOnceWithTheLikelyCausesAndTheStatusSaysSo() {
        registration.endpointChanged(IpLiteral.parse("198.18.0.1"));
        for (int i = 0; i < Registration.WARN_AFTER + 3; i++) {
            now = now.plus(loop.live().get(0).delay);
            loop.fireOnly();
        }
        assertEquals(List.of("unacknowledged 3 in 7 s"), host.events.stream()
            .filter(event -> event.startsWith("unacknowledged")).toList(), "one warning per streak");
        final var status = statusAt(now);
        assertTrue(status.contains("not registered: 6 Map-Registers unanswered for 63 s"), status);
        assertTrue(status.contains("key-id, key-algorithm and the secret"), status);
        // an answer ends the streak; the next one warns again
        registration.answered(answerTo(sent.get(sent.size() - 1)), now);
        assertEquals(0, registration.unanswered());
        assertTrue(statusAt(now.plusSeconds(12)).contains(", registered (last acknowledged 12 s ago)"));
    }

    private String statusAt(final Instant at) {
        return new AgentStatus("e", "d", "c", null, registration.registered(), registration.lastAcknowledged(),
            registration.unanswered(), registration.unansweredSince(), Duration.ZERO, List.of(), 0, 0, 0, Map.of(),
            new ControlDelays(1).snapshot()).registrationText(at);
    }

    private static MapNotify answerTo(final MapRegister register) {
        return MapNotify.answering(register);
    }
}
