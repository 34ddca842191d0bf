/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.impl;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.opendaylight.mdsal.binding.api.DataTreeChangeListener;
import org.opendaylight.mdsal.binding.api.DataTreeModification;
import org.opendaylight.yangtools.yang.binding.DataObject;

/**
 * A data-tree change listener that tells when the datastore delivered its initial state (either the existing data
 * as a first change, or {@link #onInitialData()} when there is none). The in-memory views publish their OSGi
 * service only then, so that nothing (RPCs, validation, the southbound) sees an empty view of a datastore that is
 * not empty, for example just after a restart. Activation itself does not wait: blocking a component's activation
 * would block the thread that delivers the data.
 *
 * @param <T> the listened data type
 */
final class InitialDataListener<T extends DataObject> implements DataTreeChangeListener<T> {
    private final CompletableFuture<Void> initialData = new CompletableFuture<>();
    private final Consumer<List<DataTreeModification<T>>> delegate;

    InitialDataListener(final Consumer<List<DataTreeModification<T>>> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onDataTreeChanged(final List<DataTreeModification<T>> changes) {
        delegate.accept(changes);
        initialData.complete(null);
    }

    @Override
    public void onInitialData() {
        initialData.complete(null);
    }

    /**
     * Returns a future that completes when the initial state was delivered.
     *
     * @return the future
     */
    CompletableFuture<Void> initialData() {
        return initialData;
    }
}
