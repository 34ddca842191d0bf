/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.agent.net.Routes;
import io.wgcp.types.IpPrefix;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** A routing table in memory: prefix to device. */
final class FakeRoutes implements Routes {
    final Map<IpPrefix, String> routes = new LinkedHashMap<>();

    @Override
    public void replace(final IpPrefix destination, final String device, final InetAddress source) {
        routes.put(destination, device);
    }

    @Override
    public boolean delete(final IpPrefix destination, final String device) {
        return routes.remove(destination, device);
    }
}
