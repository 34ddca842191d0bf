/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.api;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Told when the operator adds, changes or removes an edge. Called on the thread that applies datastore changes: an
 * implementation must return quickly.
 */
@FunctionalInterface
public interface EdgeChangeListener {
    /**
     * One edge changed.
     *
     * @param before the edge before, or null if it is new
     * @param after the edge now, or null if it was removed
     */
    void edgeChanged(@Nullable EdgeInfo before, @Nullable EdgeInfo after);
}
