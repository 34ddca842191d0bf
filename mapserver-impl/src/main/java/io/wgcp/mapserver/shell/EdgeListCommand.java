/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.shell;

import io.wgcp.mapserver.api.EdgeDirectory;
import io.wgcp.mapserver.api.console.Table;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/**
 * Lists the provisioned edges.
 */
@Service
@Command(scope = "wgcp", name = "edge-list", description = "Lists the edges the operator admitted")
public final class EdgeListCommand implements Action {
    @Reference
    private EdgeDirectory directory;
    @Reference
    private Session session;

    @Override
    public Object execute() {
        final var table = new Table("EDGE", "CONTROL-ADDRESS", "CONTROL-KEY", "AUTHORIZED-EIDS", "REGISTER-KEY");
        for (var edge : directory.edges()) {
            table.row(edge.edgeId(), Formats.address(edge.controlAddress()), edge.controlKey(),
                edge.authorizedEids().stream().map(eid -> eid.instanceId() + ":" + eid.prefix())
                    .collect(Collectors.joining(",")),
                edge.mapRegisterKey() != null ? edge.mapRegisterKey().algorithm().getName() : "none");
        }
        table.print(session.getConsole());
        return null;
    }
}
