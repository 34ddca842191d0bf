/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.e2e;

import io.wgcp.testing.Commands;
import io.wgcp.testing.MachineLoad;
import io.wgcp.types.IpPrefix;
import io.wgcp.wireguard.PeerConfig;
import io.wgcp.wireguard.WireGuardGoProcess;
import io.wgcp.wireguard.WireGuardKeyPair;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #4's benchmark of on-demand tunnels, each figure side by side with the static-WireGuard baseline in the same
 * run, in {@link EdgeTestbed}'s namespaces (controller, agents A, B, C on wireguard-go). The baseline is a second
 * wireguard-go interface in A and in B ({@code 198.51.100.1} and {@code .2}, port 51830, same MTU as the agents'
 * data interfaces) whose peers the benchmark configures by hand (UAPI {@code set}, as {@code wg set}, and a /32
 * route) before the first packet. It measures:
 * <ul>
 * <li>the floor of this machine: a UDP round trip through the control tunnel (sockperf) and a UAPI set of a new
 * peer, the two steps a resolution cannot skip, without agent or map server work;</li>
 * <li>tunnel establishment: the RTT of one {@code ping -c1 -W1} (ping's own figure) on a fresh tunnel, baseline and
 * on-demand alternating. Fresh on-demand = the peers of A for B and of B for A removed from both data interfaces,
 * and both agents have forgotten them (their housekeeping drops the route too) before the ping; fresh baseline = both
 * hand-configured peers removed (no session) and configured again;</li>
 * <li>control delay: the agent's own record (Map-Request sent -> peer and route configured) of those
 * establishments, from A's {@code status};</li>
 * <li>throughput: iperf3 TCP, A -> B, through the on-demand tunnel and through the hand-configured one,
 * alternating;</li>
 * <li>handover: A pings B every 10 ms ({@code ping -i 0.01 -D}) while B moves (single jump) or A and B move at
 * once (double jump); the figure is the longest gap between two answered pings.</li>
 * </ul>
 * Between establishment and throughput, {@code wgcp.bench.tunnels.breakdown} (30) more establishments run with the
 * LISP messages captured ({@code dumpcap}) in the control tunnel on the map server and on A, to show where the
 * control delay goes.
 * It prints and writes a Markdown report ({@code wgcp.bench.tunnels.report}); it asserts no goal. Parameters:
 * {@code wgcp.bench.tunnels.establishments} (200), {@code .iperfSeconds} (10), {@code .iperfRepetitions} (3),
 * {@code .handovers} (3 of each kind). Run under the Karaf lock: {@code flock /tmp/wgcp-karaf.lock ./mvnw -B -o -pl
 * benchmarks -Pbenchmark verify -Dit.test=OnDemandTunnelsBenchmark}.
 */
class OnDemandTunnelsBenchmark extends EdgeTestbed {
    private static final String STATIC_A = "198.51.100.1";
    private static final String STATIC_B = "198.51.100.2";
    private static final int STATIC_PORT = 51830;
    private static final double LOST = Double.POSITIVE_INFINITY;
    // The agent's HandshakeStarter.FIRST_CHECK (the benchmark runs the agent as a process, not as a library).
    private static final int HANDSHAKE_CHECK_MS = 10;
    private static final Pattern RTT = Pattern.compile("time=([0-9.]+) ms");
    private static final Pattern REPLY = Pattern.compile("^\\[([0-9.]+)\\] .* icmp_seq=([0-9]+) ", Pattern.MULTILINE);
    private static final Pattern RECEIVED = Pattern.compile(
        "\"sum_received\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)");

    private final int establishments = Integer.getInteger("wgcp.bench.tunnels.establishments", 200);
    private final int iperfSeconds = Integer.getInteger("wgcp.bench.tunnels.iperfSeconds", 10);
    private final int iperfRepetitions = Integer.getInteger("wgcp.bench.tunnels.iperfRepetitions", 3);
    private final int handovers = Integer.getInteger("wgcp.bench.tunnels.handovers", 3);
    private final StringBuilder report = new StringBuilder();
    private final List<WireGuardGoProcess> statics = new ArrayList<>();
    private WireGuardKeyPair staticA;
    private WireGuardKeyPair staticB;
    private int nextAddress = 100;

    @AfterAll
    void stopStatics() {
        statics.forEach(WireGuardGoProcess::stop);
    }

    @Test
    void benchmark() throws IOException, InterruptedException {
        final Instant began = Instant.now();
        setUpStatic();
        line("## Edge agent: on-demand tunnels (" + began + ")");
        line("");
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("java.vm.name")
            + " " + System.getProperty("java.version") + ", " + firstLine(Commands.run(List.of("wireguard-go",
            "--version")).output()) + ", load average at start " + MachineLoad.loadAverage() + ".");
        line("");
        floor();
        establishment();
        breakdown();
        throughput();
        handover();
        line("");
        line("Load average at end " + MachineLoad.loadAverage() + "; run took " + Duration.between(began, Instant.now())
            .toSeconds() + " s.");
        final String text = report.toString();
        LOG.log(Level.INFO, "On-demand tunnel benchmark:\n{0}", text);
        final String file = System.getProperty("wgcp.bench.tunnels.report");
        if (file != null) {
            Files.createDirectories(Path.of(file).toAbsolutePath().getParent());
            Files.writeString(Path.of(file), text);
        }
    }

    // ------------------------------------------------------------------ 0: the floor of this machine

    /**
     * What no agent can go below here: a resolution needs one UDP round trip through the control tunnel (A's
     * wireguard-go, the map server host's, and back) and one UAPI set of a new peer on A's data interface. Both are
     * measured on the testbed's own interfaces, paced like resolutions (a few dozen a second, so each one finds the
     * processes idle), with no map server or agent work in them.
     */
    private void floor() throws IOException, InterruptedException {
        final double[] controlRtt = controlTunnelRoundTrips();
        final int count = 200;
        final double[] uapiSet = new double[count];
        final var endpoint = new InetSocketAddress(InetAddress.getByName(edges.get("b").underlay()), 51_999);
        for (int i = 0; i < count; i++) {
            final var key = WireGuardKeyPair.generate().publicKey();
            final long start = System.nanoTime();
            wg.setPeer(iface("ad"), PeerConfig.of(key, endpoint, IpPrefix.parse("192.0.2.200/32")));
            uapiSet[i] = (System.nanoTime() - start) / 1e6;
            wg.removePeer(iface("ad"), key);
            TimeUnit.MILLISECONDS.sleep(20);
        }
        final double floorMedian = percentile(controlRtt, 0.5) + percentile(uapiSet, 0.5);
        line("### 0. The floor of this machine (no agent, no map server in it)");
        line("");
        line("| step | n | p10 | p50 | p90 | p99 |");
        line("|---|---:|---:|---:|---:|---:|");
        line(row("UDP round trip A -> map server host -> A through the control tunnel (sockperf, 50/s)", controlRtt));
        line(row("UAPI set of a new peer on A's data interface (wireguard-go)", uapiSet));
        line("");
        line(String.format(Locale.ROOT, "Sum of the medians: %s ms, the least control delay a resolution can have "
            + "here (goal: median <= 1 ms).", fmt(floorMedian)));
        line("");
    }

    /** sockperf ping-pong from A to a sockperf server on the map server host's control address, full round trips. */
    private double[] controlTunnelRoundTrips() throws IOException, InterruptedException {
        final String port = "4399";
        final Process server = new ProcessBuilder(Commands.in(ns("s"), "sockperf", "server", "-i", SERVER_CONTROL, "-p",
            port)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            TimeUnit.MILLISECONDS.sleep(500);
            final var result = Commands.run(Commands.in(ns("a"), "sockperf", "ping-pong", "-i", SERVER_CONTROL, "-p",
                port, "--mps=50", "-t", "10", "-m", "64", "--full-rtt", "--full-log", work.resolve("sockperf.csv")
                    .toString()), Duration.ofSeconds(40));
            if (!result.ok()) {
                throw new IOException("sockperf ping-pong through the control tunnel failed: " + result.output());
            }
        } finally {
            Commands.stop(server.toHandle(), Duration.ofSeconds(5));
        }
        // --full-log: after the summary, one line per message: "packet, txTime(sec), rxTime(sec), rtt(usec)".
        final List<Double> rtt = new ArrayList<>();
        for (var row : Files.readAllLines(work.resolve("sockperf.csv"))) {
            final String[] fields = row.split(",");
            if (fields.length == 4 && fields[0].strip().matches("[0-9]+") && fields[3].strip().matches("[0-9.]+")) {
                rtt.add(Double.parseDouble(fields[3].strip()) / 1000);
            }
        }
        if (rtt.isEmpty()) {
            throw new IOException("sockperf wrote no round trips to " + work.resolve("sockperf.csv"));
        }
        return rtt.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String row(final String step, final double[] values) {
        return "| " + step + " | " + values.length + " | " + quantiles(values) + " |";
    }

    /** The cells p10 | p50 | p90 | p99. */
    private static String quantiles(final double[] values) {
        return String.join(" | ", fmt(percentile(values, 0.1)), fmt(percentile(values, 0.5)),
            fmt(percentile(values, 0.9)), fmt(percentile(values, 0.99)));
    }

    // ------------------------------------------------------------------ 1, 2: establishment and control delay

    private void establishment() throws IOException {
        final double[] baseline = new double[establishments];
        final double[] onDemand = new double[establishments];
        final long[] waitedForForget = new long[establishments];
        final int delaysBefore = controlDelays("control-delay-us").length;
        final long requestsBefore = counter("a", "map-requests-sent");
        final long kicksBefore = counter("b", "handshake-kicks");
        final long restartsBefore = counter("b", "handshake-restarts");
        for (int i = 0; i < establishments; i++) {
            baseline[i] = freshBaseline();
            final long start = System.nanoTime();
            forgetOnDemand();
            waitedForForget[i] = (System.nanoTime() - start) / 1_000_000;
            onDemand[i] = firstRtt("a", "203.0.113.2");
            if (i % 20 == 19) {
                LOG.log(Level.INFO, "establishment {0}/{1}: baseline {2} ms, on-demand {3} ms", i + 1,
                    establishments, baseline[i], onDemand[i]);
            }
        }
        final long[] all = controlDelays("control-delay-us");
        final long requests = counter("a", "map-requests-sent") - requestsBefore;
        final int recorded = Math.min(all.length, controlDelaysRecorded(all.length, delaysBefore));
        final long[] delays = Arrays.copyOfRange(all, all.length - recorded, all.length);
        line("### 1. Tunnel establishment (first packet sent -> first reply received, ms)");
        line("");
        line(establishments + " fresh establishments of each kind, alternating (baseline, then on-demand), A -> B, "
            + "RTT of one `ping -c1 -W1` (ping's figure; no reply within 1 s = lost). Before each on-demand ping "
            + "the peers were removed on both sides and both agents had forgotten them (median wait "
            + percentile(toDouble(waitedForForget), 0.5) + " ms).");
        line("");
        line("| | n | lost | p10 | p50 | p90 | p99 | max | mean |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        line(cdfRow("static WireGuard (peers by hand)", baseline));
        line(cdfRow("on-demand (agent)", onDemand));
        final double medianBase = percentile(baseline, 0.5);
        final double medianOnDemand = percentile(onDemand, 0.5);
        line("");
        line(String.format(Locale.ROOT, "Median on-demand - baseline: %+.3f ms (ratio %.2f); goal <= +1 ms: %s. "
            + "Slowest on-demand: %s ms; goal <= 1000 ms with none lost: %s.", medianOnDemand - medianBase,
            medianOnDemand / medianBase, medianOnDemand - medianBase <= 1.0 ? "met" : "NOT met",
            fmt(max(onDemand)), max(onDemand) <= 1000 ? "met" : "NOT met"));
        line("");
        line("### 2. Control delay (Map-Request sent -> peer and route configured, agent's record, ms)");
        line("");
        line("Map-Requests sent by A during the establishments: " + requests + "; delays recorded: " + delays.length
            + ".");
        line("");
        final double[] delayMs = new double[delays.length];
        for (int i = 0; i < delays.length; i++) {
            delayMs[i] = delays[i] / 1000.0;
        }
        line("| | n | p10 | p50 | p90 | p99 | max | mean |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|");
        line(String.format(Locale.ROOT, "| control delay | %d | %s | %s | %s | %s | %s | %s |", delayMs.length,
            fmt(percentile(delayMs, 0.1)), fmt(percentile(delayMs, 0.5)), fmt(percentile(delayMs, 0.9)),
            fmt(percentile(delayMs, 0.99)), fmt(max(delayMs)), fmt(mean(delayMs))));
        line("");
        line("Goal median <= 1 ms: " + (percentile(delayMs, 0.5) <= 1.0 ? "met" : "NOT met") + ".");
        line("");
        line("Phases of the same control delays (A's own clock; they add up to the control delay), ms:");
        line("");
        line("| phase | p10 | p50 | p90 | p99 |");
        line("|---|---:|---:|---:|---:|");
        for (var phase : List.of("reply: Map-Request sent -> Map-Reply read from the socket",
                "dispatch: -> taken up (state lock, decoding)",
                "route: -> route set (netlink; the peer's UAPI set already sent)",
                "peer: -> WireGuard's answer that the peer is set (UAPI)")) {
            final String key = phase.substring(0, phase.indexOf(':'));
            final long[] values = controlDelays("control-delay-" + key + "-us");
            final double[] ms = new double[recorded];
            for (int i = 0; i < recorded; i++) {
                ms[i] = values[values.length - recorded + i] / 1000.0;
            }
            line("| " + phase + " | " + quantiles(ms) + " |");
        }
        line("");
        line("B, the destination, initiated the handshake itself " + (counter("b", "handshake-kicks") - kicksBefore)
            + " times (nothing had arrived from A " + HANDSHAKE_CHECK_MS + " ms after B configured A: A's initiation "
            + "came before B knew A's key) and started it over " + (counter("b", "handshake-restarts")
            - restartsBefore) + " times (crossed initiations).");
        line("");
    }

    /** How many samples were recorded since {@code before}, when the ring of the agent may have wrapped. */
    private static int controlDelaysRecorded(final int now, final int before) {
        return now > before ? now - before : now;
    }

    /**
     * Where the control delay goes: more fresh establishments (not in the figures above) with the LISP packets
     * captured inside the control tunnel, on the map server's control interface and on A's.
     */
    private void breakdown() throws IOException, InterruptedException {
        final int count = Integer.getInteger("wgcp.bench.tunnels.breakdown", 30);
        if (count <= 0 || !Commands.run(List.of("dumpcap", "-v")).ok()) {
            line("(No control-delay breakdown: dumpcap missing or wgcp.bench.tunnels.breakdown=0.)");
            line("");
            return;
        }
        final Path serverPcap = work.resolve("control-s.pcap");
        final Path edgePcap = work.resolve("control-a.pcap");
        final Process serverCapture = capture("s", iface("s"), serverPcap);
        final Process edgeCapture = capture("a", iface("ac"), edgePcap);
        Thread.sleep(1500);
        final double[] rtt = new double[count];
        for (int i = 0; i < count; i++) {
            forgetOnDemand();
            rtt[i] = firstRtt("a", "203.0.113.2");
        }
        Thread.sleep(500);
        Commands.stop(serverCapture.toHandle(), Duration.ofSeconds(5));
        Commands.stop(edgeCapture.toHandle(), Duration.ofSeconds(5));
        final long[] all = controlDelays("control-delay-us");
        final long[] delays = Arrays.copyOfRange(all, Math.max(0, all.length - count), all.length);
        final String edgeA = edges.get("a").control();
        final String edgeB = edges.get("b").control();
        final List<String[]> server = lisp(serverPcap);
        final List<String[]> edge = lisp(edgePcap);
        final List<Double> toPush = new ArrayList<>();
        final List<Double> pushToAck = new ArrayList<>();
        final List<Double> pushToReply = new ArrayList<>();
        final List<Double> serverTotal = new ArrayList<>();
        for (int i = 0; i < server.size(); i++) {
            if (!isLisp(server.get(i), edgeA, null, "1")) {
                continue;
            }
            final double request = time(server.get(i));
            final int ack = next(server, i, edgeB, null, "5");
            final int reply = next(server, i, null, edgeA, "2");
            if (ack < 0 || reply < 0) {
                continue;
            }
            int push = -1;
            for (int j = i + 1; j < ack; j++) {
                if (isLisp(server.get(j), null, edgeB, "4")) {
                    push = j;
                }
            }
            if (push >= 0) {
                toPush.add(time(server.get(push)) - request);
                pushToAck.add(time(server.get(ack)) - time(server.get(push)));
                pushToReply.add(time(server.get(reply)) - time(server.get(push)));
            }
            serverTotal.add(time(server.get(reply)) - request);
        }
        final List<Double> atEdge = new ArrayList<>();
        for (int i = 0; i < edge.size(); i++) {
            if (isLisp(edge.get(i), edgeA, null, "1")) {
                final int reply = next(edge, i, null, edgeA, "2");
                if (reply >= 0) {
                    atEdge.add(time(edge.get(reply)) - time(edge.get(i)));
                }
            }
        }
        final double[] delayMs = Arrays.stream(delays).mapToDouble(us -> us / 1000.0).toArray();
        final double[] afterReply = new double[Math.min(delayMs.length, atEdge.size())];
        for (int i = 0; i < afterReply.length; i++) {
            afterReply[i] = delayMs[delayMs.length - afterReply.length + i]
                - atEdge.get(atEdge.size() - afterReply.length + i);
        }
        line("#### Where the control delay goes (" + count + " more establishments, LISP captured with dumpcap in "
            + "the control tunnel on the map server and on A; not in the figures above)");
        line("");
        line("| step | n | p50 | p90 |");
        line("|---|---:|---:|---:|");
        line(stepRow("A: first packet RTT during the capture", Arrays.stream(rtt).boxed().toList()));
        line(stepRow("A: control delay (agent's record)", Arrays.stream(delayMs).boxed().toList()));
        line(stepRow("A: Map-Request out -> Map-Reply in (A's control interface)", atEdge));
        line(stepRow("map server: Map-Request in -> Map-Reply out", serverTotal));
        line(stepRow("map server: Map-Request in -> push (Map-Notify) to B out", toPush));
        line(stepRow("map server: push out -> Map-Reply out (the reply waits for B's ack only when "
            + "push.ack.wait.ms > 0; default 0)", pushToReply));
        line(stepRow("push out -> B's Map-Notify-Ack in (B verifies, sets the peer and route, acks)", pushToAck));
        line(stepRow("A: Map-Reply in -> peer and route configured", Arrays.stream(afterReply).boxed().toList()));
        line("");
    }

    private Process capture(final String host, final String device, final Path file) throws IOException {
        return new ProcessBuilder(Commands.in(ns(host), "dumpcap", "-q", "-i", device, "-f", "udp port 4342", "-w",
            file.toString())).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Captured LISP messages: time (s), source, destination, type. */
    private static List<String[]> lisp(final Path pcap) throws IOException {
        final var result = Commands.run(List.of("tshark", "-r", pcap.toString(), "-Y", "lisp", "-T", "fields", "-e",
            "frame.time_epoch", "-e", "ip.src", "-e", "ip.dst", "-e", "lisp.type"), Duration.ofSeconds(60));
        final List<String[]> messages = new ArrayList<>();
        for (var row : result.output().split("\n")) {
            final String[] fields = row.strip().split("\t");
            if (fields.length == 4 && fields[0].matches("[0-9.]+")) {
                messages.add(fields);
            }
        }
        return messages;
    }

    private static boolean isLisp(final String[] message, final String source, final String destination,
            final String type) {
        return (source == null || source.equals(message[1])) && (destination == null
            || destination.equals(message[2])) && type.equals(message[3]);
    }

    private static int next(final List<String[]> messages, final int from, final String source,
            final String destination, final String type) {
        for (int i = from + 1; i < messages.size(); i++) {
            if (isLisp(messages.get(i), source, destination, type)) {
                return i;
            }
        }
        return -1;
    }

    /** Milliseconds. */
    private static double time(final String[] message) {
        return Double.parseDouble(message[0]) * 1000;
    }

    private static String stepRow(final String step, final List<Double> values) {
        final double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
        return String.format(Locale.ROOT, "| %s | %d | %s | %s |", step, array.length, fmt(percentile(array, 0.5)),
            fmt(percentile(array, 0.9)));
    }

    private double freshBaseline() throws IOException {
        final String endpointA = currentUnderlay("a");
        final String endpointB = currentUnderlay("b");
        wg.removePeer(iface("as"), staticB.publicKey());
        wg.removePeer(iface("bs"), staticA.publicKey());
        Commands.quietly(List.of("ip", "-n", ns("a"), "route", "del", STATIC_B + "/32"));
        Commands.quietly(List.of("ip", "-n", ns("b"), "route", "del", STATIC_A + "/32"));
        wg.setPeer(iface("as"), new PeerConfig(staticB.publicKey(), new InetSocketAddress(
            InetAddress.getByName(endpointB), STATIC_PORT), List.of(IpPrefix.parse(STATIC_B + "/32")), 0));
        wg.setPeer(iface("bs"), new PeerConfig(staticA.publicKey(), new InetSocketAddress(
            InetAddress.getByName(endpointA), STATIC_PORT), List.of(IpPrefix.parse(STATIC_A + "/32")), 0));
        Commands.check(List.of("ip", "-n", ns("a"), "route", "replace", STATIC_B + "/32", "dev", iface("as")));
        Commands.check(List.of("ip", "-n", ns("b"), "route", "replace", STATIC_A + "/32", "dev", iface("bs")));
        return firstRtt("a", STATIC_B);
    }

    private void forgetOnDemand() throws IOException {
        if (wg.show(iface("ad")).peer(dataKeys.get("b")).isPresent()) {
            wg.removePeer(iface("ad"), dataKeys.get("b"));
        }
        if (wg.show(iface("bd")).peer(dataKeys.get("a")).isPresent()) {
            wg.removePeer(iface("bd"), dataKeys.get("a"));
        }
        awaitTrue("A and B forgot each other", Duration.ofSeconds(10), () -> !status("a").contains("203.0.113.2/32")
            && !status("b").contains("203.0.113.1/32")
            && Commands.run(List.of("ip", "-n", ns("a"), "route", "show", "203.0.113.2/32")).output().isBlank()
            && Commands.run(List.of("ip", "-n", ns("b"), "route", "show", "203.0.113.1/32")).output().isBlank());
    }

    private double firstRtt(final String from, final String to) throws IOException {
        final var result = Commands.run(Commands.in(ns(from), "ping", "-n", "-c1", "-W1", to));
        final Matcher matcher = RTT.matcher(result.output());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : LOST;
    }

    private long[] controlDelays(final String key) throws IOException {
        for (var line : status("a").split("\n")) {
            if (line.startsWith(key + " ") || line.equals(key)) {
                final String values = line.substring(key.length()).strip();
                return values.isEmpty() ? new long[0]
                    : Arrays.stream(values.split(" ")).mapToLong(Long::parseLong).toArray();
            }
        }
        return new long[0];
    }

    // ------------------------------------------------------------------ 3: throughput

    private void throughput() throws IOException, InterruptedException {
        final double[] onDemand = new double[iperfRepetitions];
        final double[] baseline = new double[iperfRepetitions];
        firstRtt("a", "203.0.113.2");
        for (int i = 0; i < iperfRepetitions; i++) {
            onDemand[i] = iperf("203.0.113.2", 5201);
            baseline[i] = iperf(STATIC_B, 5202);
            LOG.log(Level.INFO, "iperf3 {0}: on-demand {1} Mbit/s, baseline {2} Mbit/s", i + 1, onDemand[i],
                baseline[i]);
        }
        line("### 3. Throughput (iperf3 TCP A -> B, " + iperfSeconds + " s each, receiver side, Mbit/s)");
        line("");
        line("MTU: on-demand data interface " + mtu("a", iface("ad")) + ", hand-configured " + mtu("a", iface("as"))
            + "; runs alternate on-demand, baseline.");
        line("");
        line("| run | on-demand | static | ratio |");
        line("|---:|---:|---:|---:|");
        for (int i = 0; i < iperfRepetitions; i++) {
            line(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.3f |", i + 1, onDemand[i], baseline[i],
                onDemand[i] / baseline[i]));
        }
        final double ratio = mean(onDemand) / mean(baseline);
        line(String.format(Locale.ROOT, "| mean | %.0f | %.0f | **%.3f** |", mean(onDemand), mean(baseline),
            ratio));
        line("");
        line("Goal ratio >= 0.97: " + (ratio >= 0.97 ? "met" : "NOT met") + ".");
        line("");
    }

    private double iperf(final String server, final int port) throws IOException, InterruptedException {
        final String on = "203.0.113.2".equals(server) || STATIC_B.equals(server) ? "b" : "a";
        final Process process = new ProcessBuilder(Commands.in(ns(on), "iperf3", "-s", "-1", "-B", server, "-p",
            String.valueOf(port))).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Commands.Result result = null;
            for (int attempt = 0; attempt < 20; attempt++) {
                Thread.sleep(200);
                result = Commands.run(Commands.in(ns("a"), "iperf3", "-c", server, "-p", String.valueOf(port), "-t",
                    String.valueOf(iperfSeconds), "-J"), Duration.ofSeconds(iperfSeconds + 30L));
                if (result.ok()) {
                    break;
                }
            }
            final Matcher matcher = RECEIVED.matcher(result.output());
            if (!matcher.find()) {
                throw new IOException("no iperf3 figure: " + result);
            }
            return Double.parseDouble(matcher.group(1)) / 1e6;
        } finally {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                Commands.stop(process.toHandle(), Duration.ofSeconds(3));
            }
        }
    }

    private String mtu(final String host, final String device) throws IOException {
        final String out = Commands.check(List.of("ip", "-n", ns(host), "-o", "link", "show", "dev", device)).output();
        final Matcher matcher = Pattern.compile("mtu ([0-9]+)").matcher(out);
        return matcher.find() ? matcher.group(1) : "?";
    }

    // ------------------------------------------------------------------ 4: handover

    private void handover() throws IOException, InterruptedException {
        line("### 4. Handover (A pings B every 10 ms; longest gap between two answers, ms)");
        line("");
        line("Single jump: B changes its underlay address (add new, delete old) 1 s into a 6 s `ping -i 0.01 -D`. "
            + "Double jump: A and B both change theirs at once. " + handovers + " of each, alternating.");
        line("");
        line("| kind | gaps (ms) | max | pings lost |");
        line("|---|---|---:|---|");
        final List<String> single = new ArrayList<>();
        final List<String> dbl = new ArrayList<>();
        final List<Double> singleGaps = new ArrayList<>();
        final List<Double> doubleGaps = new ArrayList<>();
        final List<String> singleLost = new ArrayList<>();
        final List<String> doubleLost = new ArrayList<>();
        for (int i = 0; i < handovers; i++) {
            final double[] one = jump(List.of("b"));
            singleGaps.add(one[0]);
            single.add(fmt(one[0]));
            singleLost.add(String.valueOf((long) one[1]));
            final double[] two = jump(List.of("a", "b"));
            doubleGaps.add(two[0]);
            dbl.add(fmt(two[0]));
            doubleLost.add(String.valueOf((long) two[1]));
        }
        line("| single jump | " + String.join(", ", single) + " | " + fmt(singleGaps.stream().mapToDouble(d -> d)
            .max().orElse(LOST)) + " | " + String.join(", ", singleLost) + " |");
        line("| double jump | " + String.join(", ", dbl) + " | " + fmt(doubleGaps.stream().mapToDouble(d -> d)
            .max().orElse(LOST)) + " | " + String.join(", ", doubleLost) + " |");
        line("");
    }

    /** Returns the longest gap between answers (ms) and the number of pings not answered. */
    private double[] jump(final List<String> movers) throws IOException, InterruptedException {
        firstRtt("a", "203.0.113.2");
        final Path out = work.resolve("handover-" + nextAddress + ".txt");
        final Process ping = new ProcessBuilder(Commands.in(ns("a"), "ping", "-n", "-D", "-i", "0.01", "-w", "6",
            "203.0.113.2")).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        Thread.sleep(1000);
        final List<String> old = new ArrayList<>();
        for (var mover : movers) {
            old.add(currentUnderlay(mover));
            Commands.check(List.of("ip", "-n", ns(mover), "addr", "add", "198.18.0." + nextAddress++ + "/24", "dev",
                "u0"));
        }
        for (int i = 0; i < movers.size(); i++) {
            Commands.check(List.of("ip", "-n", ns(movers.get(i)), "addr", "del", old.get(i) + "/24", "dev", "u0"));
        }
        if (!ping.waitFor(15, TimeUnit.SECONDS)) {
            Commands.stop(ping.toHandle(), Duration.ofSeconds(3));
        }
        final String text = Files.readString(out);
        final Matcher matcher = REPLY.matcher(text);
        double previous = Double.NaN;
        double gap = 0;
        int answered = 0;
        int lastSeq = 0;
        while (matcher.find()) {
            final double at = Double.parseDouble(matcher.group(1));
            if (!Double.isNaN(previous)) {
                gap = Math.max(gap, (at - previous) * 1000);
            }
            previous = at;
            answered++;
            lastSeq = Math.max(lastSeq, Integer.parseInt(matcher.group(2)));
        }
        return new double[] { answered == 0 ? LOST : gap, lastSeq - answered };
    }

    // ------------------------------------------------------------------ set-up and statistics

    private void setUpStatic() throws IOException {
        if (!Commands.run(List.of("iperf3", "--version")).ok()) {
            throw new IOException("the benchmark needs iperf3 (apt-get install -y iperf3)");
        }
        staticA = WireGuardKeyPair.generate();
        staticB = WireGuardKeyPair.generate();
        for (var host : List.of("a", "b")) {
            final String device = iface(host + "s");
            statics.add(WireGuardGoProcess.start(ns(host), device));
            wg.setInterface(device, "a".equals(host) ? staticA.privateKey() : staticB.privateKey(), STATIC_PORT);
            Commands.check(List.of("ip", "-n", ns(host), "link", "set", device, "mtu", mtu(host, iface(host + "d"))));
            Commands.check(List.of("ip", "-n", ns(host), "addr", "add", ("a".equals(host) ? STATIC_A : STATIC_B)
                + "/32", "dev", device));
            Commands.check(List.of("ip", "-n", ns(host), "link", "set", device, "up"));
        }
    }

    private void line(final String text) {
        report.append(text).append('\n');
    }


    private static String firstLine(final String text) {
        final String stripped = text.strip();
        final int end = stripped.indexOf('\n');
        return end < 0 ? stripped : stripped.substring(0, end);
    }

    private static String cdfRow(final String name, final double[] values) {
        final long lost = Arrays.stream(values).filter(Double::isInfinite).count();
        return String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s | %s | %s |", name, values.length,
            lost, fmt(percentile(values, 0.1)), fmt(percentile(values, 0.5)), fmt(percentile(values, 0.9)),
            fmt(percentile(values, 0.99)), fmt(max(values)), fmt(mean(Arrays.stream(values)
                .filter(Double::isFinite).toArray())));
    }

    /** Nearest-rank percentile; lost samples (infinite) sort last. */
    private static double percentile(final double[] values, final double quantile) {
        if (values.length == 0) {
            return Double.NaN;
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static double max(final double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static double mean(final double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double[] toDouble(final long[] values) {
        return Arrays.stream(values).asDoubleStream().toArray();
    }

    private static String fmt(final double value) {
        return Double.isInfinite(value) ? "lost" : String.format(Locale.ROOT, "%.3f", value);
    }
}
