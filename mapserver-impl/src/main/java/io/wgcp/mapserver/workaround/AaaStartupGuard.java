/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.workaround;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.osgi.framework.AllServiceListener;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings AAA up when one of its configuration components lost the datastore's initial notification at boot.
 *
 * <p>Two components of AAA 0.19.5 read their configuration with a data listener registered in their constructor and
 * ignore every notification that arrives before the constructor stored the registration:
 * {@code OSGiPasswordServiceConfigBootstrap} (AAA-281; fixed in AAA 0.19.6, which is not on Maven Central: the
 * Java 17 release train ends at 0.19.5) and {@code OSGiEncryptionServiceConfigurator} (same pattern, not fixed
 * upstream; it only loses complete configuration, i.e. on a restart with existing data). The datastore delivers the
 * initial state on another thread, so when the activating thread is descheduled just after registering (a busy boot
 * on few cores), the only notification the component will ever get is dropped. Then no {@code PasswordServiceConfig}
 * (no password hashing, no H2 IDM store) or no {@code AAAEncryptionService} (no AAA certificate manager, and no
 * map-register keys for wgcp) is ever published, Shiro never starts and RESTCONF answers 401 to everything.
 *
 * <p>This component watches for exactly that state: the AAA bundle active, its component able to run (the data broker
 * and the bundle's component factory are there), and still no service from it after a while (normally it follows
 * within a second). It then restarts that bundle, which runs AAA's own component again; nothing can be using the
 * bundle's services in that state. The wait doubles after each restart, so a merely slow machine is not restarted in
 * a loop. Without those AAA bundles (the bare map server feature) it does nothing. Only names are used: the map
 * server imports nothing from AAA for this.
 */
@Component(service = { }, immediate = true)
// An AllServiceListener: the map server does not import every watched service's package, yet must hear about it.
public final class AaaStartupGuard implements AllServiceListener, BundleListener {
    /**
     * An AAA bundle whose configuration component may lose its initial data.
     *
     * @param bundle the bundle's symbolic name
     * @param factory the filter of the component factory that the configuration component needs to run
     * @param service the filter of the service it publishes once it has its configuration
     * @param what what is missing, for the log
     */
    record Watched(String bundle, String factory, String service, String what) {
    }

    static final List<Watched> WATCHED = List.of(
        new Watched("org.opendaylight.aaa.password-service-impl",
            "(component.factory=org.opendaylight.aaa.impl.password.service.OSGiPasswordServiceConfig)",
            "(objectClass=org.opendaylight.yang.gen.v1.urn.opendaylight.aaa.password.service.config.rev170619"
                + ".PasswordServiceConfig)",
            "password service configuration (OSGiPasswordServiceConfigBootstrap, AAA-281)"),
        new Watched("org.opendaylight.aaa.encrypt-service-impl",
            "(component.factory=org.opendaylight.aaa.encrypt.impl.AAAEncryptionServiceImpl)",
            "(objectClass=org.opendaylight.aaa.encrypt.AAAEncryptionService)",
            "encryption service (OSGiEncryptionServiceConfigurator)"));

    private static final Logger LOG = LoggerFactory.getLogger(AaaStartupGuard.class);
    private static final long CHECK_PERIOD_MS = 1000;
    private static final long FIRST_WAIT_MS = 10_000;
    private static final long MAX_WAIT_MS = 160_000;

    /** Per watched bundle; confined to the executor's thread. */
    private static final class State {
        long missingSinceNanos;
        long waitMs = FIRST_WAIT_MS;
        int restarts;
    }

