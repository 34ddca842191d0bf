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
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/**
 * Lists the publish/subscribe subscriptions of the LISP control plane.
 */
@Service
@Command(scope = "wgcp", name = "subscription-list",
    description = "Lists the edges subscribed to mapping changes (RFC 9437 publish/subscribe)")
public final class SubscriptionListCommand implements Action {
    @Option(name = "-i", aliases = "--instance-id", description = "Only this virtual network")
    private Long instanceId;

    @Reference
    private LispControlPlane controlPlane;
    @Reference
    private Session session;

    @Override
    public Object execute() {
        final var table = new Table("IID", "EID-PREFIX", "EDGE", "NOTIFY-ADDRESS", "XTR-ID", "SINCE");
        for (var subscription : controlPlane.subscriptions()) {
            if (instanceId == null || instanceId == subscription.instanceId()) {
                table.row(subscription.instanceId(), subscription.prefix(), subscription.edgeId(),
                    subscription.notifyAddress().getHostAddress(), subscription.xtrId(),
                    subscription.subscribedAt());
            }
        }
        table.print(session.getConsole());
        session.getConsole().printf("%d unsolicited Map-Notifies awaiting acknowledgement; %d registrations held here;"
            + " listening on %s%n", controlPlane.pendingNotifies(), controlPlane.localRegistrations(),
            controlPlane.localAddress());
        return null;
    }
}
