/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.shell;

import io.wgcp.mapserver.api.EdgeDirectory;
import io.wgcp.mapserver.api.MappingResolver;
import io.wgcp.mapserver.api.console.Table;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/**
 * Lists the virtual networks with how many edges and mappings each has.
 */
@Service
@Command(scope = "wgcp", name = "vn-list", description = "Lists virtual networks")
public final class VirtualNetworkListCommand implements Action {
    @Reference
    private EdgeDirectory directory;
    @Reference
    private MappingResolver resolver;
    @Reference
    private Session session;

    @Override
    public Object execute() {
        final var table = new Table("IID", "NAME", "EDGES", "MAPPINGS");
        for (var vn : directory.virtualNetworks().entrySet()) {
            table.row(vn.getKey(), vn.getValue().isEmpty() ? null : vn.getValue(),
                directory.edgesIn(vn.getKey()).size(), resolver.mappings(vn.getKey()).size());
        }
        table.print(session.getConsole());
        return null;
    }
}
