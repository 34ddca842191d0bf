/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import static io.wgcp.lisp.southbound.Edges.A;
import static io.wgcp.lisp.southbound.Edges.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.wgcp.lisp.codec.EidPrefix;
import io.wgcp.lisp.codec.IpAddress;
import io.wgcp.lisp.codec.LispAuthentication;
import io.wgcp.lisp.codec.MapRegister;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.mapserver.api.ControlPlaneCounters;
import io.wgcp.mapserver.api.ControlPlaneCounters.Kind;
import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.statistics.MessageCounters.MessageType;

class MapRegisterProcessorTest {
    private static final long LIFETIME_MS = 180_000;

    private final RecordingStore store = new RecordingStore();
    private final RegistrationTable registrations = new RegistrationTable(store, new IndexWatch(store::exact, 60_000));
    private final ControlPlaneCounters counters = new ControlPlaneCounters();
    private final EdgeActivity activity = new EdgeActivity();
    private final MapRegisterProcessor processor = new MapRegisterProcessor(new Edges(A, B),
        new EdgeKeys(Edges.PLAIN), registrations, counters, activity, LIFETIME_MS);

    private static MapRegister.Builder register(final MappingRecord... records) {
        final var builder = MapRegister.builder(42).wantMapNotify(true).authentication(1, 2);
        for (var mappingRecord : records) {
            builder.addRecord(mappingRecord);
        }
        return builder;
    }

    private static ByteBuf signed(final MapRegister register, final byte[] secret) {
        final ByteBuf out = Unpooled.buffer();
        LispAuthentication.encodeAndSign(register, secret, out);
        return out;
    }

    private MapRegisterProcessor.MapNotifyAnswer process(final MapRegister register, final byte[] secret,
            final InetSocketAddress sender) {
        return processor.process(register, signed(register, secret), sender);
    }

    private long count(final Kind kind) {
        return counters.get(MessageType.MapRegister, kind);
    }

    @Test
    void anAuthenticRegisterIsStoredAndAnsweredWithTheSameNonceAndRecords() {
        final var register = register(Edges.mappingOf(A, "198.18.0.11")).build();
        final var answer = process(register, Edges.secretOf(A), Edges.from(A));
        assertNotNull(answer);
        assertEquals(42, answer.mapNotify().nonce());
        assertEquals(register.records(), answer.mapNotify().records());
        assertTrue(answer.inEffect().isDone(), "stored and indexed: the Map-Notify may go");
        assertEquals(List.of("store 7 203.0.113.1/32 198.18.0.11"), store.writes);
        assertNotNull(activity.lines().get(0).lastAccepted());
        final var expiry = registrations.expiryOf(7, IpPrefix.parse("203.0.113.1/32"));
        assertTrue(Duration.between(Instant.now(), expiry).toSeconds() > 170, "3 minutes by default: " + expiry);
    }

    @Test
    void withTheTBitTheRecordTtlIsTheLifetime() {
        process(register(Edges.mappingOf(A, "198.18.0.11")).useTtlForTimeout(true).build(), Edges.secretOf(A),
            Edges.from(A));
        final var expiry = registrations.expiryOf(7, IpPrefix.parse("203.0.113.1/32"));
        final long left = Duration.between(Instant.now(), expiry).toSeconds();
        assertTrue(left > 170 && left <= 180, "the record's 3 minutes: " + left + " s");
    }

    @Test
    void withoutTheMBitItIsStoredButNotAnswered() {
        assertNull(process(register(Edges.mappingOf(A, "198.18.0.11")).wantMapNotify(false).build(),
            Edges.secretOf(A), Edges.from(A)));
        assertEquals(1, store.writes.size());
    }

    @Test
    void aWrongKeyIdOrSecretIsAnAuthenticationFailureAndChangesNothing() {
        final var wrongKeyId = MapRegister.builder(1).wantMapNotify(true).authentication(0, 2)
            .addRecord(Edges.mappingOf(A, "198.18.0.11")).build();
        assertNull(process(wrongKeyId, Edges.secretOf(A), Edges.from(A)));
        assertNull(process(register(Edges.mappingOf(A, "198.18.0.11")).build(), Edges.secretOf(B), Edges.from(A)));
        assertEquals(2, count(Kind.AUTHENTICATION_FAILED));
        assertTrue(store.writes.isEmpty());
        assertEquals(List.of(new EdgeActivity.Line("a", null, 2, 0, 0)), activity.lines(),
            "the console's per-edge view: two authentication failures of a, nothing accepted");
    }

    @Test
    void anAuthenticRegisterFromAnotherAddressIsUnauthorised() {
        assertNull(process(register(Edges.mappingOf(A, "198.18.0.11")).build(), Edges.secretOf(A),
            new InetSocketAddress(IpLiteral.parse("192.0.2.99"), 4342)));
        assertEquals(1, count(Kind.UNAUTHORIZED));
        assertTrue(store.writes.isEmpty());
    }

    @Test
    void anEidOutsideTheEdgesPrefixesIsUnauthorised() {
        // a registers b's EID, signed with its own key, from its own address
        final var theft = MappingRecord.builder(EidPrefix.of(7, IpAddress.of(IpLiteral.parse("203.0.113.2")), 32))
            .ttl(3).addLocator(Edges.mappingOf(A, "198.18.0.11").locators().get(0)).build();
        assertNull(process(register(theft).build(), Edges.secretOf(A), Edges.from(A)));
        assertEquals(1, count(Kind.UNAUTHORIZED));
        assertTrue(store.writes.isEmpty());
    }

    @Test
    void aRecordWithoutAWireGuardLocatorIsMalformed() {
        final var bare = MappingRecord.builder(EidPrefix.of(7, IpAddress.of(IpLiteral.parse("203.0.113.1")), 32))
            .ttl(3).build();
        assertNull(process(register(bare).build(), Edges.secretOf(A), Edges.from(A)));
        assertEquals(1, count(Kind.MALFORMED));
        assertTrue(store.writes.isEmpty());
    }

    @Test
    void aRegisterWhoseStoreFailsIsNeverInEffect() {
        store.nextStoreFailure = new IllegalStateException("no majority");
        final var answer = process(register(Edges.mappingOf(A, "198.18.0.11")).build(), Edges.secretOf(A),
            Edges.from(A));
        assertNotNull(answer);
        assertTrue(answer.inEffect().isCompletedExceptionally(), "no Map-Notify for what was not stored");
    }
}
