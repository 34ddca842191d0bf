/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.impl;

import io.wgcp.mapserver.api.MappingChangeListener;
import io.wgcp.mapserver.api.MappingEntry;
import io.wgcp.mapserver.api.MappingResolver;
import io.wgcp.mapserver.api.Resolution;
import io.wgcp.mapserver.index.MappingIndex;
import io.wgcp.types.IpPrefix;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.DataTreeIdentifier;
import org.opendaylight.mdsal.binding.api.DataTreeModification;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.MappingOrigin;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.Mappings;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.NegativeAction;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.mappings.Mapping;
import org.opendaylight.yangtools.concepts.AbstractRegistration;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The map server's view of every mapping: it follows the configuration datastore (provisioned mappings) and the
 * operational datastore (registered mappings) through data-tree change listeners and keeps them in a
 * longest-prefix-match index, so that resolution never touches the datastore.
 *
 * <p>The datastore stays the only persistent store; this index is rebuilt from it at start (the listeners first
 * receive the existing data) and on every cluster member. The {@link MappingResolver} service is published only
 * once both datastores delivered their initial state.
 */
// The service is registered by hand once the initial data is loaded; declare it for the Karaf resolver.
@Capability(namespace = "osgi.service",
    attribute = "objectClass:List<String>=\"io.wgcp.mapserver.api.MappingResolver\"")
@Component(service = { }, immediate = true)
public final class MappingStore implements MappingResolver, AutoCloseable {
    /** The wildcarded path of every mapping. */
    public static final InstanceIdentifier<Mapping> MAPPING_PATH =
        InstanceIdentifier.create(Mappings.class).child(Mapping.class);

    private static final Logger LOG = LoggerFactory.getLogger(MappingStore.class);

    /**
     * What the index holds per prefix: a provisioned and a registered mapping may both exist for one prefix; the
     * provisioned one wins because the operator's word overrides what an edge claims.
     */
    private record Slot(@Nullable MappingEntry provisioned, @Nullable MappingEntry registered,
            Resolution.Found found) {
        Slot(final @Nullable MappingEntry provisioned, final @Nullable MappingEntry registered) {
            // The positive answer is built once per change, so that a lookup hit allocates nothing.
            this(provisioned, registered, new Resolution.Found(provisioned != null ? provisioned : registered));
        }

        MappingEntry effective() {
            return found.mapping();
        }

        @Nullable Slot with(final MappingOrigin origin, final @Nullable MappingEntry entry) {
            final var newProvisioned = origin == MappingOrigin.Provisioned ? entry : provisioned;
            final var newRegistered = origin == MappingOrigin.Provisioned ? registered : entry;
            return newProvisioned == null && newRegistered == null ? null : new Slot(newProvisioned, newRegistered);
        }
    }

    private final MappingIndex<Slot> index = new MappingIndex<>();
    private final Registration configRegistration;
    private final Registration operationalRegistration;
    private final CompletableFuture<Void> initialDataLoaded;
    private DeferredRegistration<MappingResolver> publication;
    // Written only by apply(), which is synchronized; read without locking.
    private final AtomicLong provisioned = new AtomicLong();
    private final AtomicLong registered = new AtomicLong();
    private final List<MappingChangeListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Starts following the datastore and publishes the resolver service once the initial data is indexed.
     *
     * @param dataBroker the MD-SAL data broker
     * @param bundleContext where to publish the service
     */
    @Activate
    public MappingStore(@Reference final DataBroker dataBroker, final BundleContext bundleContext) {
        this(dataBroker);
        publication = new DeferredRegistration<>(bundleContext, MappingResolver.class, this, initialDataLoaded,
            () -> LOG.info("wgcp mapping store ready with {} provisioned and {} registered mappings", provisioned.get(),
                registered.get()));
    }

    /**
     * Starts following the datastore.
     *
     * @param dataBroker the MD-SAL data broker
     */
    public MappingStore(final DataBroker dataBroker) {
        final var configListener = new InitialDataListener<Mapping>(
            changes -> apply(MappingOrigin.Provisioned, changes));
        final var operationalListener = new InitialDataListener<Mapping>(
            changes -> apply(MappingOrigin.Registered, changes));
        configRegistration = dataBroker.registerTreeChangeListener(
            DataTreeIdentifier.of(LogicalDatastoreType.CONFIGURATION, MAPPING_PATH), configListener);
        operationalRegistration = dataBroker.registerTreeChangeListener(
            DataTreeIdentifier.of(LogicalDatastoreType.OPERATIONAL, MAPPING_PATH), operationalListener);
        initialDataLoaded = CompletableFuture.allOf(configListener.initialData(), operationalListener.initialData());
    }

