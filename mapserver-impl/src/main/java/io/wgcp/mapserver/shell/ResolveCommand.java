/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.shell;

import io.wgcp.mapserver.api.MappingResolver;
import io.wgcp.mapserver.api.Resolution;
import io.wgcp.mapserver.api.console.Table;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.IetfInetUtil;

/**
 * Resolves an overlay address as a Map-Request would.
 */
@Service
@Command(scope = "wgcp", name = "resolve", description = "Resolves an overlay address (longest-prefix match)")
public final class ResolveCommand implements Action {
    @Argument(index = 0, name = "address", required = true, description = "The overlay address")
    private String address;
    @Option(name = "-i", aliases = "--instance-id", description = "The virtual network (default 0)")
    private long instanceId;

    @Reference
    private MappingResolver resolver;
    @Reference
    private Session session;

    @Override
    public Object execute() {
        final Resolution resolution;
        try {
            resolution = resolver.resolve(instanceId,
                IetfInetUtil.inetAddressFor(IetfInetUtil.ipAddressFor(address)));
        } catch (IllegalArgumentException e) {
            session.getConsole().println("Error: not an IP address: " + address);
            return null;
        }
        final var table = new Table("RESULT", "EID-PREFIX", "PUBLIC-KEY", "LOCATORS", "TTL", "ORIGIN", "EDGE");
        if (resolution instanceof Resolution.Found found) {
            final var mapping = found.mapping();
            table.row("found", mapping.eidPrefix(), mapping.publicKey(),
                mapping.locators().stream().map(Formats::locator).collect(Collectors.joining(",")),
                mapping.ttlMinutes() + "m", mapping.origin().getName(), mapping.edgeId());
        } else {
            final var negative = (Resolution.Negative) resolution;
            table.row("negative (" + negative.action().getName() + ")", negative.coveringPrefix(), null, null,
                null, null, null);
        }
        table.print(session.getConsole());
        return null;
    }
}
