/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.api;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Set;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.yangtools.concepts.Registration;

/**
 * The provisioned edges and virtual networks, followed from the configuration datastore and held in memory for the
 * control plane's authentication and authorisation checks.
 */
public interface EdgeDirectory {
    /**
     * Returns an edge by name.
     *
     * @param edgeId the edge
     * @return the edge, or null
     */
    @Nullable EdgeInfo edge(String edgeId);

    /**
     * Returns the edge whose control-tunnel address this is.
     *
     * @param controlAddress a source address of a control message
     * @return the edge, or null
     */
    @Nullable EdgeInfo edgeByControlAddress(InetAddress controlAddress);

    /**
     * Returns every edge.
     *
     * @return a snapshot
     */
    Collection<EdgeInfo> edges();

    /**
     * Returns the name of every provisioned virtual network, by instance id. Instance 0, the default virtual
     * network, always exists even when the operator did not name it.
     *
     * @return instance id to name (the name may be empty)
     */
    java.util.Map<Long, String> virtualNetworks();

    /**
     * Tells whether a virtual network exists.
     *
     * @param instanceId the instance id
     * @return true if it does
     */
    boolean virtualNetworkExists(long instanceId);

    /**
     * Returns the edges that authorise prefixes in a virtual network.
     *
     * @param instanceId the instance id
     * @return edge ids
     */
    Set<String> edgesIn(long instanceId);

    /**
     * Starts telling a listener about every change of an edge, from now on.
     *
     * @param listener the listener
     * @return closing it stops the notifications
     */
    Registration addChangeListener(EdgeChangeListener listener);
}
