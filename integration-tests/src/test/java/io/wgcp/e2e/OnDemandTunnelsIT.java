/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.testing.Commands;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The edge-agent issue's end-to-end proof: network namespaces for a map-server host (the controller and its control
 * WireGuard interface) and three edges A, B (virtual network 7) and C (virtual network 8), joined by a bridge on
 * 198.18.0.0/24. Each edge runs wireguard-go and the agent (the built jar, {@code edge-agent/wgcp-agent}); everything
 * on the map server is provisioned over RESTCONF only, and nothing is configured on the edges' data interfaces by
 * the test, except where a test says so. The map server keeps its control interface's peers (wireguard-go in its
 * namespace, configured over the machine-wide UAPI socket) equal to the provisioned edges. The network is
 * {@link EdgeTestbed}'s (shared with the benchmark {@code OnDemandTunnelsBenchmark}).
 *
 * <p>Run under the Karaf lock: {@code flock /tmp/wgcp-karaf.lock ./mvnw -o -pl integration-tests verify
 * -Dit.test=OnDemandTunnelsIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OnDemandTunnelsIT extends EdgeTestbed {
    // ------------------------------------------------------------------ the proof

    @Test
    @Order(1)
    void firstPingIsAnsweredBothWays() throws IOException {
        final var aToB = ping("a", "203.0.113.2", 1, 2);
        assertTrue(aToB.ok() && aToB.output().contains("1 received"), "A's first ping to B was not answered: " + aToB);
        final var bToA = ping("b", "203.0.113.1", 1, 2);
        assertTrue(bToA.ok() && bToA.output().contains("1 received"), "B's first ping to A was not answered: " + bToA);
        final String a = status("a");
        final String b = status("b");
        LOG.log(Level.INFO, "A after the first ping:\n{0}\nB:\n{1}", a, b);
        assertTrue(a.contains("203.0.113.2/32") && a.contains(" pulled "), "A should hold B as a pulled peer:\n" + a);
        assertTrue(b.contains("203.0.113.1/32") && b.contains(" pushed "), "B should hold A as a pushed peer:\n" + b);
        final var many = ping("a", "203.0.113.2", 5, 2);
        assertTrue(many.output().contains("5 received"), many.toString());
    }

    @Test
    @Order(2)
    void otherVirtualNetworkIsRefusedAndLeavesNoPeer() throws IOException {
        final var cToA = ping("c", "203.0.113.1", 1, 3);
        assertFalse(cToA.output().contains("1 received"), "C reached A across virtual networks: " + cToA);
        assertTrue(cToA.output().contains("Unreachable"), "C's ping should end with an ICMP unreachable: " + cToA);
        final String c = status("c");
        assertTrue(c.contains("map-replies-negative 1") || c.contains("negative cache 1"), c);
        assertTrue(wg.show(iface("ad")).peer(dataKeys.get("c")).isEmpty(), "A has a WireGuard peer for C");
        assertTrue(wg.show(iface("cd")).peers().isEmpty(), "C has WireGuard peers");
        // Cached for its TTL: a second ping is answered at once, without a new Map-Request.
        final long requests = counter("c", "map-requests-sent");
        final var again = ping("c", "203.0.113.1", 1, 3);
        assertTrue(again.output().contains("Unreachable"), again.toString());
        assertEquals(requests, counter("c", "map-requests-sent"), "the negative answer was not cached");
    }

    @Test
    @Order(3)
    void agentRestartKeepsTheTunnel() throws IOException, InterruptedException {
        final var handshake = wg.show(iface("ad")).peer(dataKeys.get("b")).orElseThrow().lastHandshake();
        Commands.stop(agents.remove("a").toHandle(), Duration.ofSeconds(10));
        // The agent is gone: the tunnel still carries traffic (A's route to B points at the data interface).
        final var during = ping("a", "203.0.113.2", 1, 2);
        assertTrue(during.output().contains("1 received"), "the tunnel broke when A's agent stopped: " + during);
        startAgent(edges.get("a"));
        awaitTrue("A registered again", Duration.ofSeconds(30), () -> status("a").contains(", registered "));
        final String a = status("a");
        assertTrue(a.contains("203.0.113.2/32"), "the restarted agent did not restore B:\n" + a);
        final var after = ping("a", "203.0.113.2", 3, 2);
        assertTrue(after.output().contains("3 received"), after.toString());
        assertEquals(handshake, wg.show(iface("ad")).peer(dataKeys.get("b")).orElseThrow().lastHandshake(),
            "the restart broke the WireGuard session");
    }

    @Test
    @Order(4)
    void bMovesWhileAPings() throws IOException {
        final long took = move("b", "198.18.0.112");
        LOG.log(Level.INFO, "single jump: traffic resumed after {0} ms", took);
        awaitTrue("A's peer for B at B's new endpoint", Duration.ofSeconds(5), () -> endpointOf("a", "b")
            .contains("198.18.0.112"));
    }

    @Test
    @Order(5)
    void doubleJump() throws IOException {
        final long start = System.nanoTime();
        Commands.check(List.of("ip", "-n", ns("a"), "addr", "add", "198.18.0.111/24", "dev", "u0"));
        Commands.check(List.of("ip", "-n", ns("b"), "addr", "add", "198.18.0.212/24", "dev", "u0"));
        Commands.check(List.of("ip", "-n", ns("a"), "addr", "del", "198.18.0.11/24", "dev", "u0"));
        Commands.check(List.of("ip", "-n", ns("b"), "addr", "del", "198.18.0.112/24", "dev", "u0"));
        final long took = awaitPing("a", "203.0.113.2", Duration.ofSeconds(20), start);
        LOG.log(Level.INFO, "double jump: traffic resumed after {0} ms", took);
        awaitTrue("A's peer for B at B's new endpoint", Duration.ofSeconds(5), () -> endpointOf("a", "b")
            .contains("198.18.0.212"));
        final var back = ping("b", "203.0.113.1", 1, 2);
        assertTrue(back.output().contains("1 received"), back.toString());
    }

    @Test
    @Order(6)
    void controllerDownKeepsTunnelsAndComesBack() throws Exception {
        stopKaraf();
        final var during = ping("a", "203.0.113.2", 3, 2);
        assertTrue(during.output().contains("3 received"), "the tunnel broke with the controller down: " + during);
        final var other = ping("b", "203.0.113.1", 1, 2);
        assertTrue(other.output().contains("1 received"), other.toString());
        // A new resolution once the controller is back: A forgets B (as idle removal would) while it is down.
        wg.removePeer(iface("ad"), dataKeys.get("b"));
        try {
            awaitTrue("A forgot B", Duration.ofSeconds(5), () -> !status("a").contains("203.0.113.2/32"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nA's peer for B on its interface: "
                + wg.show(iface("ad")).peer(dataKeys.get("b")) + "\n" + status("a"), e);
        }
        final long replies = counter("a", "map-replies-positive");
        final int listeningBefore = lispListeningTimes().size();
        final var boot = CompletableFuture.runAsync(() -> {
            try {
                startKaraf();
            } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
            }
        });
        try {
            awaitTrue("the restarted controller's LISP port", Duration.ofSeconds(150),
                () -> lispListeningTimes().size() > listeningBefore);
            final Instant portUp = lispListeningTimes().get(listeningBefore);
            // From the moment the port is up, one echo after the other (an attempt that the agent answers with ICMP
            // unreachable, while B is not registered yet, ends at once); the first reply tells when a new
            // resolution worked. Bounded in attempts and in time.
            final var reply = Pattern.compile("^\\[(\\d+)\\.(\\d{6})\\] \\d+ bytes from", Pattern.MULTILINE);
            Instant answered = null;
            Commands.Result last = null;
            final long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            for (int attempt = 0; attempt < 60 && answered == null && System.nanoTime() < deadline; attempt++) {
                last = Commands.run(Commands.in(ns("a"), "ping", "-n", "-D", "-c", "1", "-W", "1", "203.0.113.2"),
                    Duration.ofSeconds(5));
                final var matcher = reply.matcher(last.output());
                if (matcher.find()) {
                    answered = Instant.ofEpochSecond(Long.parseLong(matcher.group(1)),
                        Long.parseLong(matcher.group(2)) * 1000);
                } else {
                    Thread.sleep(50);
                }
            }
            assertTrue(answered != null, "no new resolution after the controller came back: " + last + "\n"
                + status("a"));
            final long took = Duration.between(portUp, answered).toMillis();
            LOG.log(Level.INFO, "after the restart, a new resolution was answered {0} ms after the LISP port was up "
                + "(goal 2,000 ms)", took);
            assertTrue(counter("a", "map-replies-positive") > replies, status("a"));
            assertTrue(counter("a", "registers-solicited") > 0, "the map server did not ask A to register\n"
                + status("a"));
            assertTrue(took <= 2000, "a new resolution " + took + " ms after the LISP port came back (goal 2 s)");
        } finally {
            // The next tests need the controller ready, whatever happened here.
            boot.get(150, TimeUnit.SECONDS);
        }
    }

    /** When the controller's LISP southbound started listening, from its log, oldest first. */
    private List<Instant> lispListeningTimes() throws IOException {
        final Path log = karafLog();
        if (!Files.exists(log)) {
            return List.of();
        }
        final var format = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS");
        final List<Instant> times = new ArrayList<>();
        for (var line : Files.readAllLines(log)) {
            if (line.contains("wgcp LISP control plane listening on")) {
                times.add(LocalDateTime.parse(line.substring(0, 23), format).atZone(ZoneId.systemDefault())
                    .toInstant());
            }
        }
        return times;
    }

    @Test
    @Order(7)
    void deletedEdgeDisappearsFromItsPeersWithinASecond() throws IOException {
        assertTrue(wg.show(iface("ad")).peer(dataKeys.get("b")).isPresent(), "A has no peer for B to begin with");
        final var response = rest.send("DELETE", "/data/wgcp:edges/edge=b", null);
        final long deleted = System.nanoTime();
        assertTrue(response.exit() == 204 || response.exit() == 200, response.toString());
        awaitTrue("A's peer for B removed", Duration.ofSeconds(1),
            () -> wg.show(iface("ad")).peer(dataKeys.get("b")).isEmpty());
        LOG.log(Level.INFO, "B''s peer left A {0} ms after the DELETE answered", (System.nanoTime() - deleted)
            / 1_000_000);
    }

    @Test
    @Order(8)
    void aMismatchedKeyIdIsReportedByTheAgentAndMendedWhenTheKeysAgree() throws IOException, InterruptedException {
        final var c = edges.get("c");
        // The map server now expects key id 2; the agent registers with key id 1.
        expectOk(rest.send("POST", "/operations/wgcp:set-map-register-key", "{\"input\":{\"edge-id\":\"c\","
            + "\"key-id\":2,\"algorithm\":\"hmac-sha-256-128\",\"secret\":\"" + c.secret() + "\"}}"));
        Commands.stop(agents.remove("c").toHandle(), Duration.ofSeconds(10));
        startAgent(c);
        final long started = System.nanoTime();
        awaitTrue("C's status says why it is not registered", Duration.ofSeconds(20),
            () -> status("c").contains("Map-Registers unanswered"));
        LOG.log(Level.INFO, "C reported its unanswered registrations {0} ms after it started",
            (System.nanoTime() - started) / 1_000_000);
        final String status = status("c");
        assertTrue(status.contains("not registered: ") && status.contains("key-id, key-algorithm and the secret"),
            status);
        final String log = Files.readString(work.resolve("c").resolve("agent.log"));
        assertTrue(log.contains("got no Map-Notify") && log.contains("key-id 1"), "no warning in C's log:\n" + log);
        // Keys agree again: the agent's next retry registers.
        expectOk(rest.send("POST", "/operations/wgcp:set-map-register-key", "{\"input\":{\"edge-id\":\"c\","
            + "\"key-id\":1,\"algorithm\":\"hmac-sha-256-128\",\"secret\":\"" + c.secret() + "\"}}"));
        awaitTrue("C registered once the keys agree", Duration.ofSeconds(40),
            () -> status("c").contains(", registered "));
    }
}
