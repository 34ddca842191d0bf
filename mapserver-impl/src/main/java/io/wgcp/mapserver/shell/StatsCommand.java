/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.shell;

import io.wgcp.mapserver.api.ControlPlaneCounters.Kind;
import io.wgcp.mapserver.api.ControlPlaneStatistics;
import io.wgcp.mapserver.api.MappingResolver;
import io.wgcp.mapserver.api.console.Table;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.statistics.MessageCounters.MessageType;

/**
 * Shows the mapping counts and the control-plane counters of this controller.
 */
@Service
@Command(scope = "wgcp", name = "stats", description = "Shows mapping counts and LISP message counters")
public final class StatsCommand implements Action {
    @Reference
    private MappingResolver resolver;
    @Reference
    private ControlPlaneStatistics statistics;
    @Reference
    private Session session;

    @Override
    public Object execute() {
        final var console = session.getConsole();
        console.println("provisioned mappings: " + resolver.provisionedCount());
        console.println("registered mappings:  " + resolver.registeredCount());
        console.println();
        final var table = new Table("MESSAGE", "RECEIVED", "SENT", "MALFORMED", "AUTH-FAILED", "UNAUTHORIZED",
            "RETRANSMITTED");
        final var counters = statistics.counters();
        for (var type : MessageType.values()) {
            table.row(type.getName(), counters.get(type, Kind.RECEIVED), counters.get(type, Kind.SENT),
                counters.get(type, Kind.MALFORMED), counters.get(type, Kind.AUTHENTICATION_FAILED),
                counters.get(type, Kind.UNAUTHORIZED), counters.get(type, Kind.RETRANSMITTED));
        }
        table.print(console);
        return null;
    }
}
