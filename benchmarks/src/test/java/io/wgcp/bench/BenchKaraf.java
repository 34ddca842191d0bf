/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.bench;

import io.wgcp.testing.DistributionFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * The built distribution, run for the benchmark from a private copy with a fixed heap and a GC log, and measured
 * with {@code jcmd}. It is a small sibling of the integration tests' launcher ({@code io.wgcp.it}), which is
 * package-private and has no heap measurement: the process is started with {@code bin/karaf server}, stopped with
 * {@code bin/stop} and, if it lingers, killed with its whole process tree. Every wait is bounded.
 */
final class BenchKaraf implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BenchKaraf.class.getName());
    /** Ports a running controller listens on: RESTCONF (Jetty), SSH console, JMX registry and server, Akka. */
    private static final int[] PORTS = { 8181, 8101, 1099, 44444, 2550 };
    private static final Pattern HEAP_USED = Pattern.compile("garbage-first heap\\s+total (\\d+)K, used (\\d+)K");
    private static final Pattern HISTOGRAM_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private final Path home;
    private final String heap;
    private final Path jcmd;
    private final Thread reaper = new Thread(this::killQuietly, "bench-karaf-reaper");
    private Process process;
    private long javaPid = -1;

    private BenchKaraf(final Path home, final String heap) {
        this.home = home;
        this.heap = heap;
        jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Copies the built assembly into a fresh directory (an earlier copy is deleted first, with its datastore).
     *
     * @param assembly the built assembly, {@code target/assembly}
     * @param workDir the directory to run from
     * @param heap the maximum heap, e.g. {@code 2048m}
     * @return the distribution, not started
     * @throws IOException if the copy fails
     */
    static BenchKaraf copyOf(final Path assembly, final Path workDir, final String heap) throws IOException {
        if (!Files.isExecutable(assembly.resolve("bin/karaf"))) {
            throw new IllegalStateException("no built distribution at " + assembly
                + ": build it with ./mvnw -B -o clean install -DskipTests");
        }
        DistributionFiles.deleteTree(workDir);
        DistributionFiles.copyTree(assembly, workDir);
        for (var stale : List.of("data", "journal", "segmented-journal", "snapshots", "instances", "lock",
                "karaf.pid")) {
            DistributionFiles.deleteTree(workDir.resolve(stale));
        }
        return new BenchKaraf(workDir, heap);
    }

    Path home() {
        return home;
    }

    Path karafLog() {
        return home.resolve("data/log/karaf.log");
    }

    Path gcLog() {
        return home.resolve("gc.log");
    }

    String heap() {
        return heap;
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts {@code bin/karaf server} with {@code -Xmx} set to the heap and a GC log, and waits until Karaf has
     * written the PID of its JVM.
     *
     * @throws IOException if the process cannot start
     */
    void start() throws IOException, InterruptedException {
        final var busy = busyPorts();
        if (!busy.isEmpty()) {
            throw new IllegalStateException("ports " + busy + " on 127.0.0.1 are in use: another controller is "
                + "running. Run the benchmark under 'flock /tmp/wgcp-karaf.lock' and stop the other one first.");
        }
        final var builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("karaf-console.log").toFile());
        final var env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        for (var name : List.of("KARAF_HOME", "KARAF_BASE", "KARAF_DATA", "KARAF_ETC", "KARAF_LOG", "JAVA_OPTS",
                "EXTRA_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JAVA_MAX_MEM", "JAVA_MIN_MEM")) {
            env.remove(name);
        }
        env.put("EXTRA_JAVA_OPTS", "-Xmx" + heap + " -Xlog:gc:file=" + gcLog() + ":uptime");
        process = builder.start();
        LOG.log(Level.INFO, "Started Karaf (launcher pid {0}, -Xmx{1}) in {2}", String.valueOf(process.pid()), heap,
            home);
        final var pidFile = home.resolve("karaf.pid");
        awaitCondition("the Karaf JVM's pid file " + pidFile, Duration.ofSeconds(120), () -> {
            try {
                return Files.isRegularFile(pidFile) && !Files.readString(pidFile).isBlank();
            } catch (IOException e) {
                return false;
            }
        });
        javaPid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
        LOG.log(Level.INFO, "Karaf JVM pid {0}", String.valueOf(javaPid));
    }

    long javaPid() {
        return javaPid;
    }

    /**
     * Waits until a condition holds, failing early when the controller exits.
     *
     * @param what what is awaited, for the failure message
     * @param timeout the longest wait
     * @param condition the condition, polled every 0.5 s
     * @return how long it took
     */
    Duration awaitCondition(final String what, final Duration timeout, final BooleanSupplier condition)
            throws InterruptedException {
        final long start = System.nanoTime();
        final long deadline = start + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!isRunning()) {
                throw new IllegalStateException("the controller exited while waiting for " + what + "\n"
                    + tail(karafLog(), 30) + tail(home.resolve("karaf-console.log"), 15));
            }
            final var bootError = bootFeatureError();
            if (bootError != null) {
                throw new IllegalStateException("the distribution cannot install its boot features (a broken build?) "
                    + "while waiting for " + what + ":\n" + bootError);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what
                    + "\n" + tail(karafLog(), 30));
            }
            Thread.sleep(500);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Returns the boot-feature failure that karaf.log reports, if any: the controller then never becomes ready.
     *
     * @return the failure, shortened, or null
     */
    private String bootFeatureError() {
        try (var lines = Files.lines(karafLog(), StandardCharsets.UTF_8)) {
            final var found = lines.dropWhile(line -> !line.contains("Error installing boot features")).limit(2)
                .toList();
            return found.isEmpty() ? null : found.stream().map(line -> line.length() > 1500
                ? line.substring(0, 1500) + "..." : line).reduce((a, b) -> a + "\n" + b).orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /**
     * Runs full collections in the controller ({@code jcmd GC.run}, twice, so that objects released by the first
     * one's reference processing go too) and returns the heap in use afterwards.
     *
     * @return the G1 heap used and committed, in bytes, and the resident set size of the process
     */
    HeapFigure heapAfterFullGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        Thread.sleep(500);
        jcmd("GC.run");
        final var info = jcmd("GC.heap_info");
        final var matcher = HEAP_USED.matcher(info);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected GC.heap_info output (is the collector G1?):\n" + info);
        }
        return new HeapFigure(Long.parseLong(matcher.group(2)) * 1024, Long.parseLong(matcher.group(1)) * 1024,
            residentBytes());
    }

    /**
     * Returns the live-object histogram ({@code jcmd GC.class_histogram}, which collects first).
     *
     * @return the bytes and instance counts per class, in the order jcmd prints them (largest first)
     */
    Map<String, long[]> classHistogram() throws IOException, InterruptedException {
        final Map<String, long[]> histogram = new LinkedHashMap<>();
        for (var line : jcmd("GC.class_histogram").split("\n")) {
            final var matcher = HISTOGRAM_LINE.matcher(line);
            if (matcher.matches()) {
                histogram.merge(matcher.group(3), new long[] { Long.parseLong(matcher.group(1)),
                    Long.parseLong(matcher.group(2)) }, (a, b) -> new long[] { a[0] + b[0], a[1] + b[1] });
            }
        }
        return histogram;
    }

    private long residentBytes() {
        try {
            final var matcher = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(javaPid), "status")));
            return matcher.find() ? Long.parseLong(matcher.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Runs one diagnostic command in the controller's JVM.
     *
     * @param command the command, e.g. {@code GC.heap_info}
     * @return what it printed
     */
    String jcmd(final String command) throws IOException, InterruptedException {
        final var output = Files.createTempFile(home, "jcmd-", ".out");
        try {
            final var jcmdProcess = new ProcessBuilder(jcmd.toString(), Long.toString(javaPid), command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
            if (!jcmdProcess.waitFor(120, TimeUnit.SECONDS)) {
                jcmdProcess.destroyForcibly();
                throw new IllegalStateException("jcmd " + command + " did not finish within 120 s");
            }
            final var text = Files.readString(output, StandardCharsets.UTF_8);
            if (jcmdProcess.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + javaPid + " " + command + " failed:\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * Stops the controller: {@code bin/stop}, a bounded wait, then the process tree is killed if it is still there.
     * Does nothing when it is not running.
     */
    @Override
    public void close() {
        try {
            if (isRunning()) {
                stopGracefully();
            }
        } catch (InterruptedException e) {
            LOG.log(Level.WARNING, "Interrupted while stopping Karaf: killing it", e);
            killQuietly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException e) {
                LOG.log(Level.DEBUG, "JVM shutting down: the reaper runs anyway", e);
            }
        }
    }

    private void stopGracefully() throws InterruptedException {
        try {
            final var stopper = new ProcessBuilder(home.resolve("bin/stop").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("karaf-stop.log").toFile());
            stopper.environment().put("JAVA_HOME", System.getProperty("java.home"));
            final var stop = stopper.start();
            if (!stop.waitFor(30, TimeUnit.SECONDS)) {
                stop.destroyForcibly();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "bin/stop failed", e);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            LOG.log(Level.WARNING, "Karaf did not exit 60 s after bin/stop: killing it");
            kill();
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!busyPorts().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        LOG.log(Level.INFO, "Karaf stopped; its files are in {0}", home);
    }

    private void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        final var handle = process.toHandle();
        final List<ProcessHandle> tree = new ArrayList<>(handle.descendants().toList());
        tree.add(handle);
        // The pid Karaf wrote is that JVM's own, a child of the launcher script: kill it by that exact pid too.
        if (javaPid > 0) {
            ProcessHandle.of(javaPid).ifPresent(tree::add);
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        for (var member : tree) {
            member.onExit().toCompletableFuture().completeOnTimeout(member, 10, TimeUnit.SECONDS).join();
        }
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private void killQuietly() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Integer> busyPorts() {
        final List<Integer> busy = new ArrayList<>();
        for (int port : PORTS) {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                busy.add(port);
            } catch (IOException e) {
                // nothing listens there: free
                continue;
            }
        }
        return busy;
    }

    static String tail(final Path file, final int lines) {
        try {
            final var all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return "--- last lines of " + file + " ---\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")\n";
        }
    }



    /**
     * The heap after a full collection.
     *
     * @param usedBytes live heap
     * @param committedBytes heap the JVM has committed
     * @param residentBytes the process's resident set size, or -1
     */
    record HeapFigure(long usedBytes, long committedBytes, long residentBytes) {
        String describe() {
            return String.format("%.1f MiB used, %.1f MiB committed, RSS %.1f MiB", usedBytes / 1048576.0,
                committedBytes / 1048576.0, residentBytes / 1048576.0);
        }
    }
}
