/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.opendaylight.mdsal.binding.dom.adapter.test.AbstractDataBrokerTest;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.IetfInetUtil;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.PortNumber;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.EdgeId;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.InstanceId;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.WireguardKey;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.Edge;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.EdgeBuilder;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.edge.AuthorizedEid;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.edge.AuthorizedEidBuilder;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.mapping.attributes.LocatorBuilder;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.mappings.Mapping;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.mappings.MappingBuilder;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.virtual.networks.VirtualNetwork;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.virtual.networks.VirtualNetworkBuilder;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint32;

/**
 * The validation rules over the committed state that the real in-memory MD-SAL broker holds. The in-memory test
 * broker runs no commit cohorts, so the proposals are handed to the validator as the cohort would hand them; the
 * cohort itself (the DOM glue that extracts them from a transaction) is exercised against the clustered datastore
 * by the distribution's integration test.
 */
public class ProvisioningValidatorTest extends AbstractDataBrokerTest {
    private final Random random = new Random(42);
    private EdgeRegistry edges;
    private MappingStore mappings;
    private ProvisioningValidator validator;

    @Before
    public void start() throws Exception {
        edges = new EdgeRegistry(getDataBroker());
        mappings = new MappingStore(getDataBroker());
        validator = new ProvisioningValidator(edges, mappings);
        commitVirtualNetwork(7);
        commitEdge(edge("a", "198.51.100.1", "7:192.0.2.0/25", "0:2001:db8:a::/48"));
    }

    @After
    public void stop() {
        mappings.close();
        edges.close();
    }

    @Test
    public void acceptsValidEdgesAndMappings() throws Exception {
        commitEdge(edge("b", "198.51.100.2", "7:192.0.2.128/25", "0:2001:db8:b::/48"));
        commitMapping(mapping(7, "203.0.113.0/24"));
        assertEquals(2, edges.edges().size());
        assertEquals(1, mappings.provisionedCount());
    }

    @Test
    public void rejectsOverlappingPrefixOfAnotherEdge() {
        assertRejected(() -> commitEdge(edge("b", "198.51.100.2", "7:192.0.2.64/26")),
            "overlaps 192.0.2.0/25 of edge a");
        assertRejected(() -> commitEdge(edge("b", "198.51.100.2", "7:192.0.0.0/16")), "overlaps");
        assertRejected(() -> commitEdge(edge("b", "198.51.100.2", "0:2001:db8:a:1::/64")), "overlaps");
        assertEquals(1, edges.edges().size());
    }

    @Test
    public void replacingAnEdgeDoesNotOverlapWithItself() throws Exception {
        commitEdge(edge("a", "198.51.100.1", "7:192.0.2.0/26"));
        assertEquals(1, edges.edges().size());
        validator.validateEdges(List.of(edge("b", "198.51.100.2", "7:192.0.2.0/25")), Set.of("a"));
    }

    @Test
    public void samePrefixInAnotherVirtualNetworkIsFine() throws Exception {
        commitEdge(edge("b", "198.51.100.2", "0:192.0.2.0/25"));
        assertEquals(2, edges.edges().size());
    }

    @Test
    public void rejectsOverlapWithinOneTransaction() {
        assertRejected(() -> validate(() -> validator.validateEdges(List.of(edge("b", "198.51.100.2",
            "0:198.18.0.0/24"), edge("c", "198.51.100.3", "0:198.18.0.0/25")), Set.of())), "overlaps");
        assertEquals(1, edges.edges().size());
    }

    @Test
    public void rejectsUnknownVirtualNetworkHostBitsAndDuplicateControlAddress() {
        assertRejected(() -> commitEdge(edge("b", "198.51.100.2", "99:192.0.2.128/25")),
            "virtual network 99 does not exist");
        assertRejected(() -> commitEdge(edge("b", "198.51.100.2", "7:192.0.2.129/25")), "192.0.2.129/25");
        assertRejected(() -> commitEdge(edge("b", "198.51.100.1", "7:192.0.2.128/25")),
            "same control-address");
        assertRejected(() -> commitMapping(mapping(99, "203.0.113.0/24")), "virtual network 99 does not exist");
        assertRejected(() -> commitMapping(new MappingBuilder(mapping(7, "203.0.113.0/24")).setPublicKey(null)
            .build()), "public-key is required");
        assertRejected(() -> commitMapping(new MappingBuilder(mapping(7, "203.0.113.0/24")).setLocator(List.of())
            .build()), "at least one locator");
        assertEquals(1, edges.edges().size());
        assertEquals(0, mappings.provisionedCount());
    }

