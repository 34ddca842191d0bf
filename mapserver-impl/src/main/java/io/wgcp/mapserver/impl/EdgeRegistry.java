/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.impl;

import io.wgcp.mapserver.api.EdgeChangeListener;
import io.wgcp.mapserver.api.EdgeDirectory;
import io.wgcp.mapserver.api.EdgeInfo;
import io.wgcp.types.WireGuardKey;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.DataTreeIdentifier;
import org.opendaylight.mdsal.binding.api.DataTreeModification;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.Edges;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.VirtualNetworks;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.Edge;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.virtual.networks.VirtualNetwork;
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
 * Follows the provisioned edges and virtual networks in the configuration datastore and keeps them in memory. The
 * {@link EdgeDirectory} service is published once the initial data is loaded.
 */
// The service is registered by hand once the initial data is loaded; declare it for the Karaf resolver.
@Capability(namespace = "osgi.service",
    attribute = "objectClass:List<String>=\"io.wgcp.mapserver.api.EdgeDirectory\"")
@Component(service = { }, immediate = true)
public final class EdgeRegistry implements EdgeDirectory, AutoCloseable {
    /** The wildcarded path of every edge. */
    public static final InstanceIdentifier<Edge> EDGE_PATH = InstanceIdentifier.create(Edges.class).child(Edge.class);
    /** The wildcarded path of every virtual network. */
    public static final InstanceIdentifier<VirtualNetwork> VIRTUAL_NETWORK_PATH =
        InstanceIdentifier.create(VirtualNetworks.class).child(VirtualNetwork.class);

    private static final Logger LOG = LoggerFactory.getLogger(EdgeRegistry.class);

    private final Map<String, EdgeInfo> edges = new ConcurrentHashMap<>();
    private final Map<InetAddress, EdgeInfo> edgesByControlAddress = new ConcurrentHashMap<>();
    private final Map<Long, String> virtualNetworks = new ConcurrentHashMap<>();
    private final List<EdgeChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final Registration edgeRegistration;
    private final Registration virtualNetworkRegistration;
    private final CompletableFuture<Void> initialDataLoaded;
    private DeferredRegistration<EdgeDirectory> publication;

    /**
     * Starts following the configuration datastore and publishes the directory once the initial data is loaded.
     *
     * @param dataBroker the MD-SAL data broker
     * @param bundleContext where to publish the service
     */
    @Activate
    public EdgeRegistry(@Reference final DataBroker dataBroker, final BundleContext bundleContext) {
        this(dataBroker);
        publication = new DeferredRegistration<>(bundleContext, EdgeDirectory.class, this, initialDataLoaded,
            () -> LOG.info("wgcp edge registry ready with {} edges and {} virtual networks", edges.size(),
                virtualNetworks.size()));
    }

    /**
     * Starts following the configuration datastore.
     *
     * @param dataBroker the MD-SAL data broker
     */
    public EdgeRegistry(final DataBroker dataBroker) {
        final var virtualNetworkListener = new InitialDataListener<VirtualNetwork>(this::onVirtualNetworksChanged);
        final var edgeListener = new InitialDataListener<Edge>(this::onEdgesChanged);
        virtualNetworkRegistration = dataBroker.registerTreeChangeListener(
            DataTreeIdentifier.of(LogicalDatastoreType.CONFIGURATION, VIRTUAL_NETWORK_PATH), virtualNetworkListener);
        edgeRegistration = dataBroker.registerTreeChangeListener(
            DataTreeIdentifier.of(LogicalDatastoreType.CONFIGURATION, EDGE_PATH), edgeListener);
        initialDataLoaded = CompletableFuture.allOf(virtualNetworkListener.initialData(), edgeListener.initialData());
    }

