/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.api;

/**
 * The map server's statistics service: the live control-plane counters.
 */
public interface ControlPlaneStatistics {
    /**
     * Returns the live counters; the southbound increments them, readers sum them.
     *
     * @return the counters
     */
    ControlPlaneCounters counters();
}
