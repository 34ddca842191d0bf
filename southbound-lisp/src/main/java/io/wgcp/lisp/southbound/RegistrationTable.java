/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.wgcp.mapserver.api.EdgeInfo;
import io.wgcp.mapserver.api.MappingEntry;
import io.wgcp.mapserver.api.RegisteredMappings;
import io.wgcp.types.IpPrefix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrations this map server instance accepted, with their expiry. An identical refresh (the edge
 * re-registers every 60 s) only moves the expiry here in memory; a changed registration (new endpoint, rotated key)
 * and an expiry are written to the operational datastore, from which the mapping index and the publications follow.
 * A registration is in effect once its write has committed and the index answers with it: that is when the edge
 * may be told so.
 */
final class RegistrationTable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationTable.class);

    /** Where a registration lives. */
    record Key(long instanceId, IpPrefix prefix) {
    }

    /** A registration, when it expires (wall-clock milliseconds, moved by refreshes) and when it took effect. */
    private static final class Entry {
        final MappingEntry mapping;
        final CompletableFuture<Void> inEffect = new CompletableFuture<>();
        volatile long expiresAtMillis;

        Entry(final MappingEntry mapping, final long expiresAtMillis) {
            this.mapping = mapping;
            this.expiresAtMillis = expiresAtMillis;
        }
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final RegisteredMappings store;
    private final IndexWatch index;

    RegistrationTable(final RegisteredMappings store, final IndexWatch index) {
        this.store = store;
        this.index = index;
    }

    /**
     * Records a registration.
     *
     * @param mapping the registered mapping (origin registered, with its edge and times)
     * @return a future that completes when the registration is in effect: at once for an identical refresh of one
     *     in effect; for a new or changed one, when it is stored and the index answers with it. It fails if the
     *     write fails; the table then holds what it held before, so that the edge's next attempt writes again.
     */
    CompletableFuture<Void> register(final MappingEntry mapping) {
        final var key = new Key(mapping.instanceId(), mapping.eidPrefix());
        final long expiresAt = mapping.expiresAt().toEpochMilli();
        final boolean[] changed = new boolean[1];
        final Entry[] replaced = new Entry[1];
        final var entry = entries.compute(key, (k, old) -> {
            if (old != null && sameContent(old.mapping, mapping)) {
                old.expiresAtMillis = expiresAt;
                return old;
            }
            changed[0] = true;
            replaced[0] = old;
            return new Entry(mapping, expiresAt);
        });
        if (changed[0]) {
            LOG.debug("Edge {} registered {} in {}", mapping.edgeId(), mapping.eidPrefix(), mapping.instanceId());
            store.store(mapping).thenCompose(ok -> index.whenServed(mapping)).whenComplete((ok, failure) -> {
                if (failure == null) {
                    entry.inEffect.complete(null);
                    return;
                }
                LOG.warn("Cannot store the registration of {} in {} by edge {}", mapping.eidPrefix(),
                    mapping.instanceId(), mapping.edgeId(), failure);
                // The datastore still holds what was there before, which must go on expiring.
                if (replaced[0] != null) {
                    entries.replace(key, entry, replaced[0]);
                } else {
                    entries.remove(key, entry);
                }
                entry.inEffect.completeExceptionally(failure);
            });
        }
        return entry.inEffect;
    }

    /**
     * Removes every registration past its expiry.
     *
     * @param nowMillis the current time
     * @return how many expired
     */
    int expire(final long nowMillis) {
        int count = 0;
        for (var it = entries.entrySet().iterator(); it.hasNext(); ) {
            final var entry = it.next();
            if (entry.getValue().expiresAtMillis <= nowMillis && entries.remove(entry.getKey(), entry.getValue())) {
                LOG.info("Registration of {} in {} by edge {} expired", entry.getKey().prefix(),
                    entry.getKey().instanceId(), entry.getValue().mapping.edgeId());
                delete(entry.getKey());
                count++;
            }
        }
        return count;
    }

    /**
     * Removes the registrations that an edge is no longer allowed to hold: all of them when it was removed, those
     * outside its prefixes when they changed.
     *
     * @param before the edge before the change
     * @param after the edge now, or null if it was removed
     */
    void edgeChanged(final EdgeInfo before, final EdgeInfo after) {
        final var removed = new ArrayList<Key>();
        entries.forEach((key, entry) -> {
            if (before.edgeId().equals(entry.mapping.edgeId())
                    && (after == null || !Authorization.covers(after, key.instanceId(), key.prefix()))) {
                removed.add(key);
            }
        });
        for (var key : removed) {
            if (entries.remove(key) != null) {
                LOG.info("Registration of {} in {} removed with edge {}", key.prefix(), key.instanceId(),
                    before.edgeId());
                delete(key);
            }
        }
    }

    /**
     * Returns when a registration expires.
     *
     * @param instanceId the virtual network
     * @param prefix the prefix
     * @return the expiry, or null if this instance holds no such registration
     */
    Instant expiryOf(final long instanceId, final IpPrefix prefix) {
        final var entry = entries.get(new Key(instanceId, prefix));
        return entry != null ? Instant.ofEpochMilli(entry.expiresAtMillis) : null;
    }

    /**
     * Returns how many registrations this instance holds.
     *
     * @return a count
     */
    int size() {
        return entries.size();
    }

    private void delete(final Key key) {
        store.remove(key.instanceId(), key.prefix()).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("Cannot remove the registration of {} in {}", key.prefix(), key.instanceId(), failure);
            }
        });
    }

    static boolean sameContent(final MappingEntry current, final MappingEntry update) {
        return current.publicKey().equals(update.publicKey()) && current.locators().equals(update.locators())
            && current.ttlMinutes() == update.ttlMinutes() && Objects.equals(current.edgeId(), update.edgeId());
    }
}
