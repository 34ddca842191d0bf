/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.impl;

import io.wgcp.mapserver.api.EdgeDirectory;
import io.wgcp.mapserver.api.EdgeInfo;
import io.wgcp.mapserver.api.MappingResolver;
import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.Edge;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.mappings.Mapping;

/**
 * The rules that provisioned data must follow beyond what YANG expresses. Every check reads the committed state
 * from the in-memory views ({@link EdgeDirectory}, {@link MappingResolver}) plus what the same transaction writes,
 * and reports the first violation as an {@link InvalidProvisioningException} whose message goes back to the
 * RESTCONF client.
 */
public final class ProvisioningValidator {
    /**
     * A rule violation, with a message meant for the operator. Every message starts with {@link #PREFIX}, which is
     * how {@code io.wgcp.mapserver.workaround.ValidationErrorFilter} recognises the veto in a RESTCONF error.
     */
    public static final class InvalidProvisioningException extends Exception {
        /** The start of every validation message. */
        public static final String PREFIX = "invalid wgcp configuration: ";

        private static final long serialVersionUID = 1L;

        InvalidProvisioningException(final String message) {
            super(PREFIX + message);
        }

        InvalidProvisioningException(final String message, final Throwable cause) {
            super(PREFIX + message, cause);
        }
    }

    private final EdgeDirectory directory;
    private final MappingResolver mappings;

    /**
     * Creates a validator over the committed state.
     *
     * @param directory the provisioned edges and virtual networks
     * @param mappings the mappings
     */
    public ProvisioningValidator(final EdgeDirectory directory, final MappingResolver mappings) {
        this.directory = directory;
        this.mappings = mappings;
    }

    /**
     * Validates the edges one transaction writes, against each other and against every other edge.
     *
     * @param written the edges written (created or changed)
     * @param deleted the ids of edges deleted by the same transaction
     * @throws InvalidProvisioningException on the first violation
     */
    public void validateEdges(final Collection<Edge> written, final Set<String> deleted)
            throws InvalidProvisioningException {
        final Map<String, EdgeInfo> proposed = new HashMap<>();
        for (var edge : written) {
            final String edgeId = edge.getEdgeId().getValue();
            if (edge.getControlPublicKey() == null) {
                throw new InvalidProvisioningException("edge " + edgeId + ": control-public-key is required");
            }
            if (edge.getControlAddress() == null) {
                throw new InvalidProvisioningException("edge " + edgeId + ": control-address is required");
            }
            final EdgeInfo info;
            try {
                info = EdgeRegistry.infoOf(edge);
            } catch (IllegalArgumentException e) {
                throw new InvalidProvisioningException("edge " + edgeId + ": " + e.getMessage(), e);
            }
            for (var eid : info.authorizedEids()) {
                if (!directory.virtualNetworkExists(eid.instanceId())) {
                    throw new InvalidProvisioningException("edge " + edgeId + ": virtual network "
                        + eid.instanceId() + " does not exist; create it under wgcp:virtual-networks first");
                }
            }
            proposed.put(edgeId, info);
        }

        // The state after the transaction: committed edges, minus deleted and rewritten ones, plus the written ones.
        final Map<String, EdgeInfo> after = new HashMap<>();
        for (var edge : directory.edges()) {
            if (!deleted.contains(edge.edgeId())) {
                after.put(edge.edgeId(), edge);
            }
        }
        after.putAll(proposed);

        final Map<InetAddress, String> controlAddresses = new HashMap<>();
        final Map<WireGuardKey, String> controlKeys = new HashMap<>();
        for (var edge : after.values()) {
            final var otherAddress = controlAddresses.putIfAbsent(edge.controlAddress(), edge.edgeId());
            if (otherAddress != null && (proposed.containsKey(edge.edgeId()) || proposed.containsKey(otherAddress))) {
                throw new InvalidProvisioningException("edges " + otherAddress + " and " + edge.edgeId()
                    + " have the same control-address " + IpLiteral.format(edge.controlAddress()));
            }
            final var otherKey = controlKeys.putIfAbsent(edge.controlKey(), edge.edgeId());
            if (otherKey != null && (proposed.containsKey(edge.edgeId()) || proposed.containsKey(otherKey))) {
                throw new InvalidProvisioningException("edges " + otherKey + " and " + edge.edgeId()
                    + " have the same control-public-key");
            }
        }

        for (var edge : proposed.values()) {
            for (var eid : edge.authorizedEids()) {
                for (var other : after.values()) {
                    if (other.edgeId().equals(edge.edgeId())) {
                        continue;
                    }
                    for (var otherEid : other.authorizedEids()) {
                        if (otherEid.instanceId() == eid.instanceId() && overlap(otherEid.prefix(), eid.prefix())) {
                            throw new InvalidProvisioningException("edge " + edge.edgeId() + ": EID prefix "
                                + eid.prefix() + " overlaps " + otherEid.prefix() + " of edge " + other.edgeId()
                                + " in virtual network " + eid.instanceId());
                        }
                    }
                }
            }
        }
    }

    /**
     * Validates the provisioned mappings one transaction writes.
     *
     * @param written the mappings written
     * @throws InvalidProvisioningException on the first violation
     */
    public void validateMappings(final Collection<Mapping> written) throws InvalidProvisioningException {
        for (var mapping : written) {
            final String name = mapping.getEidPrefix().stringValue();
            final long instanceId = mapping.getInstanceId().getValue().toJava();
            if (!directory.virtualNetworkExists(instanceId)) {
                throw new InvalidProvisioningException("mapping " + name + ": virtual network " + instanceId
                    + " does not exist; create it under wgcp:virtual-networks first");
            }
            if (mapping.getPublicKey() == null) {
                throw new InvalidProvisioningException("mapping " + name + ": public-key is required");
            }
            if (mapping.nonnullLocator().isEmpty()) {
                throw new InvalidProvisioningException("mapping " + name + ": at least one locator is required");
            }
            final var edgeId = mapping.getEdgeId();
            if (edgeId != null && directory.edge(edgeId.getValue()) == null) {
                throw new InvalidProvisioningException("mapping " + name + ": edge " + edgeId.getValue()
                    + " does not exist");
            }
            try {
                BindingConversions.entryOf(mapping,
                    org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.MappingOrigin
                        .Provisioned);
            } catch (IllegalArgumentException e) {
                throw new InvalidProvisioningException("mapping " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Validates the removal of virtual networks: one that edges or provisioned mappings still use stays.
     *
     * @param removed the instance ids removed
     * @param deletedEdges edges the same transaction deletes
     * @throws InvalidProvisioningException on the first violation
     */
    public void validateVirtualNetworkRemoval(final Collection<Long> removed, final Set<String> deletedEdges)
            throws InvalidProvisioningException {
        for (long instanceId : removed) {
            final List<String> users = new ArrayList<>(directory.edgesIn(instanceId));
            users.removeAll(deletedEdges);
            if (!users.isEmpty()) {
                throw new InvalidProvisioningException("virtual network " + instanceId + " is still used by edges "
                    + users);
            }
            if (!mappings.mappings(instanceId).isEmpty()) {
                throw new InvalidProvisioningException("virtual network " + instanceId + " still has mappings");
            }
        }
    }

    private static boolean overlap(final IpPrefix first, final IpPrefix second) {
        return first.contains(second) || second.contains(first);
    }
}
