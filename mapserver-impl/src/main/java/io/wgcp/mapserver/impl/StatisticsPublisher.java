/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.impl;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.MoreExecutors;
import io.wgcp.mapserver.api.ControlPlaneCounters;
import io.wgcp.mapserver.api.ControlPlaneStatistics;
import io.wgcp.mapserver.api.MappingResolver;
import java.util.LinkedHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.common.api.CommitInfo;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.ZeroBasedCounter64;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.Statistics;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.StatisticsBuilder;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.statistics.MessageCounters;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.statistics.MessageCounters.MessageType;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.statistics.MessageCountersBuilder;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.statistics.MessageCountersKey;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the control-plane counters and copies them, with the mapping counts, to the operational datastore every
 * few seconds when they changed. The counters themselves live in memory: the packet path never writes the
 * datastore.
 */
@Component(service = ControlPlaneStatistics.class, immediate = true)
public final class StatisticsPublisher implements ControlPlaneStatistics, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatisticsPublisher.class);
    private static final long PERIOD_SECONDS = 5;

    private final ControlPlaneCounters counters = new ControlPlaneCounters();
    private final DataBroker dataBroker;
    private final MappingResolver resolver;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        final var thread = new Thread(runnable, "wgcp-statistics");
        thread.setDaemon(true);
        return thread;
    });
    private Statistics lastPublished;

    /**
     * Starts publishing.
     *
     * @param dataBroker the data broker
     * @param resolver the mapping index (for the counts)
     */
    @Activate
    public StatisticsPublisher(@Reference final DataBroker dataBroker, @Reference final MappingResolver resolver) {
        this.dataBroker = dataBroker;
        this.resolver = resolver;
        executor.scheduleWithFixedDelay(this::publish, 0, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    @Deactivate
    public void close() {
        executor.shutdownNow();
    }

    private void publish() {
        final var statistics = snapshot();
        if (statistics.equals(lastPublished)) {
            return;
        }
        lastPublished = statistics;
        final var tx = dataBroker.newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, InstanceIdentifier.create(Statistics.class), statistics);
        tx.commit().addCallback(new FutureCallback<CommitInfo>() {
            @Override
            public void onSuccess(final CommitInfo result) {
                // nothing to do
            }

            @Override
            public void onFailure(final Throwable cause) {
                LOG.warn("Cannot publish wgcp statistics", cause);
            }
        }, MoreExecutors.directExecutor());
    }

    @Override
    public ControlPlaneCounters counters() {
        return counters;
    }

    /**
     * Returns the current counters in their YANG form.
     *
     * @return the statistics container
     */
    public Statistics snapshot() {
        final var list = new LinkedHashMap<MessageCountersKey, MessageCounters>();
        for (var type : MessageType.values()) {
            final var counter = new MessageCountersBuilder()
                .setMessageType(type)
                .setReceived(counter(counters, type, ControlPlaneCounters.Kind.RECEIVED))
                .setSent(counter(counters, type, ControlPlaneCounters.Kind.SENT))
                .setMalformed(counter(counters, type, ControlPlaneCounters.Kind.MALFORMED))
                .setAuthenticationFailed(counter(counters, type, ControlPlaneCounters.Kind.AUTHENTICATION_FAILED))
                .setUnauthorized(counter(counters, type, ControlPlaneCounters.Kind.UNAUTHORIZED))
                .setRetransmitted(counter(counters, type, ControlPlaneCounters.Kind.RETRANSMITTED))
                .build();
            list.put(counter.key(), counter);
        }
        return new StatisticsBuilder()
            .setProvisionedMappings(Uint64.valueOf(resolver.provisionedCount()))
            .setRegisteredMappings(Uint64.valueOf(resolver.registeredCount()))
            .setMessageCounters(list)
            .build();
    }

    private static ZeroBasedCounter64 counter(final ControlPlaneCounters counters, final MessageType type,
            final ControlPlaneCounters.Kind kind) {
        return new ZeroBasedCounter64(Uint64.valueOf(counters.get(type, kind)));
    }
}
