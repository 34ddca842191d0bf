/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.wgcp.mapserver.api.EdgeDirectory;
import io.wgcp.mapserver.api.MappingChangeListener;
import io.wgcp.mapserver.api.MappingEntry;
import io.wgcp.types.IpPrefix;
import java.util.List;
import java.util.concurrent.Executor;
import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes mapping changes to subscribers (RFC 9437): each change of an effective mapping (a registration with a
 * new endpoint or key, an expiry, an operator's change or removal through RESTCONF or the console) reaches every
 * concerned subscriber as an authenticated Map-Notify, retransmitted until acknowledged.
 */
final class Publisher implements MappingChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private final SubscriptionTable subscriptions;
    private final EdgeDirectory directory;
    private final EdgeKeys keys;
    private final UnsolicitedNotifier notifier;
    private final Executor executor;

    Publisher(final SubscriptionTable subscriptions, final EdgeDirectory directory, final EdgeKeys keys,
            final UnsolicitedNotifier notifier, final Executor executor) {
        this.subscriptions = subscriptions;
        this.directory = directory;
        this.keys = keys;
        this.notifier = notifier;
        this.executor = executor;
    }

    @Override
    public void mappingChanged(final long instanceId, final IpPrefix prefix, final @Nullable MappingEntry before,
            final @Nullable MappingEntry after) {
        // Called on the datastore listener's thread: only the cheap check happens here.
        final var concerned = subscriptions.concerned(instanceId, prefix);
        if (concerned.isEmpty()) {
            return;
        }
        final var publication = after != null ? Conversions.recordOf(after)
            : Conversions.withdrawalOf(instanceId, prefix);
        executor.execute(() -> {
            for (var subscription : concerned) {
                final var edge = directory.edge(subscription.edgeId());
                final byte[] secret = edge != null ? keys.secretOf(edge) : null;
                if (secret == null || secret.length == 0) {
                    LOG.debug("Cannot publish {} to edge {}: unknown edge or no key", prefix,
                        subscription.edgeId());
                    continue;
                }
                LOG.debug("Publishing {} in {} to edge {}", prefix, instanceId, edge.edgeId());
                notifier.send(edge, secret, List.of(publication));
            }
        });
    }
}
