/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Network namespaces, veth links, wireguard-go instances and processes for one test class, all named with a per-run
 * prefix and all removed by {@link #close()}, by a shutdown hook if the JVM ends first, and otherwise by the sweep
 * that the next run does at start.
 *
 * <p>Names: namespaces {@code wgcp-pkt<run>-<pid>-<role>} (the PID of this JVM tells the sweep whether the owner is
 * still alive); interfaces {@code pk<run><role>}, unique on the whole machine because wireguard-go's UAPI socket
 * {@code /var/run/wireguard/<name>.sock} is not per namespace.
 */
public final class TestNetwork implements AutoCloseable {
    static final String NAMESPACE_PREFIX = "wgcp-pkt";
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private static final Path NETNS_DIR = Paths.get("/var/run/netns");
    private static final Path WIREGUARD_DIR = Paths.get("/var/run/wireguard");
    private static final Pattern OWNED = Pattern.compile(NAMESPACE_PREFIX + "([0-9a-f]{6})-([0-9]+)-.*");
    private static final Logger LOG = System.getLogger(TestNetwork.class.getName());

    private final String run;
    private final List<String> namespaces = Collections.synchronizedList(new ArrayList<>());
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    private final Path workDir;
    private final Thread shutdownHook;

    private TestNetwork() throws IOException {
        final byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        run = HexFormat.of().formatHex(random);
        workDir = Files.createTempDirectory("wgcp-pkt" + run);
        shutdownHook = new Thread(this::cleanUp, "wgcp-pkt" + run + "-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Checks the prerequisites, sweeps what dead runs left behind and starts a run.
     *
     * @param wireguard whether wireguard-go and wg are needed
     * @return the run
     */
    public static TestNetwork start(final boolean wireguard) throws IOException {
        requirePrerequisites(wireguard);
        sweepStale();
        return new TestNetwork();
    }

    /**
     * Fails, naming everything missing, unless the test can build networks. Never skips: CI installs all of it.
     */
    static void requirePrerequisites(final boolean wireguard) {
        final List<String> missing = new ArrayList<>();
        if (LibC.geteuid() != 0) {
            missing.add("root (euid 0, for namespaces, TUN devices and raw sockets)");
        }
        final File tun = new File("/dev/net/tun");
        if (!tun.exists() || !tun.canRead() || !tun.canWrite()) {
            missing.add("a readable and writable /dev/net/tun");
        }
        final List<String> tools = new ArrayList<>(List.of("ip", "ping"));
        if (wireguard) {
            tools.add("wireguard-go");
            tools.add("wg");
        }
        for (String tool : tools) {
            if (findExecutable(tool) == null) {
                missing.add("'" + tool + "' on the PATH");
            }
        }
        if (!missing.isEmpty()) {
            fail("This network test needs " + String.join(", ", missing) + " (Debian: apt-get install -y "
                + "iproute2 iputils-ping wireguard-go wireguard-tools; run as root). Not skipped on purpose.");
        }
    }

    private static Path findExecutable(final String name) {
        final String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                final Path candidate = Paths.get(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /**
     * Removes the namespaces of runs whose JVM is gone, the processes left in them and their wireguard-go sockets.
     */
    static void sweepStale() throws IOException {
        if (!Files.isDirectory(NETNS_DIR)) {
            return;
        }
        final List<String> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(NETNS_DIR, NAMESPACE_PREFIX + "*")) {
            for (Path entry : entries) {
                final Matcher matcher = OWNED.matcher(entry.getFileName().toString());
                if (matcher.matches() && !ProcessHandle.of(Long.parseLong(matcher.group(2)))
                        .map(ProcessHandle::isAlive).orElse(false)) {
                    stale.add(entry.getFileName().toString());
                }
            }
        }
        for (String namespace : stale) {
            // What runs in a namespace of ours was started by a run of these tests (wireguard-go, ping).
            for (String pid : exec(List.of("ip", "netns", "pids", namespace)).split("\\s+")) {
                if (!pid.isEmpty()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroy);
                }
            }
            execQuietly(List.of("ip", "netns", "del", namespace));
            final Matcher matcher = OWNED.matcher(namespace);
            if (matcher.matches()) {
                deleteSockets("pk" + matcher.group(1));
            }
        }
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

    /**
     * A name for an interface of this run.
     *
     * @param role at most 7 characters
     */
    public String interfaceName(final String role) {
        final String name = "pk" + run + role;
        if (name.length() > 15) {
            throw new IllegalArgumentException("interface name too long: " + name);
        }
        return name;
    }

    /**
     * Creates a namespace with its loopback up.
     */
    public String addNamespace(final String role) throws IOException {
        final String name = NAMESPACE_PREFIX + run + "-" + ProcessHandle.current().pid() + "-" + role;
        exec(List.of("ip", "netns", "add", name));
        namespaces.add(name);
        IpCommand.inNamespace(name).linkUp("lo");
        return name;
    }

    /**
     * Joins two namespaces with a veth pair, addressed in the benchmarking range 198.18.0.0/15.
     */
    public void addVeth(final String namespaceA, final String addressA, final String namespaceB, final String addressB)
            throws IOException {
        final String nameA = interfaceName("va");
        final String nameB = interfaceName("vb");
        // Created inside A, with the peer end moved to B at once: nothing ever appears in the root namespace.
        exec(List.of("ip", "-n", namespaceA, "link", "add", nameA, "type", "veth", "peer", "name", nameB, "netns",
            namespaceB));
        IpCommand.inNamespace(namespaceA).run("address", "add", addressA + "/24", "dev", nameA);
        IpCommand.inNamespace(namespaceB).run("address", "add", addressB + "/24", "dev", nameB);
        IpCommand.inNamespace(namespaceA).linkUp(nameA);
        IpCommand.inNamespace(namespaceB).linkUp(nameB);
    }

    /**
     * Starts wireguard-go in the foreground (so that its PID is the one we hold) and waits for its UAPI socket.
     */
    public void startWireguard(final String namespace, final String name) throws IOException {
        final ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", namespace, "wireguard-go", "-f", name)
            .redirectErrorStream(true).redirectOutput(workDir.resolve(name + ".log").toFile());
        builder.environment().put("WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD", "1");
        final Process process = builder.start();
        processes.add(process);
        final Path socket = WIREGUARD_DIR.resolve(name + ".sock");
        final long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (!Files.exists(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                fail("wireguard-go " + name + " did not come up: "
                    + Files.readString(workDir.resolve(name + ".log"), StandardCharsets.UTF_8));
            }
            sleep(10);
        }
    }

    /**
     * Generates a WireGuard private key into a file of the run.
     *
     * @return the file
     */
    Path generateKey(final String role) throws IOException {
        final Path file = workDir.resolve(role + ".key");
        Files.writeString(file, exec(List.of("wg", "genkey")).trim() + "\n", StandardCharsets.US_ASCII);
        return file;
    }

    /**
     * The public key of a private key file.
     */
    String publicKey(final Path privateKey) throws IOException {
        final ProcessBuilder builder = new ProcessBuilder("wg", "pubkey").redirectInput(privateKey.toFile());
        return exec(builder).trim();
    }

    /**
     * Starts a command in a namespace, with its output in a file; it is ended by {@link #close()} if still running.
     */
    public Started startIn(final String namespace, final String... command) throws IOException {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        final Path output = Files.createTempFile(workDir, "cmd", ".out");
        final Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile())
            .start();
        processes.add(process);
        return new Started(process, output, String.join(" ", full));
    }

    /**
     * Runs code on a fresh thread that has entered a namespace with {@code setns(2)}: what it opens (TUN devices,
     * sockets) belongs to that namespace for good. Only that thread changes namespace; it ends with the code.
     */
    static <T> T callIn(final String namespace, final Callable<T> body) throws IOException {
        final FutureTask<T> task = new FutureTask<>(() -> {
            final int fd = LibC.open(NETNS_DIR.resolve(namespace).toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
            try {
                LibC.setns(fd, LibC.CLONE_NEWNET);
            } finally {
                LibC.closeQuietly(fd);
            }
            return body.call();
        });
        final Thread thread = new Thread(task, "in-" + namespace);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("code in namespace " + namespace + " failed: " + e.getCause(), e);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new IOException("code in namespace " + namespace + " did not finish", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public static String exec(final List<String> command) throws IOException {
        return exec(new ProcessBuilder(command));
    }

    private static String exec(final ProcessBuilder builder) throws IOException {
        final Path output = Files.createTempFile("wgcp-pkt", ".out");
        try {
            final Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", builder.command()) + " timed out");
            }
            final String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", builder.command()) + " failed (" + process.exitValue()
                    + "): " + text.trim());
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void execQuietly(final List<String> command) {
        try {
            exec(command);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cleanup: {0}", e.getMessage());
        }
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

    private synchronized void cleanUp() {
        final List<Process> started;
        synchronized (processes) {
            started = new ArrayList<>(processes);
            processes.clear();
        }
        // SIGTERM first: wireguard-go then removes its UAPI socket itself.
        for (Process process : started) {
            process.destroy();
        }
        for (Process process : started) {
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        final List<String> owned;
        synchronized (namespaces) {
            owned = new ArrayList<>(namespaces);
            namespaces.clear();
        }
        for (String namespace : owned) {
            execQuietly(List.of("ip", "netns", "del", namespace));
        }
        try {
            deleteSockets("pk" + run);
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

    /**
     * A command started by {@link #startIn(String, String...)}.
     */
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

        /**
         * Waits for the command to end.
         *
         * @return the exit code
         */
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
