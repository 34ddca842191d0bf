/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.types.IpLiteral;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of the agent, printed by {@code status} and exported as Prometheus metrics.
 *
 * @param name the agent's name
 * @param dataPublicKey the data interface's public key
 * @param controlPublicKey the control interface's public key (what the map server must be provisioned with)
 * @param endpoint the registered endpoint, or null when none is known yet
 * @param registered whether the last Map-Register was answered
 * @param lastRegistered when a Map-Register was last answered, or null
 * @param unansweredRegisters Map-Registers in a row without an answer
 * @param unansweredSince since when they go unanswered, or null
 * @param uptime how long the agent runs
 * @param peers the data-plane peers
 * @param negativeEntries cached negative answers
 * @param pendingRequests Map-Requests waiting for a reply
 * @param heldPackets packets held while their destination is resolved
 * @param counters the counters
 * @param controlDelays the last control delays (Map-Request sent to peer and route configured) and their phases
 *     until the ring wraps
 */
public record AgentStatus(String name, String dataPublicKey, String controlPublicKey, InetSocketAddress endpoint,
        boolean registered, Instant lastRegistered, int unansweredRegisters, Instant unansweredSince, Duration uptime,
        List<PeerStatus> peers, int negativeEntries,
        int pendingRequests, int heldPackets, Map<Counter, Long> counters, ControlDelays.Samples controlDelays) {
    /** Freezes the collections. */
    public AgentStatus {
        peers = List.copyOf(peers);
        counters = Map.copyOf(counters);
    }

    /**
     * Renders the status for people.
     *
     * @return lines of text
     */
    public String toText() {
        final var out = new StringBuilder();
        out.append("agent ").append(name).append(", up ").append(uptime.toSeconds()).append(" s\n");
        out.append("data public key ").append(dataPublicKey).append(", control public key ").append(controlPublicKey)
            .append('\n');
        out.append("endpoint ").append(endpoint == null ? "-" : endpoint.getAddress().getHostAddress() + ":"
            + endpoint.getPort()).append(registrationText(Instant.now())).append('\n');
        out.append(String.format(Locale.ROOT, "%-22s %-46s %-8s %-24s %-24s %-26s %8s %12s %12s%n", "peer", "key",
            "source", "endpoint", "mapped endpoint", "last handshake", "ttl-left", "rx", "tx"));
        for (var peer : peers) {
            final String inUse = endpointText(peer.endpoint());
            final String mapped = endpointText(peer.mappedEndpoint());
            out.append(String.format(Locale.ROOT, "%-22s %-46s %-8s %-24s %-24s %-26s %8d %12d %12d%n",
                peer.prefix(), peer.publicKey(), peer.source().name().toLowerCase(Locale.ROOT), inUse,
                mapped.equals(inUse) ? "=" : mapped,
                peer.lastHandshake() == null ? "-" : peer.lastHandshake().toString(), peer.ttlLeftSeconds(),
                peer.rxBytes(), peer.txBytes()));
        }
        out.append("negative cache ").append(negativeEntries).append(", pending requests ").append(pendingRequests)
            .append(", held packets ").append(heldPackets).append('\n');
        for (var counter : Counter.values()) {
            out.append(counter.name().toLowerCase(Locale.ROOT).replace('_', '-')).append(' ')
                .append(counters.getOrDefault(counter, 0L)).append('\n');
        }
        micros(out, "control-delay-us", controlDelays.totals());
        for (var phase : ControlDelays.Phase.values()) {
            micros(out, "control-delay-" + phase.label() + "-us", controlDelays.of(phase));
        }
        return out.toString();
    }

    private static String endpointText(final InetSocketAddress endpoint) {
        return endpoint == null ? "-" : IpLiteral.formatEndpoint(endpoint);
    }

    /**
     * The registration part of the status line: when the last Map-Register was acknowledged, or why the edge is not
     * registered and what to check.
     *
     * @param now the time of the status
     * @return the text after the endpoint
     */
    String registrationText(final Instant now) {
        final var acknowledged = lastRegistered == null ? "never acknowledged"
            : "last acknowledged " + Duration.between(lastRegistered, now).toSeconds() + " s ago";
        if (registered) {
            return ", registered (" + acknowledged + ")";
        }
        if (unansweredRegisters < Registration.WARN_AFTER) {
            return ", not registered (" + acknowledged + ")";
        }
        return ", not registered: " + unansweredRegisters + " Map-Registers unanswered for "
            + Duration.between(unansweredSince, now).toSeconds() + " s, " + acknowledged + " (is the map server up? "
            + "do key-id, key-algorithm and the secret match its set-map-register-key, and control-address the "
            + "edge's provisioned one?)";
    }

    /**
     * Renders the Prometheus text exposition format.
     *
     * @return the metrics
     */
    public String toPrometheus() {
        return AgentMetrics.render(this);
    }

    private static void micros(final StringBuilder out, final String key, final long[] nanos) {
        out.append(key);
        for (long value : nanos) {
            out.append(' ').append(value / 1000);
        }
        out.append('\n');
    }
}
