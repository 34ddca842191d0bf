/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import io.wgcp.types.IpPrefix;
import java.io.IOException;
import java.net.InetAddress;

/** The routes the agent sets: a more specific route per resolved prefix into the data WireGuard interface. */
public interface Routes {
    void replace(IpPrefix destination, String device, InetAddress source) throws IOException;

    /** Deletes a route; false when there was none. */
    boolean delete(IpPrefix destination, String device) throws IOException;
}
