/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.mapserver.api.LocatorEntry;
import io.wgcp.mapserver.api.MappingEntry;
import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.MappingOrigin;

class IndexWatchTest {
    private static final IpPrefix PREFIX = IpPrefix.parse("203.0.113.0/28");
    private static final WireGuardKey KEY = WireGuardKey.of(new byte[32]);

    /** Stands for the index: what it answers for a prefix, changed by the test as the datastore listener would. */
    private final Map<IpPrefix, MappingEntry> index = new HashMap<>();

    private static MappingEntry mapping(final MappingOrigin origin, final String endpoint) {
        return new MappingEntry(7, PREFIX, KEY, List.of(new LocatorEntry(IpLiteral.parse(endpoint), 51820, 1,
            100, null)), 1440, origin, "a", Instant.EPOCH, null);
    }

    private void apply(final IndexWatch watch, final MappingEntry after) {
        final var before = index.put(after.eidPrefix(), after);
        watch.mappingChanged(after.instanceId(), after.eidPrefix(), before, after);
    }

    @Test
    void waitsUntilTheIndexAnswersWithTheRegistration() {
        final var watch = new IndexWatch((instanceId, prefix) -> index.get(prefix), 60_000);
        final var registration = mapping(MappingOrigin.Registered, "198.18.0.1");
        final var served = watch.whenServed(registration);
        assertFalse(served.isDone(), "committed but not yet indexed");

        apply(watch, mapping(MappingOrigin.Registered, "198.18.0.9"));
        assertFalse(served.isDone(), "the index answers with another registration of the prefix");

        apply(watch, mapping(MappingOrigin.Registered, "198.18.0.1"));
        assertTrue(served.isDone());
        assertEquals(0, watch.pendingCount());
    }

    @Test
    void aRegistrationAlreadyIndexedOrOverriddenByTheOperatorIsServedAtOnce() {
        final var watch = new IndexWatch((instanceId, prefix) -> index.get(prefix), 60_000);
        final var registration = mapping(MappingOrigin.Registered, "198.18.0.1");
        index.put(PREFIX, registration);
        assertTrue(watch.whenServed(registration).isDone(), "the listener ran before the wait began");

        // A provisioned mapping of the same prefix wins over any registration: waiting for the registration would
        // wait for ever.
        index.put(PREFIX, mapping(MappingOrigin.Provisioned, "198.18.0.5"));
        assertTrue(watch.whenServed(mapping(MappingOrigin.Registered, "198.18.0.2")).isDone());
        assertEquals(0, watch.pendingCount());
    }

    @Test
    void anIndexThatNeverAnswersDelaysByTheBoundOnly() throws Exception {
        final var watch = new IndexWatch((instanceId, prefix) -> null, 50);
        final var served = watch.whenServed(mapping(MappingOrigin.Registered, "198.18.0.1"));
        served.get(10, TimeUnit.SECONDS);
        assertFalse(served.isCompletedExceptionally());
        assertEquals(0, watch.pendingCount(), "a waiter that ran out is not kept");
    }
}
