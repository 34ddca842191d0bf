/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound.shell;

import io.wgcp.lisp.southbound.LispControlPlane;
import io.wgcp.mapserver.api.console.Table;
import java.time.Duration;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/**
 * Shows, per edge, this member's view of its Map-Registers: when one was last accepted and how many were refused.
 * An edge with authentication failures and no accepted register has a key, key id or algorithm that differs from
 * what set-map-register-key stored.
 */
@Service
@Command(scope = "wgcp", name = "edge-activity",
    description = "Per edge: last accepted Map-Register and refused ones (authentication, authorisation, malformed)")
public final class EdgeActivityCommand implements Action {
    @Reference
    private LispControlPlane controlPlane;
    @Reference
    private Session session;

    @Override
    public Object execute() {
        final var now = Instant.now();
        final var table = new Table("EDGE", "LAST-REGISTER", "AUTH-FAILED", "UNAUTHORIZED", "MALFORMED");
        for (var line : controlPlane.edgeActivity()) {
            table.row(line.edgeId(), line.lastAccepted() == null ? "never"
                : Duration.between(line.lastAccepted(), now).toSeconds() + " s ago", line.authenticationFailures(),
                line.unauthorized(), line.malformed());
        }
        table.print(session.getConsole());
        return null;
    }
}