    @Test
    public void virtualNetworkInUseCannotBeRemoved() throws Exception {
        final var path = EdgeRegistry.VIRTUAL_NETWORK_PATH.firstIdentifierOf(
            org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.VirtualNetworks.class)
            .child(VirtualNetwork.class, new VirtualNetworkBuilder().setInstanceId(new InstanceId(Uint32.valueOf(7)))
                .build().key());
        assertRejected(() -> validate(() -> validator.validateVirtualNetworkRemoval(List.of(7L), Set.of())),
            "still used by edges [a]");
        // Removing the edge in the same transaction frees the virtual network.
        validator.validateVirtualNetworkRemoval(List.of(7L), Set.of("a"));
        assertTrue(edges.virtualNetworkExists(7));
        commitVirtualNetwork(8);
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.delete(LogicalDatastoreType.CONFIGURATION, path.firstIdentifierOf(
            org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.VirtualNetworks.class)
            .child(VirtualNetwork.class, new VirtualNetworkBuilder().setInstanceId(new InstanceId(Uint32.valueOf(8)))
                .build().key()));
        tx.commit().get();
        assertFalse(edges.virtualNetworkExists(8));
    }

    /** Turns a validation failure into the ExecutionException a rejected commit gives. */
    private static void validate(final Validation validation) throws ExecutionException {
        try {
            validation.run();
        } catch (ProvisioningValidator.InvalidProvisioningException e) {
            throw new ExecutionException(e);
        }
    }

    private interface Validation {
        void run() throws ProvisioningValidator.InvalidProvisioningException;
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void assertRejected(final Action action, final String expectedMessage) {
        final var failure = assertThrows(ExecutionException.class, action::run);
        Throwable cause = failure;
        final var messages = new StringBuilder();
        while (cause != null) {
            messages.append(cause.getMessage()).append(" | ");
            cause = cause.getCause();
        }
        assertTrue("expected '" + expectedMessage + "' in: " + messages, messages.toString()
            .contains(expectedMessage));
    }

    private void commitVirtualNetwork(final long instanceId) throws Exception {
        final var vn = new VirtualNetworkBuilder().setInstanceId(new InstanceId(Uint32.valueOf(instanceId)))
            .setName("vn" + instanceId).build();
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.CONFIGURATION, EdgeRegistry.VIRTUAL_NETWORK_PATH.firstIdentifierOf(
            org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.VirtualNetworks.class)
            .child(VirtualNetwork.class, vn.key()), vn);
        tx.commit().get();
    }

    private void commitEdge(final Edge edge) throws Exception {
        validate(() -> validator.validateEdges(List.of(edge), Set.of()));
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.CONFIGURATION, EdgeRegistry.EDGE_PATH.firstIdentifierOf(
            org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.Edges.class)
            .child(Edge.class, edge.key()), edge);
        tx.commit().get();
    }

    private void commitMapping(final Mapping mapping) throws Exception {
        validate(() -> validator.validateMappings(List.of(mapping)));
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.CONFIGURATION, MappingStore.MAPPING_PATH.firstIdentifierOf(
            org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.Mappings.class)
            .child(Mapping.class, mapping.key()), mapping);
        tx.commit().get();
    }

    private Edge edge(final String id, final String controlAddress, final String... eids) {
        final Map<org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.edge
                .AuthorizedEidKey, AuthorizedEid> authorized = java.util.Arrays.stream(eids).map(eid -> {
                    final int colon = eid.indexOf(':');
                    return new AuthorizedEidBuilder()
                        .setInstanceId(new InstanceId(Uint32.valueOf(Long.parseLong(eid.substring(0, colon)))))
                        .setEidPrefix(IetfInetUtil.ipPrefixFor(eid.substring(colon + 1)))
                        .build();
                }).collect(Collectors.toMap(AuthorizedEid::key, eid -> eid));
        return new EdgeBuilder()
            .setEdgeId(new EdgeId(id))
            .setControlPublicKey(new WireguardKey(randomKey()))
            .setControlAddress(IetfInetUtil.ipAddressFor(controlAddress))
            .setAuthorizedEid(authorized)
            .build();
    }

    private Mapping mapping(final long instanceId, final String prefix) {
        return new MappingBuilder()
            .setInstanceId(new InstanceId(Uint32.valueOf(instanceId)))
            .setEidPrefix(IetfInetUtil.ipPrefixFor(prefix))
            .setPublicKey(new WireguardKey(randomKey()))
            .setLocator(List.of(new LocatorBuilder().setAddress(IetfInetUtil.ipAddressFor("198.18.0.1"))
                .setPort(new PortNumber(Uint16.valueOf(51820))).build()))
            .build();
    }

    private String randomKey() {
        final byte[] raw = new byte[32];
        random.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }
}
