/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.wgcp.mapserver.api.MappingEntry;
import io.wgcp.mapserver.api.RegisteredMappings;
import io.wgcp.mapserver.api.SubscriptionEntry;
import io.wgcp.types.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Records the writes the tables ask for, so that a test can check which changes reach the datastore (the
 * datastore itself is exercised by the distribution's integration tests). Its mappings stand for an index that
 * applies each write as it commits.
 */
final class RecordingStore implements RegisteredMappings {
    final List<String> writes = new ArrayList<>();
    final Map<RegistrationTable.Key, MappingEntry> mappings = new HashMap<>();
    @Nullable Exception nextStoreFailure;

    @Override
    public CompletionStage<?> store(final MappingEntry entry) {
        writes.add("store " + entry.instanceId() + " " + entry.eidPrefix() + " " + entry.locators().get(0).address()
            .getHostAddress());
        final var failure = nextStoreFailure;
        if (failure != null) {
            nextStoreFailure = null;
            return CompletableFuture.failedFuture(failure);
        }
        mappings.put(new RegistrationTable.Key(entry.instanceId(), entry.eidPrefix()), entry);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<?> remove(final long instanceId, final IpPrefix prefix) {
        writes.add("remove " + instanceId + " " + prefix);
        mappings.remove(new RegistrationTable.Key(instanceId, prefix));
        return CompletableFuture.completedFuture(null);
    }

    @Nullable MappingEntry exact(final long instanceId, final IpPrefix prefix) {
        return mappings.get(new RegistrationTable.Key(instanceId, prefix));
    }

    @Override
    public CompletionStage<?> storeSubscription(final SubscriptionEntry subscription) {
        writes.add("subscribe " + subscription.instanceId() + " " + subscription.prefix() + " "
            + subscription.edgeId());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<?> removeSubscription(final SubscriptionEntry subscription) {
        writes.add("unsubscribe " + subscription.instanceId() + " " + subscription.prefix() + " "
            + subscription.edgeId());
        return CompletableFuture.completedFuture(null);
    }
}
