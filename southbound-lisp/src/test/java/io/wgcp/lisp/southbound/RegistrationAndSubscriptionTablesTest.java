/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.lisp.codec.MapReplyAction;
import io.wgcp.lisp.codec.WireGuardLocator;
import io.wgcp.mapserver.api.EdgeInfo;
import io.wgcp.mapserver.api.LocatorEntry;
import io.wgcp.mapserver.api.MappingEntry;
import io.wgcp.mapserver.api.SubscriptionEntry;
import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.MappingOrigin;

class RegistrationAndSubscriptionTablesTest {
    private static final WireGuardKey KEY = WireGuardKey.of(new byte[32]);
    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");

    private static MappingEntry registered(final String prefix, final String endpoint, final Instant expiry) {
        return new MappingEntry(7, IpPrefix.parse(prefix), KEY, List.of(new LocatorEntry(
            IpLiteral.parse(endpoint), 51820, 1, 100, null)), 1440, MappingOrigin.Registered, "a", NOW,
            expiry);
    }

    private static EdgeInfo edge(final String... prefixes) {
        return new EdgeInfo("a", KEY, IpLiteral.parse("127.0.0.2"), List.of(prefixes).stream()
            .map(prefix -> new EdgeInfo.AuthorizedEid(7, IpPrefix.parse(prefix))).toList(), null);
    }

    private static RegistrationTable tableOver(final RecordingStore store) {
        return new RegistrationTable(store, new IndexWatch(store::exact, 60_000));
    }

    @Test
    void identicalRefreshOnlyMovesTheExpiryAndAChangeIsWritten() {
        final var store = new RecordingStore();
        final var table = tableOver(store);
        final var first = table.register(registered("203.0.113.0/28", "198.18.0.1", NOW.plusSeconds(180)));
        assertEquals(1, store.writes.size());
        assertSame(first, table.register(registered("203.0.113.0/28", "198.18.0.1", NOW.plusSeconds(240))),
            "an identical refresh is in effect when the first registration is");
        assertEquals(1, store.writes.size());
        assertEquals(NOW.plusSeconds(240), table.expiryOf(7, IpPrefix.parse("203.0.113.0/28")));
        table.register(registered("203.0.113.0/28", "198.18.0.2", NOW.plusSeconds(300)));
        assertEquals(List.of("store 7 203.0.113.0/28 198.18.0.1", "store 7 203.0.113.0/28 198.18.0.2"),
            store.writes);
    }

    @Test
    void aRegistrationIsInEffectWhenStoredAndIndexedAndForgottenWhenItsWriteFails() {
        final var store = new RecordingStore();
        final var table = tableOver(store);
        assertTrue(table.register(registered("203.0.113.0/28", "198.18.0.1", NOW.plusSeconds(180))).isDone(),
            "the store committed and its index answers: in effect");

        store.nextStoreFailure = new IllegalStateException("commit failed");
        final var failed = table.register(registered("203.0.113.0/28", "198.18.0.2", NOW.plusSeconds(300)));
        assertTrue(failed.isCompletedExceptionally(), "a registration that was not stored is not in effect");
        assertEquals(NOW.plusSeconds(180), table.expiryOf(7, IpPrefix.parse("203.0.113.0/28")),
            "the registration still in the datastore still expires");
        final var retried = table.register(registered("203.0.113.0/28", "198.18.0.2", NOW.plusSeconds(180)));
        assertTrue(retried.isDone() && !retried.isCompletedExceptionally());
        assertEquals(List.of("store 7 203.0.113.0/28 198.18.0.1", "store 7 203.0.113.0/28 198.18.0.2",
            "store 7 203.0.113.0/28 198.18.0.2"), store.writes, "the edge's retry is written again");
    }

    @Test
    void expiryAndEdgeChangesRemoveRegistrations() {
        final var store = new RecordingStore();
        final var table = tableOver(store);
        table.register(registered("203.0.113.0/28", "198.18.0.1", NOW.plusSeconds(10)));
        table.register(registered("203.0.113.16/28", "198.18.0.1", NOW.plusSeconds(100)));
        table.register(registered("203.0.113.32/28", "198.18.0.1", NOW.plusSeconds(100)));
        store.writes.clear();

        assertEquals(0, table.expire(NOW.plusSeconds(9).toEpochMilli()));
        assertEquals(1, table.expire(NOW.plusSeconds(10).toEpochMilli()));
        assertNull(table.expiryOf(7, IpPrefix.parse("203.0.113.0/28")));
        // The operator narrows edge a to 203.0.113.16/28: the registration outside goes.
        table.edgeChanged(edge("203.0.113.0/24"), edge("203.0.113.16/28"));
        // The operator removes edge a: everything goes.
        table.edgeChanged(edge("203.0.113.16/28"), null);
        assertEquals(List.of("remove 7 203.0.113.0/28", "remove 7 203.0.113.32/28", "remove 7 203.0.113.16/28"),
            store.writes);
        assertEquals(0, table.size());
    }

    @Test
    void subscriptionsConcernOverlappingChangesAndAreWrittenOnce() {
        final var store = new RecordingStore();
        final var table = new SubscriptionTable(store);
        final var negative = new SubscriptionEntry(7, IpPrefix.parse("203.0.113.128/25"), "a",
            IpLiteral.parse("127.0.0.2"), null, 0, NOW);
        final var positive = new SubscriptionEntry(7, IpPrefix.parse("203.0.113.16/28"), "b",
            IpLiteral.parse("127.0.0.3"), null, 0, NOW);
        table.subscribe(negative);
        table.subscribe(negative);
        table.subscribe(positive);
        assertEquals(List.of("subscribe 7 203.0.113.128/25 a", "subscribe 7 203.0.113.16/28 b"), store.writes);

        assertEquals(List.of(negative), table.concerned(7, IpPrefix.parse("203.0.113.200/32")));
        assertEquals(List.of(positive), table.concerned(7, IpPrefix.parse("203.0.113.16/28")));
        assertEquals(List.of(), table.concerned(8, IpPrefix.parse("203.0.113.16/28")));
        assertEquals(List.of(), table.concerned(7, IpPrefix.parse("203.0.113.64/28")));
        assertEquals(2, table.concerned(7, IpPrefix.parse("203.0.113.0/24")).size());

        assertTrue(table.unsubscribe(7, IpPrefix.parse("203.0.113.128/25"), "a"));
        table.removeEdge("b");
        assertEquals(List.of(), table.all());
    }

    @Test
    void wireRecordsCarryTheWireGuardLocatorAndAreCachedPerMapping() {
        final var entry = registered("203.0.113.0/28", "198.18.0.1", NOW);
        final var cache = new RecordCache();
        final var first = cache.recordOf(entry);
        assertSame(first, cache.recordOf(entry));
        final var locator = WireGuardLocator.fromLocator(first.locators().get(0)).orElseThrow();
        assertEquals("198.18.0.1", locator.endpoint().toString());
        assertEquals(51820, locator.port());
        assertEquals(7, first.eid().instanceId());
        final var back = Conversions.registeredOf(first);
        assertEquals(entry.locators(), back.locators());
        assertEquals(KEY, back.publicKey());

        final var withdrawal = Conversions.withdrawalOf(7, IpPrefix.parse("203.0.113.0/28"));
        assertEquals(0, withdrawal.ttl());
        assertTrue(withdrawal.locators().isEmpty());
        assertEquals(MapReplyAction.NO_ACTION, withdrawal.action());
    }
}
