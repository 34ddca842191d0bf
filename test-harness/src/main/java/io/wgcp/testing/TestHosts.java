/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test hosts in network namespaces for one test class: namespaces, veth links, wireguard-go instances and other
 * processes, all named after the run and all removed by {@link #close()}, by a shutdown hook when the JVM ends first,
 * and otherwise by {@link #sweepStale()} at the start of a later run.
 *
 * <p>Names: namespaces {@code wgcp-<tag><pid>-<run>-<role>} (the PID of the owning JVM tells the sweep whether the
 * run is still alive); interfaces {@code <tag><run><role>}, unique on the whole machine because wireguard-go's UAPI
 * socket {@code /var/run/wireguard/<name>.sock} is not per namespace. Addresses are the caller's, from the ranges
 * of the project's test-network rules (198.18.0.0/15 underlay; documentation ranges for overlays).
 */
public final class TestHosts implements AutoCloseable {
    /** What every test namespace's name starts with. */
    public static final String PREFIX = "wgcp-";
    private static final Path NETNS_DIR = Path.of("/var/run/netns");
    private static final Path WIREGUARD_DIR = Path.of("/var/run/wireguard");
    private static final Pattern OWNED = Pattern.compile("wgcp-([a-z]+)([0-9]+)-([0-9a-f]{4})-.*");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = System.getLogger(TestHosts.class.getName());

    private final String tag;
    private final String run;
    private final Path workDir;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Deque<Runnable> cleanups = new ArrayDeque<>();
    private final Thread shutdownHook;

    private TestHosts(final String tag) throws IOException {
        if (!tag.matches("[a-z]{2,3}")) {
            throw new IllegalArgumentException("a tag is 2 or 3 lower-case letters: " + tag);
        }
        this.tag = tag;
        final byte[] random = new byte[2];
        RANDOM.nextBytes(random);
        this.run = HexFormat.of().formatHex(random);
        this.workDir = Files.createTempDirectory("wgcp-" + tag + run);
        this.shutdownHook = new Thread(this::cleanUp, "wgcp-" + tag + run + "-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Checks what the tests need, sweeps what dead runs left behind and starts a run.
     *
     * @param tag 2 or 3 letters naming the test suite in every name of the run
     * @param tools the programs the tests run besides {@code ip}
     */
    public static TestHosts create(final String tag, final String... tools) throws IOException {
        require(tools);
        sweepStale();
        return new TestHosts(tag);
    }

    /**
     * Fails, naming everything missing, unless this machine can build test networks: root, {@code /dev/net/tun},
     * {@code ip} and the given programs. Never skips: {@code ./run-tests} installs all of it.
     */
    public static void require(final String... tools) {
        final List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("root (namespaces, TUN devices, raw sockets)");
        }
        final File tun = new File("/dev/net/tun");
        if (!tun.exists() || !tun.canRead() || !tun.canWrite()) {
            missing.add("a readable and writable /dev/net/tun");
        }
        final List<String> programs = new ArrayList<>(List.of("ip"));
        programs.addAll(List.of(tools));
        for (String program : programs) {
            if (findExecutable(program) == null) {
                missing.add("'" + program + "' on the PATH");
            }
        }
        if (!missing.isEmpty()) {
            fail("This network test needs " + String.join(", ", missing) + ". ./run-tests installs the tools as root "
                + "(Debian: wireguard-go wireguard-tools iproute2 iputils-ping iperf3 tshark sockperf nftables). "
                + "Not skipped on purpose.");
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
            return false;
        }
        return false;
    }

    private static Path findExecutable(final String name) {
        final String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        return null;
    }

    /**
     * Removes the namespaces of runs whose JVM is gone, the processes still in them (by their PIDs) and the
     * wireguard-go sockets of their interfaces.
     */
    public static void sweepStale() throws IOException {
        if (!Files.isDirectory(NETNS_DIR)) {
            return;
        }
        final List<String> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(NETNS_DIR, PREFIX + "*")) {
            for (Path entry : entries) {
                final Matcher matcher = OWNED.matcher(entry.getFileName().toString());
                if (matcher.matches() && !ProcessHandle.of(Long.parseLong(matcher.group(2)))
                        .map(ProcessHandle::isAlive).orElse(false)) {
                    stale.add(entry.getFileName().toString());
                }
            }
        }
        for (String namespace : stale) {
            deleteNamespace(namespace);
            final Matcher matcher = OWNED.matcher(namespace);
            if (matcher.matches()) {
                deleteSockets(matcher.group(1) + matcher.group(3));
            }
        }
    }

    /** Stops what still runs in a namespace of ours (a run of these tests started it), then deletes it. */
    private static void deleteNamespace(final String namespace) {
        try {
            for (String pid : Commands.run(List.of("ip", "netns", "pids", namespace)).output().split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid.strip()))
                        .ifPresent(process -> Commands.stop(process, Duration.ofSeconds(3)));
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.log(Level.DEBUG, "processes in " + namespace, e);
        }
        Commands.quietly(List.of("ip", "netns", "del", namespace));
    }

    private static void deleteSockets(final String interfacePrefix) throws IOException {
        if (Files.isDirectory(WIREGUARD_DIR)) {
            try (DirectoryStream<Path> sockets = Files.newDirectoryStream(WIREGUARD_DIR, interfacePrefix + "*")) {
                for (Path socket : sockets) {
                    Files.deleteIfExists(socket);
                }
            }
        }
    }

    /** The run's id, 4 hex digits. */
    public String run() {
        return run;
    }

    /** A directory of the run for logs and key files; removed with the run. */
    public Path workDir() {
        return workDir;
    }

    /**
     * The machine-wide unique name of one of the run's interfaces.
     *
     * @param role at most 8 characters
     */
    public String interfaceName(final String role) {
        final String name = tag + run + role;
        if (name.length() > 15) {
            throw new IllegalArgumentException("interface name too long (15 at most): " + name);
        }
        return name;
    }

    /** The name of one of the run's namespaces (created by {@link #addNamespace(String)}). */
    public String namespace(final String role) {
        return PREFIX + tag + ProcessHandle.current().pid() + "-" + run + "-" + role;
    }

    /** Creates a namespace with its loopback up. */
    public String addNamespace(final String role) throws IOException {
        final String name = namespace(role);
        Commands.check(List.of("ip", "netns", "add", name));
        synchronized (this) {
            namespaces.add(name);
        }
        Commands.check(List.of("ip", "-n", name, "link", "set", "lo", "up"));
        return name;
    }

    /**
     * Joins two namespaces with a veth pair, created inside the first with the peer end moved at once, so that
     * nothing ever appears in the host's namespace.
     *
     * @param addressA an address with its prefix length, e.g. {@code 198.18.0.1/24}
     * @return the two interface names
     */
    public List<String> addVeth(final String namespaceA, final String addressA, final String namespaceB,
            final String addressB) throws IOException {
        final String nameA = interfaceName("va" + namespaces.indexOf(namespaceA));
        final String nameB = interfaceName("vb" + namespaces.indexOf(namespaceB));
        Commands.check(List.of("ip", "-n", namespaceA, "link", "add", nameA, "type", "veth", "peer", "name", nameB,
            "netns", namespaceB));
        Commands.check(List.of("ip", "-n", namespaceA, "address", "add", addressA, "dev", nameA));
        Commands.check(List.of("ip", "-n", namespaceB, "address", "add", addressB, "dev", nameB));
        Commands.check(List.of("ip", "-n", namespaceA, "link", "set", nameA, "up"));
        Commands.check(List.of("ip", "-n", namespaceB, "link", "set", nameB, "up"));
        return List.of(nameA, nameB);
    }

    /**
     * Starts wireguard-go in the foreground (its PID is the one held here) in a namespace and waits for its UAPI
     * socket; it is stopped with the run.
     */
    public Process startWireGuardGo(final String namespace, final String name) throws IOException {
        final Path log = workDir.resolve(name + ".log");
        final ProcessBuilder builder = new ProcessBuilder(Commands.in(namespace, "wireguard-go", "-f", name))
            .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD", "1");
        final Process process = track(builder.start());
        final Path socket = WIREGUARD_DIR.resolve(name + ".sock");
        final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                fail("wireguard-go " + name + " did not come up: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            sleep(10);
        }
        return process;
    }

    /**
     * Starts a command in a namespace with its output in a file of the run; it is stopped with the run if still
     * running.
     */
    public Started startIn(final String namespace, final String... command) throws IOException {
        final List<String> full = Commands.in(namespace, command);
        final Path output = Files.createTempFile(workDir, "cmd", ".out");
        final Process process = track(new ProcessBuilder(full).redirectErrorStream(true)
            .redirectOutput(output.toFile()).start());
        return new Started(process, output, String.join(" ", full));
    }

    /** Registers cleanup work of the caller (a process it started itself, say); runs first at close, last first. */
    public synchronized void onClose(final Runnable cleanup) {
        cleanups.push(cleanup);
    }

    private synchronized Process track(final Process process) {
        processes.add(process);
        return process;
    }

    /** Pings once with a one-second bound. */
    public static boolean ping(final String namespace, final String address) throws IOException {
        return Commands.run(Commands.in(namespace, "ping", "-c1", "-W1", "-q", address)).ok();
    }

    static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and the hook runs anyway; cleanUp() is idempotent
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void cleanUp() {
        final List<Runnable> callerWork;
        final List<Process> started;
        final List<String> owned;
        synchronized (this) {
            callerWork = new ArrayList<>(cleanups);
            cleanups.clear();
            started = new ArrayList<>(processes);
            processes.clear();
            owned = new ArrayList<>(namespaces);
            namespaces.clear();
        }
        for (Runnable work : callerWork) {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cleanup failed", e);
            }
        }
        // SIGTERM first: wireguard-go then removes its UAPI socket itself.
        started.forEach(process -> Commands.stop(process.toHandle(), Duration.ofSeconds(2)));
        owned.forEach(TestHosts::deleteNamespace);
        try {
            deleteSockets(tag + run);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(workDir)) {
                for (Path file : files) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(workDir);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cleanup: {0}", e.getMessage());
        }
    }

    /** A command started by {@link #startIn(String, String...)}. */
    public static final class Started {
        private final Process process;
        private final Path output;
        private final String command;

        Started(final Process process, final Path output, final String command) {
            this.process = process;
            this.output = output;
            this.command = command;
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Waits for the command to end and gives its exit code; fails when it does not end in time. */
        public int await(final Duration timeout) throws IOException {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    fail(command + " still running after " + timeout.toMillis() + " ms: " + output());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            return process.exitValue();
        }

        public String output() throws IOException {
            return Files.readString(output, StandardCharsets.UTF_8);
        }
    }
}
