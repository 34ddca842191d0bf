/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.impl;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Publishes an OSGi service once its provider is ready (here: once the datastore delivered the initial data), and
 * withdraws it on close. Registration happens on its own thread and under no lock: registering runs other
 * components' activation, which must never wait for a data-tree notification that is blocked behind us.
 *
 * @param <T> the service type
 */
final class DeferredRegistration<T> implements AutoCloseable {
    private final AtomicReference<ServiceRegistration<T>> registration = new AtomicReference<>();
    private volatile boolean closed;

    DeferredRegistration(final BundleContext bundleContext, final Class<T> type, final T service,
            final CompletableFuture<Void> ready, final Runnable onPublished) {
        ready.thenRunAsync(() -> {
            if (closed) {
                return;
            }
            registration.set(bundleContext.registerService(type, service, null));
            if (closed) {
                unregister();
                return;
            }
            onPublished.run();
        });
    }

    @Override
    public void close() {
        closed = true;
        unregister();
    }

    private void unregister() {
        final var current = registration.getAndSet(null);
        if (current != null) {
            current.unregister();
        }
    }
}
