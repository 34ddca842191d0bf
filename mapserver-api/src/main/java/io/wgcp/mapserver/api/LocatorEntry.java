/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.api;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import org.eclipse.jdt.annotation.Nullable;

/**
 * One WireGuard endpoint of an edge.
 *
 * @param address the endpoint address peers send to (the RLOC)
 * @param port the WireGuard listen port
 * @param priority lower is preferred, 255 means unusable
 * @param weight load share among equal priorities
 * @param privateAddress the edge's local address behind a NAT, or null
 */
public record LocatorEntry(InetAddress address, int port, int priority, int weight,
        @Nullable InetAddress privateAddress) {
    /**
     * Checks the ranges.
     */
    public LocatorEntry {
        requireNonNull(address);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (priority < 0 || priority > 255 || weight < 0 || weight > 255) {
            throw new IllegalArgumentException("priority and weight are 0..255");
        }
    }
}
