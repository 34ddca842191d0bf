/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.wgcp.agent.StatusServer;
import io.wgcp.testing.BuiltArtifacts;
import io.wgcp.testing.Commands;
import io.wgcp.testing.DistributionFiles;
import io.wgcp.testing.TestHosts;
import io.wgcp.types.WireGuardKey;
import io.wgcp.wireguard.UapiDriver;
import io.wgcp.wireguard.WireGuardDriver;
import io.wgcp.wireguard.WireGuardException;
import io.wgcp.wireguard.WireGuardGoProcess;
import io.wgcp.wireguard.WireGuardKeyPair;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The network of the edge-agent end-to-end test and benchmark: network namespaces for a map-server host (the
 * controller and its control WireGuard interface) and three edges A, B (virtual network 7) and C (virtual network 8),
 * joined by a bridge on 198.18.0.0/24. Each edge runs wireguard-go and the agent (the built jar,
 * {@code edge-agent/wgcp-agent}); everything on the map server is provisioned over RESTCONF only, and nothing is
 * configured on the edges' data interfaces. The map server keeps its control interface's peers (wireguard-go in its
 * namespace, configured over the machine-wide UAPI socket) equal to the provisioned edges. Built before the first
 * test of a subclass, torn down after its last (also on failure: a shutdown hook and a sweep of stale runs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EdgeTestbed {
    static final Logger LOG = System.getLogger(EdgeTestbed.class.getName());
    static final String SERVER_UNDERLAY = "198.18.0.1";
    static final String SERVER_CONTROL = "192.0.2.1";
    private static final Duration BOOT = Duration.ofSeconds(150);
    /**
     * AAA 0.19.5 can lose its password or encryption service configuration at boot; the map server's AaaStartupGuard
     * restarts that AAA bundle well within BOOT. One more boot stays as a logged safety net.
     */
    private static final int BOOT_ATTEMPTS = 2;

    /** One edge. */
    record Edge(String id, long vn, String eid, String underlay, String control, String secret) {
    }

    final Map<String, Edge> edges = new LinkedHashMap<>();
    final Map<String, Process> agents = new LinkedHashMap<>();
    final Map<String, WireGuardKey> controlKeys = new LinkedHashMap<>();
    final Map<String, WireGuardKey> dataKeys = new LinkedHashMap<>();
    final WireGuardDriver wg = new UapiDriver();
    /** The namespaces, interface names and cleanup of the run (tag {@code ee}). */
    TestHosts hosts;
    private final Thread reaper = new Thread(this::teardown, "e2e-reaper");
    Path work;
    Path agentJar;
    private WireGuardGoProcess serverControl;
    Process karaf;
    private Path karafHome;
    NamespaceHttp rest;
    private boolean tornDown;

    @BeforeAll
    void setUp() throws IOException, InterruptedException {
        requirePrerequisites();
        hosts = TestHosts.create("ee", "wireguard-go", "wg", "ping");
        Runtime.getRuntime().addShutdownHook(reaper);
        work = Path.of("target/e2e-" + hosts.run()).toAbsolutePath();
        Files.createDirectories(work);
        edges.put("a", new Edge("a", 7, "203.0.113.1", "198.18.0.11", "192.0.2.11", "secret of edge a (e2e)"));
        edges.put("b", new Edge("b", 7, "203.0.113.2", "198.18.0.12", "192.0.2.12", "secret of edge b (e2e)"));
        edges.put("c", new Edge("c", 8, "203.0.113.3", "198.18.0.13", "192.0.2.13", "secret of edge c (e2e)"));
        buildNetwork();
        final var serverKeys = WireGuardKeyPair.generate();
        serverControl = WireGuardGoProcess.start(ns("s"), iface("s"));
        wg.setInterface(iface("s"), serverKeys.privateKey(), 51820);
        Commands.check(List.of("ip", "-n", ns("s"), "addr", "add", SERVER_CONTROL + "/24", "dev", iface("s")));
        Commands.check(List.of("ip", "-n", ns("s"), "link", "set", iface("s"), "up"));
        for (var edge : edges.values()) {
            writeAgentConfig(edge, serverKeys.publicKey());
            final var keys = Commands.check(agentCommand(edge, "keys")).output();
            dataKeys.put(edge.id(), WireGuardKey.fromBase64(value(keys, "data-public-key")));
            controlKeys.put(edge.id(), WireGuardKey.fromBase64(value(keys, "control-public-key")));
        }
        startKaraf();
        provision();
        for (var edge : edges.values()) {
            startAgent(edge);
        }
        for (var edge : edges.values()) {
            awaitTrue("agent " + edge.id() + " registered", Duration.ofSeconds(30),
                () -> status(edge.id()).contains(", registered "));
        }
    }

    @AfterAll
    void tearDownAll() {
        teardown();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            LOG.log(Level.DEBUG, "shutting down", e);
        }
    }

    // ------------------------------------------------------------------ helpers

    long move(final String edge, final String newAddress) throws IOException {
        final String old = currentUnderlay(edge);
        final long start = System.nanoTime();
        Commands.check(List.of("ip", "-n", ns(edge), "addr", "add", newAddress + "/24", "dev", "u0"));
        Commands.check(List.of("ip", "-n", ns(edge), "addr", "del", old + "/24", "dev", "u0"));
        return awaitPing("a", "203.0.113.2", Duration.ofSeconds(20), start);
    }

    String currentUnderlay(final String edge) throws IOException {
        final var out = Commands.check(List.of("ip", "-n", ns(edge), "-4", "-o", "addr", "show", "dev", "u0")).output();
        final int at = out.indexOf("inet ") + 5;
        return out.substring(at, out.indexOf('/', at));
    }

    /** Pings once every 100 ms until one is answered; returns the time from start to that ping's answer. */
    long awaitPing(final String from, final String to, final Duration bound, final long start)
            throws IOException {
        final long deadline = start + bound.toNanos();
        Commands.Result last = null;
        while (System.nanoTime() < deadline) {
            last = Commands.run(Commands.in(ns(from), "ping", "-c1", "-W1", "-n", to));
            if (last.output().contains("1 received")) {
                return (System.nanoTime() - start) / 1_000_000;
            }
        }
        fail("no answer from " + to + " within " + bound + ": " + last + "\n" + status(from));
        return -1;
    }

    Commands.Result ping(final String from, final String to, final int count, final int wait) throws IOException {
        return Commands.run(Commands.in(ns(from), "ping", "-n", "-c" + count, "-i0.2", "-W" + wait, to));
    }

    String endpointOf(final String on, final String peer) throws WireGuardException {
        final var state = wg.show(iface(on + "d")).peer(dataKeys.get(peer));
        return state.isEmpty() || state.orElseThrow().endpoint() == null ? "-"
            : state.orElseThrow().endpoint().toString();
    }

    String status(final String edge) throws IOException {
        return StatusServer.query(work.resolve(edge).resolve("state/agent.sock"), "status");
    }

    long counter(final String edge, final String name) throws IOException {
        for (var line : status(edge).split("\n")) {
            if (line.startsWith(name + " ")) {
                return Long.parseLong(line.substring(name.length() + 1).strip());
            }
        }
        throw new AssertionError("no counter " + name);
    }

    interface Condition {
        boolean holds() throws IOException;
    }

    static void awaitTrue(final String what, final Duration bound, final Condition condition)
            throws IOException {
        final long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                fail("not within " + bound + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    String ns(final String host) {
        return hosts.namespace(host);
    }

    String iface(final String suffix) {
        return hosts.interfaceName(suffix);
    }

    static String value(final String text, final String key) {
        for (var line : text.split("\n")) {
            if (line.startsWith(key + " = ")) {
                return line.substring(key.length() + 3).strip();
            }
        }
        throw new AssertionError("no " + key + " in " + text);
    }

    void buildNetwork() throws IOException {
        hosts.addNamespace("net");
        Commands.check(List.of("ip", "-n", ns("net"), "link", "add", "br0", "type", "bridge"));
        Commands.check(List.of("ip", "-n", ns("net"), "link", "set", "br0", "up"));
        final Map<String, String> underlay = new LinkedHashMap<>();
        underlay.put("s", SERVER_UNDERLAY);
        edges.values().forEach(edge -> underlay.put(edge.id(), edge.underlay()));
        for (var host : underlay.entrySet()) {
            final String name = hosts.addNamespace(host.getKey());
            Commands.check(List.of("ip", "-n", ns("net"), "link", "add", "v" + host.getKey(), "type", "veth", "peer",
                "name", "u0", "netns", name));
            Commands.check(List.of("ip", "-n", ns("net"), "link", "set", "v" + host.getKey(), "master", "br0", "up"));
            // A move adds the new address, then deletes the old one: without this, deleting the primary address
            // would delete the new (secondary) one with it.
            Commands.check(Commands.in(name, "sysctl", "-qw", "net.ipv4.conf.u0.promote_secondaries=1"));
            Commands.check(List.of("ip", "-n", name, "addr", "add", host.getValue() + "/24", "dev", "u0"));
            Commands.check(List.of("ip", "-n", name, "link", "set", "u0", "up"));
        }
    }

    void writeAgentConfig(final Edge edge, final WireGuardKey serverKey) throws IOException {
        final Path dir = work.resolve(edge.id());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("agent.properties"), String.join("\n",
            "name = " + edge.id(),
            "instance-id = " + edge.vn(),
            "eid-prefixes = " + edge.eid() + "/32",
            "overlay-prefixes = 203.0.113.0/24",
            "data-interface = " + iface(edge.id() + "d"),
            "data-listen-port = 51820",
            "control-interface = " + iface(edge.id() + "c"),
            "control-listen-port = 51821",
            "control-address = " + edge.control(),
            "map-server-public-key = " + serverKey.toBase64(),
            "map-server-endpoint = " + SERVER_UNDERLAY + ":51820",
            "map-server-address = " + SERVER_CONTROL,
            "key-id = 1",
            "key-algorithm = hmac-sha-256-128",
            "key-secret = " + edge.secret(),
            "state-dir = state",
            // Short so that registrations lost with a restarted controller come back within the test's bounds.
            "register-interval-s = 5",
            "request-timeout-ms = 500",
            ""));
    }

    List<String> agentCommand(final Edge edge, final String command) {
        // -XX:CompileThresholdScaling=0.05: the default of edge-agent/wgcp-agent.
        final List<String> java = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx96m",
            "-XX:+UseSerialGC", "-XX:CompileThresholdScaling=0.05"));
        // Extra JVM options of the agents, for experiments (e.g. JIT thresholds), space-separated.
        java.addAll(jvmOptions("wgcp.e2e.agentJavaOpts"));
        java.addAll(List.of("-jar", agentJar.toString(), command,
            work.resolve(edge.id()).resolve("agent.properties").toString()));
        return Commands.in(ns(edge.id()), java.toArray(String[]::new));
    }

    private static List<String> jvmOptions(final String property) {
        final String value = System.getProperty(property, "").strip();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
    }

    void startAgent(final Edge edge) throws IOException {
        final Path log = work.resolve(edge.id()).resolve("agent.log");
        final var process = new ProcessBuilder(agentCommand(edge, "run")).redirectErrorStream(true)
            .redirectOutput(java.lang.ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        agents.put(edge.id(), process);
        awaitTrue("agent " + edge.id() + " status socket", Duration.ofSeconds(30), () -> {
            if (!process.isAlive()) {
                fail("agent " + edge.id() + " exited: " + Files.readString(log));
            }
            return status(edge.id()).contains("agent " + edge.id());
        });
    }

    void startKaraf() throws IOException, InterruptedException {
        if (karafHome == null) {
            karafHome = work.resolve("karaf");
            DistributionFiles.copyTree(BuiltArtifacts.assembly(), karafHome);
            for (var stale : List.of("data", "journal", "segmented-journal", "snapshots", "instances", "lock")) {
                DistributionFiles.deleteTree(karafHome.resolve(stale));
            }
            Files.writeString(karafHome.resolve("etc/io.wgcp.lisp.southbound.cfg"), String.join("\n",
                "bind.address = " + SERVER_CONTROL, "port = 4342",
                "notify.retransmit.interval.ms = 500", "registration.lifetime.s = 180",
                // The map server keeps its control interface's peers equal to the provisioned edges.
                "control.interface = " + iface("s"), "wireguard.backend = uapi", ""));
            rest = new NamespaceHttp(ns("s"), "http://127.0.0.1:8181/rests", "admin", "admin");
        }
        for (int attempt = 1; attempt <= BOOT_ATTEMPTS; attempt++) {
            final var builder = new ProcessBuilder(Commands.in(ns("s"), karafHome.resolve("bin/karaf").toString(),
                "server")).directory(karafHome.toFile()).redirectErrorStream(true)
                .redirectOutput(java.lang.ProcessBuilder.Redirect.appendTo(karafHome.resolve("console.log")
                    .toFile()));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("EXTRA_JAVA_OPTS", String.join(" ", "-Xmx1g",
                System.getProperty("wgcp.e2e.controllerJavaOpts", "")).strip());
            for (var name : List.of("KARAF_HOME", "KARAF_BASE", "KARAF_DATA", "KARAF_ETC", "JAVA_OPTS")) {
                builder.environment().remove(name);
            }
            karaf = builder.start();
            final long deadline = System.nanoTime() + BOOT.toNanos();
            String last = "";
            while (System.nanoTime() < deadline && karaf.isAlive()) {
                try {
                    final var answer = rest.send("POST", "/operations/wgcp:resolve",
                        "{\"input\":{\"instance-id\":0,\"address\":\"192.0.2.1\"}}");
                    if (answer.exit() == 200) {
                        LOG.log(Level.INFO, "Controller ready (boot {0})", attempt);
                        return;
                    }
                    last = answer.toString();
                } catch (IOException e) {
                    last = e.getMessage();
                }
                Thread.sleep(1000);
            }
            LOG.log(Level.WARNING, "Controller not ready after boot {0} (safety net: the AAA guard should have made "
                + "this unnecessary, please report): {1}", attempt, last);
            stopKaraf();
        }
        fail("the controller did not become ready in " + BOOT_ATTEMPTS + " boots; see " + karafHome);
    }

    /** The controller's log (it accumulates over restarts). */
    Path karafLog() {
        return work.resolve("karaf").resolve("data/log/karaf.log");
    }

    void stopKaraf() {
        if (karaf == null) {
            return;
        }
        final var handle = karaf.toHandle();
        final List<ProcessHandle> tree = new ArrayList<>(handle.descendants().toList());
        tree.add(handle);
        tree.forEach(process -> Commands.stop(process, Duration.ofSeconds(20)));
        karaf = null;
    }

    void provision() throws IOException {
        for (long vn : new long[] { 7, 8 }) {
            expectOk(rest.send("PUT", "/data/wgcp:virtual-networks/virtual-network=" + vn,
                "{\"wgcp:virtual-network\":[{\"instance-id\":" + vn + ",\"name\":\"vn" + vn + "\"}]}"));
        }
        for (var edge : edges.values()) {
            expectOk(rest.send("PUT", "/data/wgcp:edges/edge=" + edge.id(), "{\"wgcp:edge\":[{\"edge-id\":\""
                + edge.id() + "\",\"control-public-key\":\"" + controlKeys.get(edge.id()).toBase64()
                + "\",\"control-address\":\"" + edge.control() + "\",\"authorized-eid\":[{\"instance-id\":"
                + edge.vn() + ",\"eid-prefix\":\"" + edge.eid() + "/32\"}]}]}"));
            expectOk(rest.send("POST", "/operations/wgcp:set-map-register-key", "{\"input\":{\"edge-id\":\""
                + edge.id() + "\",\"key-id\":1,\"algorithm\":\"hmac-sha-256-128\",\"secret\":\"" + edge.secret()
                + "\"}}"));
        }
    }

    static void expectOk(final Commands.Result result) {
        assertTrue(result.exit() >= 200 && result.exit() < 300, result.toString());
    }

    void requirePrerequisites() {
        final List<String> missing = new ArrayList<>();
        agentJar = BuiltArtifacts.agentJar().normalize();
        if (!Files.isRegularFile(agentJar)) {
            missing.add("the agent jar " + agentJar + " (./mvnw -pl edge-agent -am package -DskipTests)");
        }
        if (!Files.isExecutable(BuiltArtifacts.assembly().resolve("bin/karaf"))) {
            missing.add("the built distribution target/assembly");
        }
        if (!missing.isEmpty()) {
            fail("the end-to-end test needs " + missing + " (./run-tests builds and installs everything)");
        }
        final boolean otherKaraf = ProcessHandle.allProcesses().anyMatch(process -> process.info().arguments()
            .map(args -> List.of(args).contains("org.apache.karaf.main.Main")).orElse(false));
        if (otherKaraf || portOpen(8181)) {
            fail("another Karaf is running on this machine: only one may run at a time. Stop it, and run the tests "
                + "under flock /tmp/wgcp-karaf.lock");
        }
    }

    static boolean portOpen(final int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    synchronized void teardown() {
        if (tornDown) {
            return;
        }
        tornDown = true;
        agents.values().forEach(process -> Commands.stop(process.toHandle(), Duration.ofSeconds(5)));
        stopKaraf();
        if (rest != null) {
            rest.close();
        }
        if (work != null) {
            for (var edge : edges.keySet()) {
                stopPidFile(work.resolve(edge).resolve("state").resolve(iface(edge + "d") + ".pid"));
                stopPidFile(work.resolve(edge).resolve("state").resolve(iface(edge + "c") + ".pid"));
            }
        }
        if (serverControl != null) {
            serverControl.stop();
        }
        if (hosts != null) {
            // the namespaces, what still runs in them, and the interfaces' UAPI sockets
            hosts.close();
        }
    }

    private static void stopPidFile(final Path pidFile) {
        try {
            if (Files.exists(pidFile)) {
                final long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid).ifPresent(process -> Commands.stop(process, Duration.ofSeconds(3)));
            }
        } catch (IOException | NumberFormatException e) {
            LOG.log(Level.DEBUG, "pid file " + pidFile, e);
        }
    }
}
