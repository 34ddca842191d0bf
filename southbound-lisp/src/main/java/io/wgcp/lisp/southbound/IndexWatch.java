/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.wgcp.mapserver.api.MappingChangeListener;
import io.wgcp.mapserver.api.MappingEntry;
import io.wgcp.types.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.MappingOrigin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when this instance's mapping index answers with a registration. The index follows the operational datastore
 * through a change listener, so a registration's commit completes before or after the index has it: an edge told
 * "registered" on commit alone may send a Map-Request at once and see its own source EID refused as unregistered.
 * The Map-Notify therefore waits for this.
 */
final class IndexWatch implements MappingChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(IndexWatch.class);

    /** The index's exact-prefix lookup: the effective mapping of a prefix, or null. */
    @FunctionalInterface
    interface ExactLookup {
        @Nullable MappingEntry exact(long instanceId, IpPrefix prefix);
    }

    /** One registration waited for. */
    private record Waiter(MappingEntry registration, CompletableFuture<Void> served) {
    }

    private final ExactLookup index;
    private final long maxWaitMillis;
    // Guarded by itself. Only changed registrations wait, and only until the listener's next delivery: few entries.
    private final Map<RegistrationTable.Key, List<Waiter>> waiters = new HashMap<>();

    /**
     * Creates a watch.
     *
     * @param index the index's exact lookup
     * @param maxWaitMillis how long to wait for the index after the commit before giving up and completing anyway: the
     *     registration is stored, so the edge may be told, and an index that lags this much has a bigger problem
     */
    IndexWatch(final ExactLookup index, final long maxWaitMillis) {
        this.index = index;
        this.maxWaitMillis = maxWaitMillis;
    }

    /**
     * Returns a future that completes once the index answers with the registration (or with a provisioned mapping
     * of the same prefix, which overrides it), or when the wait bound runs out.
     *
     * @param registration a registration whose datastore write has committed
     * @return the future; it never fails
     */
    CompletableFuture<Void> whenServed(final MappingEntry registration) {
        final var key = new RegistrationTable.Key(registration.instanceId(), registration.eidPrefix());
        final var waiter = new Waiter(registration, new CompletableFuture<>());
        synchronized (waiters) {
            waiters.computeIfAbsent(key, k -> new ArrayList<>(1)).add(waiter);
        }
        // Added first, looked up second: a change applied in between is seen by one or the other.
        if (serves(index.exact(key.instanceId(), key.prefix()), registration)) {
            waiter.served.complete(null);
        } else {
            waiter.served.orTimeout(maxWaitMillis, TimeUnit.MILLISECONDS);
        }
        return waiter.served.handle((ok, failure) -> {
            remove(key, waiter);
            if (failure != null) {
                LOG.warn("The mapping index did not answer with the registration of {} in {} by edge {} within {} ms "
                    + "of its commit; the edge is told it is registered all the same", key.prefix(), key.instanceId(),
                    registration.edgeId(), maxWaitMillis);
            }
            return null;
        });
    }

    @Override
    public void mappingChanged(final long instanceId, final IpPrefix prefix, final @Nullable MappingEntry before,
            final @Nullable MappingEntry after) {
        final List<Waiter> served;
        synchronized (waiters) {
            final var pending = waiters.get(new RegistrationTable.Key(instanceId, prefix));
            if (pending == null) {
                return;
            }
            served = pending.stream().filter(waiter -> serves(after, waiter.registration)).toList();
        }
        // Completed outside the lock: completion runs the callbacks, which remove the waiter.
        served.forEach(waiter -> waiter.served.complete(null));
    }

    /**
     * Returns how many registrations are waited for.
     *
     * @return a count
     */
    int pendingCount() {
        synchronized (waiters) {
            return waiters.values().stream().mapToInt(List::size).sum();
        }
    }

    private void remove(final RegistrationTable.Key key, final Waiter waiter) {
        synchronized (waiters) {
            final var pending = waiters.get(key);
            if (pending != null && pending.remove(waiter) && pending.isEmpty()) {
                waiters.remove(key);
            }
        }
    }

    private static boolean serves(final @Nullable MappingEntry effective, final MappingEntry registration) {
        return effective != null && (effective.origin() == MappingOrigin.Provisioned
            || RegistrationTable.sameContent(effective, registration));
    }
}
