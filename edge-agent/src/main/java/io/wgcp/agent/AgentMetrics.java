/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The agent's status as Prometheus metrics, through the Prometheus Java client: counters, gauges, the control delay
 * as a summary, and per-peer byte counters for the peers with the most traffic (at most {@link #MAX_PEER_SERIES}, so
 * that an edge with many peers does not flood the scraper; {@code wgcp_agent_peer_series_omitted} says how many were
 * left out).
 */
final class AgentMetrics {
    /** The most peers that get series of their own. */
    static final int MAX_PEER_SERIES = 64;
    private static final double[] QUANTILES = {0.5, 0.9, 0.99};

    private AgentMetrics() {
        // renders a snapshot
    }

    /** Renders a status snapshot in the Prometheus text exposition format. */
    static String render(final AgentStatus status) {
        final var registry = new PrometheusRegistry();
        final String agent = status.name();
        for (var counter : Counter.values()) {
            final long value = status.counters().getOrDefault(counter, 0L);
            registry.register(CounterWithCallback.builder().name(counter.metricName()).help(counter.help())
                .labelNames("agent").callback(callback -> callback.call(value, agent)).build());
        }
        gauge(registry, "wgcp_agent_registered", "1 while the last Map-Register was acknowledged", agent,
            status.registered() ? 1 : 0);
        gauge(registry, "wgcp_agent_registers_unanswered", "Map-Registers in a row without a Map-Notify", agent,
            status.unansweredRegisters());
        gauge(registry, "wgcp_agent_peers", "Overlay prefixes with a WireGuard peer", agent, status.peers().size());
        gauge(registry, "wgcp_agent_negative_entries", "Cached negative Map-Replies", agent,
            status.negativeEntries());
        gauge(registry, "wgcp_agent_pending_requests", "Map-Requests waiting for their reply", agent,
            status.pendingRequests());
        gauge(registry, "wgcp_agent_held_packets", "Packets held while their destination is resolved", agent,
            status.heldPackets());
        final var delays = status.controlDelays();
        registry.register(SummaryWithCallback.builder().name("wgcp_agent_control_delay_seconds")
            .help("Map-Request sent to WireGuard peer and route set, over the last resolutions").labelNames("agent")
            .callback(callback -> callback.call(delays.totals().length, sum(delays.totals()),
                quantiles(delays.totals()), agent)).build());
        registry.register(SummaryWithCallback.builder().name("wgcp_agent_control_delay_phase_seconds")
            .help("The phases of the control delay").labelNames("agent", "phase").callback(callback -> {
                for (var phase : ControlDelays.Phase.values()) {
                    final long[] samples = delays.of(phase);
                    callback.call(samples.length, sum(samples), quantiles(samples), agent, phase.label());
                }
            }).build());
        final List<PeerStatus> peers = new ArrayList<>(status.peers());
        peers.sort(Comparator.comparingLong((PeerStatus peer) -> peer.rxBytes() + peer.txBytes()).reversed());
        final List<PeerStatus> shown = peers.subList(0, Math.min(MAX_PEER_SERIES, peers.size()));
        peerGauge(registry, "wgcp_agent_peer_rx_bytes", "Bytes received from the peer", agent, shown,
            PeerStatus::rxBytes);
        peerGauge(registry, "wgcp_agent_peer_tx_bytes", "Bytes sent to the peer", agent, shown, PeerStatus::txBytes);
        peerGauge(registry, "wgcp_agent_peer_ttl_left_seconds", "Time until the peer's mapping is resolved again",
            agent, shown, PeerStatus::ttlLeftSeconds);
        gauge(registry, "wgcp_agent_peer_series_omitted", "Peers without series of their own (above the bound)",
            agent, peers.size() - shown.size());
        final var out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape(),
                EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing into memory", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void gauge(final PrometheusRegistry registry, final String name, final String help,
            final String agent, final double value) {
        registry.register(GaugeWithCallback.builder().name(name).help(help).labelNames("agent")
            .callback(callback -> callback.call(value, agent)).build());
    }

    private static void peerGauge(final PrometheusRegistry registry, final String name, final String help,
            final String agent, final List<PeerStatus> peers, final ToDoubleFunction<PeerStatus> value) {
        registry.register(GaugeWithCallback.builder().name(name).help(help).labelNames("agent", "prefix", "source")
            .callback(callback -> {
                for (var peer : peers) {
                    callback.call(value.applyAsDouble(peer), agent, peer.prefix(),
                        peer.source().name().toLowerCase(Locale.ROOT));
                }
            }).build());
    }

    private static double sum(final long[] nanos) {
        double total = 0;
        for (long value : nanos) {
            total += value / 1e9;
        }
        return total;
    }

    private static Quantiles quantiles(final long[] nanos) {
        if (nanos.length == 0) {
            return Quantiles.EMPTY;
        }
        final long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        final List<Quantile> out = new ArrayList<>();
        for (double quantile : QUANTILES) {
            out.add(new Quantile(quantile, sorted[(int) Math.min(sorted.length - 1,
                Math.floor(quantile * sorted.length))] / 1e9));
        }
        return Quantiles.of(out);
    }
}
