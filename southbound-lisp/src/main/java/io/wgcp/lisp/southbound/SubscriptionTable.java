/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.wgcp.mapserver.api.RegisteredMappings;
import io.wgcp.mapserver.api.SubscriptionEntry;
import io.wgcp.types.IpPrefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish/subscribe subscriptions (RFC 9437), per virtual network, mirrored into the operational datastore. A
 * change of a mapping reaches every subscription whose prefix overlaps the changed prefix: a subscription to a
 * negative answer's prefix learns of a new mapping inside it, one to a mapping learns of its changes.
 */
final class SubscriptionTable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionTable.class);

    /** Identifies a subscription: one per edge and prefix; subscribing again refreshes it. */
    private record Key(IpPrefix prefix, String edgeId) {
    }

    private final Map<Long, Map<Key, SubscriptionEntry>> byInstance = new ConcurrentHashMap<>();
    private final RegisteredMappings store;

    SubscriptionTable(final RegisteredMappings store) {
        this.store = store;
    }

    /**
     * Adds or refreshes a subscription. Only a new one (or one with a new notify address or xTR-ID) is written to the
     * datastore, so that an edge re-resolving a destination costs no write.
     *
     * @param subscription the subscription
     */
    void subscribe(final SubscriptionEntry subscription) {
        final var key = new Key(subscription.prefix(), subscription.edgeId());
        final boolean[] changed = new boolean[1];
        byInstance.computeIfAbsent(subscription.instanceId(), iid -> new ConcurrentHashMap<>())
            .compute(key, (k, old) -> {
                if (old != null && old.notifyAddress().equals(subscription.notifyAddress())
                        && Objects.equals(old.xtrId(), subscription.xtrId())) {
                    // A refresh: the subscription stays as it was, with the time it was made.
                    return old;
                }
                changed[0] = true;
                return subscription;
            });
        if (changed[0]) {
            store.storeSubscription(subscription).whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.warn("Cannot store {}", subscription, failure);
                }
            });
        }
    }

    /**
     * Removes a subscription (a subscribe request whose ITR-RLOC is AFI 0).
     *
     * @param instanceId the virtual network
     * @param prefix the prefix
     * @param edgeId the subscriber
     * @return true if there was one
     */
    boolean unsubscribe(final long instanceId, final IpPrefix prefix, final String edgeId) {
        final var subscriptions = byInstance.get(instanceId);
        final var removed = subscriptions != null ? subscriptions.remove(new Key(prefix, edgeId)) : null;
        if (removed != null) {
            erase(removed);
        }
        return removed != null;
    }

    /**
     * Removes every subscription of an edge (the edge was removed).
     *
     * @param edgeId the edge
     */
    void removeEdge(final String edgeId) {
        for (var subscriptions : byInstance.values()) {
            for (var it = subscriptions.entrySet().iterator(); it.hasNext(); ) {
                final var entry = it.next();
                if (entry.getKey().edgeId().equals(edgeId)) {
                    it.remove();
                    erase(entry.getValue());
                }
            }
        }
    }

    /**
     * Returns the subscriptions a change of a prefix concerns.
     *
     * @param instanceId the virtual network
     * @param prefix the changed prefix
     * @return the subscriptions whose prefix overlaps it
     */
    List<SubscriptionEntry> concerned(final long instanceId, final IpPrefix prefix) {
        final var subscriptions = byInstance.get(instanceId);
        if (subscriptions == null || subscriptions.isEmpty()) {
            return List.of();
        }
        final var result = new ArrayList<SubscriptionEntry>();
        for (var subscription : subscriptions.values()) {
            if (subscription.prefix().contains(prefix) || prefix.contains(subscription.prefix())) {
                result.add(subscription);
            }
        }
        return result;
    }

    /**
     * Returns every subscription, ordered by virtual network, prefix and edge.
     *
     * @return a snapshot
     */
    List<SubscriptionEntry> all() {
        final var result = new ArrayList<SubscriptionEntry>();
        byInstance.values().forEach(subscriptions -> result.addAll(subscriptions.values()));
        result.sort(Comparator.comparingLong(SubscriptionEntry::instanceId)
            .thenComparing(SubscriptionEntry::prefix)
            .thenComparing(SubscriptionEntry::edgeId));
        return result;
    }

    private void erase(final SubscriptionEntry subscription) {
        store.removeSubscription(subscription).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("Cannot remove {}", subscription, failure);
            }
        });
    }
}
