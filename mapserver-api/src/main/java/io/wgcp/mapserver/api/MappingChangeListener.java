/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.api;

import io.wgcp.types.IpPrefix;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Told when the effective mapping of a prefix changes: what a resolution of an address in that prefix answers. The
 * LISP southbound uses it to publish changes to subscribers.
 *
 * <p>Called on the thread that applies datastore changes, in change order: an implementation must return quickly
 * and hand any real work to its own executor.
 */
@FunctionalInterface
public interface MappingChangeListener {
    /**
     * One prefix changed.
     *
     * @param instanceId the virtual network
     * @param prefix the prefix
     * @param before the effective mapping before, or null if there was none
     * @param after the effective mapping now, or null if it was removed
     */
    void mappingChanged(long instanceId, IpPrefix prefix, @Nullable MappingEntry before, @Nullable MappingEntry after);
}