    /**
     * Returns a future that completes once the mappings that were in the datastore when this store started are
     * indexed.
     *
     * @return the future
     */
    public CompletableFuture<Void> initialDataLoaded() {
        return initialDataLoaded;
    }

    @Override
    @Deactivate
    public void close() {
        if (publication != null) {
            publication.close();
        }
        configRegistration.close();
        operationalRegistration.close();
        LOG.info("wgcp mapping store stopped");
    }

    private synchronized void apply(final MappingOrigin origin, final List<DataTreeModification<Mapping>> changes) {
        for (var change : changes) {
            final var node = change.getRootNode();
            final var before = node.dataBefore();
            final var after = node.dataAfter();
            final var key = (before != null ? before : after).key();
            final long instanceId = key.getInstanceId().getValue().toJava();
            final IpPrefix prefix;
            try {
                prefix = BindingConversions.prefixOf(key.getEidPrefix());
            } catch (IllegalArgumentException e) {
                // The validating commit cohort keeps such data out; anything that slipped past is not indexed.
                LOG.warn("Ignoring mapping with an invalid prefix {}", key.getEidPrefix().stringValue(), e);
                continue;
            }
            MappingEntry entry = null;
            if (after != null) {
                try {
                    entry = BindingConversions.entryOf(after, origin);
                } catch (IllegalArgumentException e) {
                    LOG.warn("Ignoring invalid {} mapping {}", origin.getName(), prefix, e);
                }
            }
            update(instanceId, prefix, origin, entry);
        }
    }

    private void update(final long instanceId, final IpPrefix prefix, final MappingOrigin origin,
            final @Nullable MappingEntry entry) {
        final var old = index.exact(instanceId, prefix);
        final var hadOrigin = old != null && (origin == MappingOrigin.Provisioned ? old.provisioned : old.registered)
            != null;
        final var slot = old != null ? old.with(origin, entry) : entry == null ? null
            : origin == MappingOrigin.Provisioned ? new Slot(entry, null) : new Slot(null, entry);
        if (slot == null) {
            index.remove(instanceId, prefix);
        } else {
            index.put(instanceId, prefix, slot);
        }
        final var before = old != null ? old.effective() : null;
        final var after = slot != null ? slot.effective() : null;
        if (before != after) {
            for (var listener : listeners) {
                listener.mappingChanged(instanceId, prefix, before, after);
            }
        }
        final long delta = (entry != null ? 1 : 0) - (hadOrigin ? 1 : 0);
        (origin == MappingOrigin.Provisioned ? provisioned : registered).addAndGet(delta);
    }

    @Override
    public Resolution resolve(final long instanceId, final InetAddress address) {
        final byte[] bytes = address.getAddress();
        final var buffer = ByteBuffer.wrap(bytes);
        return bytes.length == 4 ? resolveIpv4(instanceId, buffer.getInt())
            : resolveIpv6(instanceId, buffer.getLong(), buffer.getLong());
    }

    @Override
    public Resolution resolveIpv4(final long instanceId, final int ipv4) {
        final var match = index.longestMatchValue(instanceId, ipv4);
        return match != null ? match.found()
            : new Resolution.Negative(instanceId, index.widestNegative(instanceId, ipv4),
                NegativeAction.DropNoReason);
    }

    @Override
    public Resolution resolveIpv6(final long instanceId, final long high, final long low) {
        final var match = index.longestMatchValue(instanceId, high, low);
        return match != null ? match.found()
            : new Resolution.Negative(instanceId, index.widestNegative(instanceId, high, low),
                NegativeAction.DropNoReason);
    }

    @Override
    public @Nullable MappingEntry exact(final long instanceId, final IpPrefix prefix) {
        final var slot = index.exact(instanceId, prefix);
        return slot != null ? slot.effective() : null;
    }

    @Override
    public List<MappingEntry> mappings(final @Nullable Long instanceId) {
        final var result = new ArrayList<MappingEntry>();
        index.forEach((iid, entry) -> {
            if (instanceId == null || instanceId == iid) {
                result.add(entry.value().effective());
            }
        });
        result.sort(Comparator.comparingLong(MappingEntry::instanceId).thenComparing(MappingEntry::eidPrefix));
        return result;
    }

    @Override
    public Registration addChangeListener(final MappingChangeListener listener) {
        listeners.add(listener);
        return new AbstractRegistration() {
            @Override
            protected void removeRegistration() {
                listeners.remove(listener);
            }
        };
    }

    @Override
    public long provisionedCount() {
        return provisioned.get();
    }

    @Override
    public long registeredCount() {
        return registered.get();
    }
}
