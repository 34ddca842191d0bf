/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.wgcp.mapserver.api.EdgeDirectory;
import io.wgcp.mapserver.api.EdgeInfo;
import io.wgcp.types.IpPrefix;
import io.wgcp.wireguard.PeerConfig;
import io.wgcp.wireguard.WireGuardDriver;
import io.wgcp.wireguard.WireGuardException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the peers of the map server's control WireGuard interface equal to the provisioned edges: one peer per
 * edge, its control-tunnel public key, allowed-ip its control address (a /32 or /128). Provisioning an edge over
 * RESTCONF is then all it takes for the edge to reach the map server. Endpoints are not set: edges initiate the
 * control tunnel, and WireGuard learns each edge's endpoint from its handshakes (and follows it when it roams).
 *
 * <p>Every edge change schedules one full reconciliation (changes that arrive meanwhile share it), and a periodic
 * one repairs drift, for example after the interface was recreated.
 */
final class ControlInterfaceSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlInterfaceSync.class);
    private static final long REPAIR_PERIOD_S = 30;

    private final String iface;
    private final WireGuardDriver driver;
    private final EdgeDirectory directory;
    private final ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("wgcp-control-interface", true));
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile @Nullable String lastFailure;

    ControlInterfaceSync(final String iface, final WireGuardDriver driver, final EdgeDirectory directory) {
        this.iface = iface;
        this.driver = driver;
        this.directory = directory;
        executor.scheduleWithFixedDelay(this::reconcile, 0, REPAIR_PERIOD_S, TimeUnit.SECONDS);
    }

    /**
     * Schedules a reconciliation (an edge changed).
     */
    void edgesChanged() {
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(() -> {
                scheduled.set(false);
                reconcile();
            });
        }
    }

    private void reconcile() {
        final var desired = new ArrayList<PeerConfig>();
        for (var edge : directory.edges()) {
            desired.add(peerOf(edge));
        }
        try {
            driver.syncPeers(iface, desired);
            if (lastFailure != null) {
                LOG.info("Control interface {} is in step again with {} edges", iface, desired.size());
                lastFailure = null;
            }
        } catch (WireGuardException e) {
            // Logged once per distinct failure: the periodic repair would otherwise repeat it every 30 s.
            if (!e.getMessage().equals(lastFailure)) {
                LOG.warn("Cannot bring control interface {} in step with the provisioned edges: {}", iface,
                    e.getMessage());
                lastFailure = e.getMessage();
            }
        }
    }

    static PeerConfig peerOf(final EdgeInfo edge) {
        return new PeerConfig(edge.controlKey(), null,
            List.of(IpPrefix.host(edge.controlAddress())), 0);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
