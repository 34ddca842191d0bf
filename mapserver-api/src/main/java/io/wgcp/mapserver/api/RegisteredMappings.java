/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.api;

import io.wgcp.types.IpPrefix;
import java.util.concurrent.CompletionStage;

/**
 * Where the LISP southbound records what edges register: the operational datastore, from which the mapping index
 * of every cluster member learns it. Writes are asynchronous so that the packet path never waits for a commit.
 */
public interface RegisteredMappings {
    /**
     * Writes (creates or replaces) a registered mapping.
     *
     * @param entry the mapping, with origin registered, its edge and its times
     * @return completes when committed
     */
    CompletionStage<?> store(MappingEntry entry);

    /**
     * Removes a registered mapping (expiry, or its edge was removed).
     *
     * @param instanceId the virtual network
     * @param prefix the EID prefix
     * @return completes when committed
     */
    CompletionStage<?> remove(long instanceId, IpPrefix prefix);

    /**
     * Mirrors a publish/subscribe subscription into the operational datastore, for operators and orchestrators.
     *
     * @param subscription the subscription
     * @return completes when committed
     */
    CompletionStage<?> storeSubscription(SubscriptionEntry subscription);

    /**
     * Removes a subscription's mirror.
     *
     * @param subscription the subscription
     * @return completes when committed
     */
    CompletionStage<?> removeSubscription(SubscriptionEntry subscription);
}
