/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.impl;

import com.google.common.util.concurrent.FluentFuture;
import com.google.common.util.concurrent.Futures;
import io.wgcp.mapserver.api.EdgeDirectory;
import io.wgcp.mapserver.api.MappingResolver;
import io.wgcp.mapserver.impl.ProvisioningValidator.InvalidProvisioningException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.opendaylight.mdsal.binding.dom.codec.spi.BindingDOMCodecServices;
import org.opendaylight.mdsal.common.api.DataValidationFailedException;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.mdsal.common.api.PostCanCommitStep;
import org.opendaylight.mdsal.dom.api.DOMDataBroker;
import org.opendaylight.mdsal.dom.api.DOMDataTreeCandidate;
import org.opendaylight.mdsal.dom.api.DOMDataTreeCommitCohort;
import org.opendaylight.mdsal.dom.api.DOMDataTreeIdentifier;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.Edges;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.Mappings;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.VirtualNetworks;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.Edge;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.mappings.Mapping;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.virtual.networks.VirtualNetwork;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.binding.DataObject;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.data.api.YangInstanceIdentifier;
import org.opendaylight.yangtools.yang.data.api.YangInstanceIdentifier.NodeIdentifier;
import org.opendaylight.yangtools.yang.data.tree.api.DataTreeCandidateNode;
import org.opendaylight.yangtools.yang.model.api.EffectiveModelContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vetoes configuration transactions that break {@link ProvisioningValidator}'s rules, whoever writes them (RESTCONF,
 * the console, another application): the datastore's three-phase commit asks this cohort before anything is
 * written, so a rejected transaction changes nothing, and RESTCONF returns the message to the client.
 *
 * <p>The cohort is registered at the DOM level because this release train exports no binding cohort registry; it
 * turns each modified list entry back into its binding object through the codec.
 */
@Component(service = { }, immediate = true)
public final class ProvisioningCohort implements DOMDataTreeCommitCohort, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningCohort.class);

    private final BindingDOMCodecServices codec;
    private final ProvisioningValidator validator;
    private final YangInstanceIdentifier edgesPath;
    private final YangInstanceIdentifier mappingsPath;
    private final YangInstanceIdentifier virtualNetworksPath;
    private final List<Registration> registrations = new ArrayList<>();

    /**
     * Registers the cohort on the configuration of edges, mappings and virtual networks.
     *
     * @param dataBroker the DOM data broker
     * @param codec the binding codec
     * @param directory committed edges and virtual networks
     * @param mappings committed mappings
     */
    @Activate
    public ProvisioningCohort(@Reference final DOMDataBroker dataBroker,
            @Reference final BindingDOMCodecServices codec, @Reference final EdgeDirectory directory,
            @Reference final MappingResolver mappings) {
        this.codec = codec;
        validator = new ProvisioningValidator(directory, mappings);
        edgesPath = codec.toYangInstanceIdentifier(InstanceIdentifier.create(Edges.class));
        mappingsPath = codec.toYangInstanceIdentifier(InstanceIdentifier.create(Mappings.class));
        virtualNetworksPath = codec.toYangInstanceIdentifier(InstanceIdentifier.create(VirtualNetworks.class));
        final var cohorts = dataBroker.extension(DOMDataBroker.CommitCohortExtension.class);
        if (cohorts == null) {
            LOG.warn("The data broker accepts no commit cohort: provisioned data is not validated");
            return;
        }
        for (var path : List.of(edgesPath, mappingsPath, virtualNetworksPath)) {
            registrations.add(cohorts.registerCommitCohort(
                DOMDataTreeIdentifier.of(LogicalDatastoreType.CONFIGURATION, path), this));
        }
    }

    @Override
    @Deactivate
    public void close() {
        registrations.forEach(Registration::close);
        registrations.clear();
    }

    @Override
    public FluentFuture<PostCanCommitStep> canCommit(final Object txId, final EffectiveModelContext ctx,
            final Collection<DOMDataTreeCandidate> candidates) {
        for (var candidate : candidates) {
            final var root = candidate.getRootPath().path();
            try {
                if (root.equals(edgesPath)) {
                    final var changes = entries(root, candidate.getRootNode(), Edge.QNAME, Edge.class);
                    final Set<String> deleted = new HashSet<>();
                    changes.deleted.forEach(edge -> deleted.add(edge.getEdgeId().getValue()));
                    validator.validateEdges(changes.written, deleted);
                } else if (root.equals(mappingsPath)) {
                    validator.validateMappings(entries(root, candidate.getRootNode(), Mapping.QNAME,
                        Mapping.class).written);
                } else if (root.equals(virtualNetworksPath)) {
                    final var changes = entries(root, candidate.getRootNode(), VirtualNetwork.QNAME,
                        VirtualNetwork.class);
                    final List<Long> removed = new ArrayList<>();
                    changes.deleted.forEach(vn -> removed.add(vn.getInstanceId().getValue().toJava()));
                    validator.validateVirtualNetworkRemoval(removed, Set.of());
                }
            } catch (InvalidProvisioningException e) {
                LOG.debug("Transaction {} rejected: {}", txId, e.getMessage());
                return FluentFuture.from(Futures.immediateFailedFuture(
                    new DataValidationFailedException(YangInstanceIdentifier.class, root, e.getMessage())));
            }
        }
        return PostCanCommitStep.NOOP_SUCCESSFUL_FUTURE;
    }

    private record Changes<T>(List<T> written, List<T> deleted) {
    }

    private <T extends DataObject> Changes<T> entries(final YangInstanceIdentifier containerPath,
            final DataTreeCandidateNode container, final QName listName, final Class<T> type) {
        final var changes = new Changes<T>(new ArrayList<>(), new ArrayList<>());
        final var listId = new NodeIdentifier(listName);
        final var list = container.modifiedChild(listId);
        if (list == null) {
            return changes;
        }
        final var listPath = containerPath.node(listId);
        for (var entry : list.childNodes()) {
            final var entryPath = listPath.node(entry.name());
            final var after = entry.dataAfter();
            final var before = entry.dataBefore();
            if (after != null) {
                if (!after.equals(before)) {
                    changes.written.add(type.cast(codec.fromNormalizedNode(entryPath, after).getValue()));
                }
            } else if (before != null) {
                changes.deleted.add(type.cast(codec.fromNormalizedNode(entryPath, before).getValue()));
            }
        }
        return changes;
    }
}
