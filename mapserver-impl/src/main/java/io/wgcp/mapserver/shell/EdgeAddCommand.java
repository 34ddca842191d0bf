/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.IetfInetUtil;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.EdgeId;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.Edges;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.InstanceId;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.WireguardKey;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.Edge;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.EdgeBuilder;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.EdgeKey;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.edge.AuthorizedEid;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.edge.AuthorizedEidBuilder;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.opendaylight.yangtools.yang.common.Uint32;

/**
 * Adds (or replaces) an edge. The datastore's validation applies as it does to RESTCONF writes.
 */
@Service
@Command(scope = "wgcp", name = "edge-add", description = "Admits an edge (creates or replaces it)")
public final class EdgeAddCommand implements Action {
    @Argument(index = 0, name = "edge-id", required = true, description = "The edge's name")
    private String edgeId;
    @Argument(index = 1, name = "control-public-key", required = true,
        description = "The edge's WireGuard public key on the control tunnel (base64)")
    private String controlKey;
    @Argument(index = 2, name = "control-address", required = true,
        description = "The edge's address inside the control tunnel")
    private String controlAddress;
    @Option(name = "-e", aliases = "--eid", multiValued = true,
        description = "An EID prefix the edge may register, as PREFIX or INSTANCE-ID:PREFIX (repeatable)")
    private List<String> eids = new ArrayList<>();

    @Reference
    private DataBroker dataBroker;
    @Reference
    private Session session;

    @Override
    public Object execute() {
        final Edge edge;
        try {
            final var authorized = new ArrayList<AuthorizedEid>();
            for (var eid : eids) {
                final int colon = eid.indexOf(':');
                // An IPv6 prefix has colons too: only a leading all-digit field is an instance id.
                final boolean hasInstance = colon > 0 && eid.substring(0, colon).chars().allMatch(Character::isDigit);
                final long instanceId = hasInstance ? Long.parseLong(eid.substring(0, colon)) : 0;
                authorized.add(new AuthorizedEidBuilder()
                    .setInstanceId(new InstanceId(Uint32.valueOf(instanceId)))
                    .setEidPrefix(IetfInetUtil.ipPrefixFor(hasInstance ? eid.substring(colon + 1) : eid))
                    .build());
            }
            edge = new EdgeBuilder()
                .setEdgeId(new EdgeId(edgeId))
                .setControlPublicKey(new WireguardKey(controlKey))
                .setControlAddress(IetfInetUtil.ipAddressFor(controlAddress))
                .setAuthorizedEid(authorized.stream().collect(java.util.stream.Collectors.toMap(
                    AuthorizedEid::key, eid -> eid)))
                .build();
        } catch (IllegalArgumentException e) {
            session.getConsole().println("Error: " + e.getMessage());
            return null;
        }
        final var tx = dataBroker.newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.CONFIGURATION,
            InstanceIdentifier.create(Edges.class).child(Edge.class, new EdgeKey(edge.getEdgeId())), edge);
        try {
            tx.commit().get();
            session.getConsole().println("Edge " + edgeId + " admitted");
        } catch (ExecutionException e) {
            session.getConsole().println("Error: " + Messages.rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.getConsole().println("Interrupted");
        }
        return null;
    }
}
