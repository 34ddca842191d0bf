/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.impl;

import com.google.common.util.concurrent.FutureCallback;
import io.wgcp.mapserver.api.MappingEntry;
import io.wgcp.mapserver.api.RegisteredMappings;
import io.wgcp.mapserver.api.SubscriptionEntry;
import io.wgcp.types.IpPrefix;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.WriteTransaction;
import org.opendaylight.mdsal.common.api.CommitInfo;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.IetfInetUtil;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.DateAndTime;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.EdgeId;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.InstanceId;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.Mappings;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.Subscriptions;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.mappings.Mapping;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.mappings.MappingKey;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.subscriptions.Subscription;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.subscriptions.SubscriptionBuilder;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.subscriptions.SubscriptionKey;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Writes what the LISP southbound learns (registered mappings, subscriptions) into the operational datastore, one
 * small transaction per change. The mapping index of every cluster member follows these writes.
 */
@Component(service = RegisteredMappings.class)
public final class OperationalStateWriter implements RegisteredMappings {
    private final DataBroker dataBroker;

    /**
     * Creates the writer.
     *
     * @param dataBroker the data broker
     */
    @Activate
    public OperationalStateWriter(@Reference final DataBroker dataBroker) {
        this.dataBroker = dataBroker;
    }

    @Override
    public CompletionStage<?> store(final MappingEntry entry) {
        final var mapping = BindingConversions.builderOf(entry).build();
        return commit(tx -> tx.put(LogicalDatastoreType.OPERATIONAL, mappingPath(mapping.key()), mapping));
    }

    @Override
    public CompletionStage<?> remove(final long instanceId, final IpPrefix prefix) {
        final var key = new MappingKey(BindingConversions.bindingPrefixOf(prefix),
            new InstanceId(Uint32.valueOf(instanceId)));
        return commit(tx -> tx.delete(LogicalDatastoreType.OPERATIONAL, mappingPath(key)));
    }

    @Override
    public CompletionStage<?> storeSubscription(final SubscriptionEntry subscription) {
        final var builder = new SubscriptionBuilder()
            .withKey(keyOf(subscription))
            .setNotifyAddress(IetfInetUtil.ipAddressFor(subscription.notifyAddress()))
            .setSiteId(Uint64.fromLongBits(subscription.siteId()))
            .setSubscribedAt(new DateAndTime(subscription.subscribedAt().toString()));
        if (subscription.xtrId() != null) {
            builder.setXtrId(subscription.xtrId());
        }
        final var data = builder.build();
        return commit(tx -> tx.put(LogicalDatastoreType.OPERATIONAL, subscriptionPath(data.key()), data));
    }

    @Override
    public CompletionStage<?> removeSubscription(final SubscriptionEntry subscription) {
        return commit(tx -> tx.delete(LogicalDatastoreType.OPERATIONAL, subscriptionPath(keyOf(subscription))));
    }

    private static SubscriptionKey keyOf(final SubscriptionEntry subscription) {
        return new SubscriptionKey(new EdgeId(subscription.edgeId()),
            BindingConversions.bindingPrefixOf(subscription.prefix()),
            new InstanceId(Uint32.valueOf(subscription.instanceId())));
    }

    private static InstanceIdentifier<Mapping> mappingPath(final MappingKey key) {
        return InstanceIdentifier.create(Mappings.class).child(Mapping.class, key);
    }

    private static InstanceIdentifier<Subscription> subscriptionPath(final SubscriptionKey key) {
        return InstanceIdentifier.create(Subscriptions.class).child(Subscription.class, key);
    }

    private CompletionStage<?> commit(final Consumer<WriteTransaction> change) {
        final var tx = dataBroker.newWriteOnlyTransaction();
        change.accept(tx);
        final var result = new CompletableFuture<CommitInfo>();
        tx.commit().addCallback(new FutureCallback<CommitInfo>() {
            @Override
            public void onSuccess(final CommitInfo info) {
                result.complete(info);
            }

            @Override
            public void onFailure(final Throwable cause) {
                result.completeExceptionally(cause);
            }
        }, Runnable::run);
        return result;
    }
}
