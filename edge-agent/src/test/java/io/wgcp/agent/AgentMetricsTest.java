/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {
    private static AgentStatus status(final String name, final int peerCount) {
        final List<PeerStatus> peers = new ArrayList<>();
        for (int i = 0; i < peerCount; i++) {
            peers.add(new PeerStatus("203.0.113." + i + "/32", "key", PeerSource.PULLED, null, null, null, 60, i,
                2L * i));
        }
        final var delays = new ControlDelays(8);
        delays.record(0, 1_000_000, 1_100_000, 1_500_000, 2_000_000);
        return new AgentStatus(name, "data", "control", null, true, null, 0, null, Duration.ofSeconds(5), peers, 0, 1,
            2,
            Map.of(Counter.MAP_REQUESTS_SENT, 3L), delays.snapshot());
    }

    @Test
    void everyMetricHasHelpAndTypeAndLabelValuesAreEscaped() {
        final String text = AgentMetrics.render(status("edge \"one\"\\", 1));
        assertTrue(text.contains("# HELP wgcp_agent_map_requests_sent_total Map-Requests sent"), text);
        assertTrue(text.contains("# TYPE wgcp_agent_map_requests_sent_total counter"), text);
        assertTrue(text.contains("wgcp_agent_map_requests_sent_total{agent=\"edge \\\"one\\\"\\\\\"} 3.0"), text);
        assertTrue(text.contains("# TYPE wgcp_agent_registered gauge"), text);
        assertTrue(text.contains("# TYPE wgcp_agent_control_delay_seconds summary"), text);
        assertTrue(text.contains("wgcp_agent_control_delay_seconds_count{agent="), text);
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                final String name = line.substring(0, line.indexOf('{') < 0 ? line.indexOf(' ') : line.indexOf('{'));
                final String family = name.replaceAll("_(count|sum)$", "");
                assertTrue(text.contains("# TYPE " + name + " ") || text.contains("# TYPE " + family + " "),
                    "no TYPE for " + name);
            }
        }
    }

    @Test
    void perPeerSeriesAreBoundedToThePeersWithTheMostTraffic() {
        final String text = AgentMetrics.render(status("e", AgentMetrics.MAX_PEER_SERIES + 6));
        final long series = text.lines().filter(line -> line.startsWith("wgcp_agent_peer_rx_bytes{")).count();
        assertEquals(AgentMetrics.MAX_PEER_SERIES, series);
        assertTrue(text.contains("wgcp_agent_peer_series_omitted{agent=\"e\"} 6.0"), text);
        assertTrue(text.contains("prefix=\"203.0.113.69/32\""), "the busiest peer is shown");
        assertTrue(!text.contains("prefix=\"203.0.113.0/32\""), "the quietest is left out");
    }
}