    /**
     * Returns a future that completes once the edges and virtual networks in the datastore at start are loaded.
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
        edgeRegistration.close();
        virtualNetworkRegistration.close();
    }

    private void onVirtualNetworksChanged(final List<DataTreeModification<VirtualNetwork>> changes) {
        for (var change : changes) {
            final var after = change.getRootNode().dataAfter();
            if (after != null) {
                final var name = after.getName();
                virtualNetworks.put(after.getInstanceId().getValue().toJava(), name != null ? name : "");
            } else {
                virtualNetworks.remove(change.getRootNode().dataBefore().getInstanceId().getValue().toJava());
            }
        }
    }

    private synchronized void onEdgesChanged(final List<DataTreeModification<Edge>> changes) {
        for (var change : changes) {
            final var before = change.getRootNode().dataBefore();
            final var after = change.getRootNode().dataAfter();
            EdgeInfo old = null;
            if (before != null) {
                old = edges.remove(before.getEdgeId().getValue());
                if (old != null) {
                    edgesByControlAddress.remove(old.controlAddress(), old);
                }
            }
            EdgeInfo current = null;
            if (after != null) {
                try {
                    current = infoOf(after);
                    edges.put(current.edgeId(), current);
                    edgesByControlAddress.put(current.controlAddress(), current);
                } catch (IllegalArgumentException e) {
                    // The validating commit cohort keeps such data out; anything that slipped past is ignored.
                    LOG.warn("Ignoring invalid edge {}", after.getEdgeId().getValue(), e);
                }
            }
            if (old != null || current != null) {
                for (var listener : listeners) {
                    listener.edgeChanged(old, current);
                }
            }
        }
    }

    /**
     * Converts a binding edge.
     *
     * @param edge the edge as stored
     * @return the compact form
     * @throws IllegalArgumentException on invalid content
     */
    static EdgeInfo infoOf(final Edge edge) {
        final var eids = new ArrayList<EdgeInfo.AuthorizedEid>();
        for (var eid : edge.nonnullAuthorizedEid().values()) {
            eids.add(new EdgeInfo.AuthorizedEid(eid.getInstanceId().getValue().toJava(),
                BindingConversions.prefixOf(eid.getEidPrefix())));
        }
        final var key = edge.getMapRegisterKey();
        EdgeInfo.RegisterKey registerKey = null;
        if (key != null && key.getEncryptedSecret() != null) {
            registerKey = new EdgeInfo.RegisterKey(key.getKeyId() != null ? key.getKeyId().toJava() : 0,
                key.getAlgorithm(), key.getEncryptedSecret());
        }
        return new EdgeInfo(edge.getEdgeId().getValue(), WireGuardKey.fromBase64(edge.getControlPublicKey().getValue()),
            BindingConversions.addressOf(edge.getControlAddress()), eids, registerKey);
    }

    @Override
    public @Nullable EdgeInfo edge(final String edgeId) {
        return edges.get(edgeId);
    }

    @Override
    public @Nullable EdgeInfo edgeByControlAddress(final InetAddress controlAddress) {
        return edgesByControlAddress.get(controlAddress);
    }

    @Override
    public Collection<EdgeInfo> edges() {
        return List.copyOf(new TreeMap<>(edges).values());
    }

    @Override
    public Map<Long, String> virtualNetworks() {
        final var result = new TreeMap<>(virtualNetworks);
        result.putIfAbsent(0L, "");
        return result;
    }

    @Override
    public Registration addChangeListener(final EdgeChangeListener listener) {
        listeners.add(listener);
        return new AbstractRegistration() {
            @Override
            protected void removeRegistration() {
                listeners.remove(listener);
            }
        };
    }

    @Override
    public boolean virtualNetworkExists(final long instanceId) {
        return instanceId == 0 || virtualNetworks.containsKey(instanceId);
    }

    @Override
    public Set<String> edgesIn(final long instanceId) {
        final var result = new HashSet<String>();
        for (var edge : edges.values()) {
            for (var eid : edge.authorizedEids()) {
                if (eid.instanceId() == instanceId) {
                    result.add(edge.edgeId());
                }
            }
        }
        return result;
    }
}