    private final BundleContext bundleContext;
    private final List<State> states = WATCHED.stream().map(watched -> new State()).toList();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        final var thread = new Thread(runnable, "wgcp-aaa-guard");
        thread.setDaemon(true);
        return thread;
    });
    // Checks run every second only while a watched bundle is started and has not published its service yet.
    private ScheduledFuture<?> checks;

    /**
     * Starts watching. The data broker is what AAA's components wait for too: the guard runs when they can.
     *
     * @param dataBroker the data broker (only its presence matters)
     * @param bundleContext where to look for AAA's bundles and services
     * @throws InvalidSyntaxException never (the filter is built from constants)
     */
    @Activate
    public AaaStartupGuard(@Reference final DataBroker dataBroker, final BundleContext bundleContext)
            throws InvalidSyntaxException {
        this.bundleContext = bundleContext;
        final var filter = new StringBuilder("(|");
        WATCHED.forEach(watched -> filter.append(watched.service()));
        bundleContext.addServiceListener(this, filter.append(')').toString());
        bundleContext.addBundleListener(this);
        startChecks();
    }

    @Deactivate
    void deactivate() {
        bundleContext.removeBundleListener(this);
        bundleContext.removeServiceListener(this);
        executor.shutdownNow();
    }

    @Override
    public void serviceChanged(final ServiceEvent event) {
        if (event.getType() == ServiceEvent.UNREGISTERING && !executor.isShutdown()) {
            // A configuration change replaces the service (the new one first); a restarted component is watched again,
            // from when the service is gone.
            executor.schedule(this::startChecks, CHECK_PERIOD_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void bundleChanged(final BundleEvent event) {
        if (event.getType() == BundleEvent.STARTED && WATCHED.stream()
                .anyMatch(watched -> watched.bundle().equals(event.getBundle().getSymbolicName()))) {
            startChecks();
        }
    }

    private synchronized void startChecks() {
        if (checks == null && !executor.isShutdown()) {
            checks = executor.scheduleWithFixedDelay(this::checkAll, 0, CHECK_PERIOD_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void checkAll() {
        boolean pending = false;
        for (int i = 0; i < WATCHED.size(); i++) {
            pending |= check(WATCHED.get(i), states.get(i));
        }
        if (!pending) {
            synchronized (this) {
                // Look again under the lock: a STARTED event since the looks above found the checks running.
                if (WATCHED.stream().noneMatch(this::needsWatching)) {
                    checks.cancel(false);
                    checks = null;
                }
            }
        }
    }

    private boolean needsWatching(final Watched watched) {
        return isActive(findBundle(watched.bundle())) && !present(watched.service());
    }

    /**
     * Checks one watched bundle, restarting it when its service is overdue.
     *
     * @return whether it still needs watching (started, service not there yet)
     */
    private boolean check(final Watched watched, final State state) {
        final Bundle bundle = findBundle(watched.bundle());
        if (!isActive(bundle)) {
            // Not installed or not started: watched again when it starts.
            state.missingSinceNanos = 0;
            return false;
        }
        if (present(watched.service())) {
            if (state.restarts > 0) {
                LOG.info("AAA {} present after {} restart(s) of {}", watched.what(), state.restarts, watched.bundle());
            }
            state.missingSinceNanos = 0;
            state.waitMs = FIRST_WAIT_MS;
            state.restarts = 0;
            return false;
        }
        if (!present(watched.factory())) {
            // Just started: its configuration component cannot have run yet.
            state.missingSinceNanos = 0;
            return true;
        }
        final long now = System.nanoTime();
        if (state.missingSinceNanos == 0) {
            state.missingSinceNanos = now;
            return true;
        }
        if (TimeUnit.NANOSECONDS.toMillis(now - state.missingSinceNanos) < state.waitMs) {
            return true;
        }
        state.restarts++;
        LOG.warn("AAA has no {} {} s after it could start: it lost the datastore's initial notification. Restarting {} "
            + "(restart {}); RESTCONF answers 401 until AAA is up", watched.what(),
            TimeUnit.MILLISECONDS.toSeconds(state.waitMs), watched.bundle(), state.restarts);
        try {
            bundle.stop(Bundle.STOP_TRANSIENT);
            bundle.start(Bundle.START_TRANSIENT);
        } catch (BundleException e) {
            LOG.error("Could not restart {}", watched.bundle(), e);
        }
        state.missingSinceNanos = 0;
        state.waitMs = Math.min(state.waitMs * 2, MAX_WAIT_MS);
        return true;
    }

    private static boolean isActive(final Bundle bundle) {
        return bundle != null && bundle.getState() == Bundle.ACTIVE;
    }

    private Bundle findBundle(final String symbolicName) {
        for (var bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    private boolean present(final String filter) {
        try {
            return bundleContext.getAllServiceReferences(null, filter) != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("invalid filter " + filter, e);
        }
    }
}
