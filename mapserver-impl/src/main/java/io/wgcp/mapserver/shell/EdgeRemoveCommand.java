/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.shell;

import java.util.concurrent.ExecutionException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.EdgeId;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.Edges;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.Edge;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.EdgeKey;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;

/**
 * Removes an edge.
 */
@Service
@Command(scope = "wgcp", name = "edge-remove", description = "Removes an edge")
public final class EdgeRemoveCommand implements Action {
    @Argument(index = 0, name = "edge-id", required = true, description = "The edge's name")
    private String edgeId;

    @Reference
    private DataBroker dataBroker;
    @Reference
    private Session session;

    @Override
    public Object execute() {
        final var path = InstanceIdentifier.create(Edges.class).child(Edge.class, new EdgeKey(new EdgeId(edgeId)));
        final var tx = dataBroker.newReadWriteTransaction();
        try {
            if (!tx.exists(LogicalDatastoreType.CONFIGURATION, path).get()) {
                tx.cancel();
                session.getConsole().println("Error: edge " + edgeId + " does not exist");
                return null;
            }
            tx.delete(LogicalDatastoreType.CONFIGURATION, path);
            tx.commit().get();
            session.getConsole().println("Edge " + edgeId + " removed");
        } catch (ExecutionException e) {
            session.getConsole().println("Error: " + Messages.rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.getConsole().println("Interrupted");
        }
        return null;
    }
}
