/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.wgcp.mapserver.api.SubscriptionEntry;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What the running LISP control plane shows operators (the console's view of it).
 */
public interface LispControlPlane {
    /**
     * Returns the publish/subscribe subscriptions this instance serves.
     *
     * @return a snapshot ordered by virtual network, prefix and edge
     */
    List<SubscriptionEntry> subscriptions();

    /**
     * Returns, per edge, when this instance last accepted a Map-Register of it and how many it refused, by reason.
     *
     * @return one line per edge that sent a Map-Register here, by edge id
     */
    List<EdgeActivity.Line> edgeActivity();

    /**
     * Returns how many unsolicited Map-Notifies wait for an acknowledgement.
     *
     * @return a count
     */
    int pendingNotifies();

    /**
     * Returns how many registrations this instance accepted and keeps alive.
     *
     * @return a count
     */
    int localRegistrations();

    /**
     * Returns the address and port the control plane listens on.
     *
     * @return the socket address
     */
    InetSocketAddress localAddress();
}
