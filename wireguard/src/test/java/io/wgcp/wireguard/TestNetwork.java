/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Two network namespaces joined by a veth pair, with wireguard-go interfaces in them, for the integration tests.
 *
 * <p>Names carry a per-run prefix {@code wgcp-wgt<jvm pid>-<random>}; interfaces are {@code wgt<random><n>}. Addresses
 * follow docs/test-network.md: underlay 198.18.0.0/24 on the veth (A = .1, B = .2 and .3), overlay 203.0.113.0/24 and
 * 2001:db8::/64 on the WireGuard interfaces. Everything is removed by {@link #close()}, by a shutdown hook when the JVM
 * ends first, and by {@link #sweepStale()} when a run died before cleaning up.
 */
final class TestNetwork implements AutoCloseable {
    static final String PREFIX = "wgcp-wgt";
    static final String UNDERLAY_A = "198.18.0.1";
    static final String UNDERLAY_B = "198.18.0.2";
    static final String UNDERLAY_B2 = "198.18.0.3";

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern STALE_SOCKET = Pattern.compile("wgt[0-9a-f]{4}[a-z][0-9]+\\.sock");
    private static final SecureRandom RANDOM = new SecureRandom();

    final String run;
    final String nsA;
    final String nsB;
    private final List<WireGuardGoProcess> processes = new ArrayList<>();
    private final Thread shutdownHook;
    private int counter;

    private TestNetwork(final String run) {
        this.run = run;
        final String base = PREFIX + ProcessHandle.current().pid() + "-" + run;
        nsA = base + "-a";
        nsB = base + "-b";
        shutdownHook = new Thread(this::cleanUp, "test-network-cleanup");
    }

    /**
     * Fails (never skips) unless this machine can run the integration tests.
     */
    static void requireEnvironment() {
        final List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("root (network namespaces, TUN devices)");
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            missing.add("/dev/net/tun");
        }
        for (String program : List.of("wireguard-go", "wg", "ip", "ping")) {
            if (findOnPath(program).isEmpty()) {
                missing.add(program + " on the PATH");
            }
        }
        if (!missing.isEmpty()) {
            fail("the WireGuard integration tests need " + String.join(", ", missing)
                + " (CI installs them: apt-get install wireguard-go wireguard-tools iproute2 iputils-ping)");
        }
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Uid:")) {
                    return "0".equals(line.substring(4).strip().split("\\s+")[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }

    private static Optional<Path> findOnPath(final String program) {
        final String path = System.getenv("PATH");
        return path == null ? Optional.empty() : Arrays.stream(path.split(File.pathSeparator))
            .map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst();
    }

    /**
     * Removes what runs of this test left behind when their JVM died: namespaces with the prefix whose JVM is gone
     * (and the wireguard-go processes inside them, by PID), then sockets of such interfaces that nobody serves.
     */
    static void sweepStale() {
        for (String line : sh("ip", "netns", "list").stdout().split("\n")) {
            final String ns = line.strip().split(" ")[0];
            if (!ns.startsWith(PREFIX)) {
                continue;
            }
            final String rest = ns.substring(PREFIX.length());
            final int dash = rest.indexOf('-');
            final long pid;
            try {
                pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
            } catch (NumberFormatException e) {
                continue;
            }
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            for (String pidText : sh("ip", "netns", "pids", ns).stdout().split("\n")) {
                if (pidText.isBlank()) {
                    continue;
                }
                final long inside = Long.parseLong(pidText.strip());
                if (isWireGuardGo(inside)) {
                    ProcessHandle.of(inside).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            sh("ip", "netns", "del", ns);
        }
        final Path dir = UapiDriver.DEFAULT_SOCKET_DIRECTORY;
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> sockets = Files.newDirectoryStream(dir)) {
                for (Path socket : sockets) {
                    // Only sockets of this naming that nobody serves and that are older than a minute.
                    if (STALE_SOCKET.matcher(socket.getFileName().toString()).matches() && !answers(socket)
                            && Files.getLastModifiedTime(socket).toInstant().isBefore(Instant.now().minusSeconds(60))) {
                        Files.deleteIfExists(socket);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean isWireGuardGo(final long pid) {
        try {
            return "wireguard-go".equals(Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip());
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answers(final Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Creates the namespaces and the veth pair.
     *
     * @return the network
     */
    static TestNetwork create() {
        final TestNetwork net = new TestNetwork(String.format("%04x", RANDOM.nextInt(0x10000)));
        Runtime.getRuntime().addShutdownHook(net.shutdownHook);
        boolean done = false;
        try {
            final String vethA = "wgt" + net.run + "va";
            final String vethB = "wgt" + net.run + "vb";
            sh("ip", "netns", "add", net.nsA);
            sh("ip", "netns", "add", net.nsB);
            sh("ip", "link", "add", vethA, "netns", net.nsA, "type", "veth", "peer", "name", vethB, "netns", net.nsB);
            sh("ip", "-n", net.nsA, "addr", "add", UNDERLAY_A + "/24", "dev", vethA);
            sh("ip", "-n", net.nsB, "addr", "add", UNDERLAY_B + "/24", "dev", vethB);
            sh("ip", "-n", net.nsB, "addr", "add", UNDERLAY_B2 + "/24", "dev", vethB);
            for (String ns : List.of(net.nsA, net.nsB)) {
                sh("ip", "-n", ns, "link", "set", "lo", "up");
            }
            sh("ip", "-n", net.nsA, "link", "set", vethA, "up");
            sh("ip", "-n", net.nsB, "link", "set", vethB, "up");
            done = true;
            return net;
        } finally {
            if (!done) {
                net.close();
            }
        }
    }

    /**
     * Starts wireguard-go in a namespace with a fresh unique name and gives the interface overlay addresses.
     *
     * @param ns the namespace
     * @param host the last byte of the overlay addresses (203.0.113.HOST/24, 2001:db8::HOST/64)
     * @return the process
     */
    WireGuardGoProcess startInterface(final String ns, final int host) throws WireGuardException {
        final String iface = "wgt" + run + (ns.equals(nsA) ? "a" : "b") + counter++;
        final WireGuardGoProcess process = WireGuardGoProcess.start(ns, iface);
        synchronized (processes) {
            processes.add(process);
        }
        sh("ip", "-n", ns, "addr", "add", "203.0.113." + host + "/24", "dev", iface);
        sh("ip", "-n", ns, "addr", "add", "2001:db8::" + Integer.toHexString(host) + "/64", "dev", iface, "nodad");
        sh("ip", "-n", ns, "link", "set", iface, "up");
        return process;
    }

    /**
     * Stops every wireguard-go started so far.
     */
    void stopInterfaces() {
        synchronized (processes) {
            processes.forEach(WireGuardGoProcess::stop);
            processes.clear();
        }
    }

    /**
     * Pings once with a one-second bound.
     *
     * @param ns the namespace to ping from
     * @param address the target
     * @return true when a reply came
     */
    static boolean ping(final String ns, final String address) {
        return run("ip", "netns", "exec", ns, "ping", "-c1", "-W1", "-q", address).exitCode() == 0;
    }

    /**
     * Pings up to three times.
     *
     * @param ns the namespace to ping from
     * @param address the target
     * @return true when a reply came
     */
    static boolean pingWithRetries(final String ns, final String address) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (ping(ns, address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs a command that must succeed.
     *
     * @param command the command
     * @return its outcome
     */
    static Commands.Result sh(final String... command) {
        final Commands.Result result = run(command);
        assertEquals(0, result.exitCode(), () -> String.join(" ", command) + " failed: " + result.stderrLine());
        return result;
    }

    static Commands.Result run(final String... command) {
        try {
            return Commands.run(List.of(command), null, COMMAND_TIMEOUT, 1 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void cleanUp() {
        stopInterfaces();
        for (String ns : List.of(nsA, nsB)) {
            if (Files.exists(Path.of("/var/run/netns", ns))) {
                run("ip", "netns", "del", ns);
            }
        }
    }

    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }
}
