/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.shell;

import io.wgcp.mapserver.api.MappingResolver;
import io.wgcp.mapserver.api.console.Table;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/**
 * Lists the effective mappings (provisioned and registered).
 */
@Service
@Command(scope = "wgcp", name = "mapping-list", description = "Lists mappings (provisioned and registered)")
public final class MappingListCommand implements Action {
    @Option(name = "-i", aliases = "--instance-id", description = "Only this virtual network")
    private Long instanceId;

    @Reference
    private MappingResolver resolver;
    @Reference
    private Session session;

    @Override
    public Object execute() {
        final var table = new Table("IID", "EID-PREFIX", "PUBLIC-KEY", "LOCATORS", "TTL", "ORIGIN", "EDGE");
        for (var mapping : resolver.mappings(instanceId)) {
            table.row(mapping.instanceId(), mapping.eidPrefix(), mapping.publicKey(),
                mapping.locators().stream().map(Formats::locator).collect(Collectors.joining(",")),
                mapping.ttlMinutes() + "m", mapping.origin().getName(), mapping.edgeId());
        }
        table.print(session.getConsole());
        return null;
    }
}
