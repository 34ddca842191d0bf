/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.it;

import io.wgcp.testing.DistributionFiles;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built Karaf distribution, run from a private copy as a child process: {@code bin/karaf server} to start,
 * {@code bin/stop} (then the process tree killed if it lingers) to stop, {@code bin/client} for console commands.
 * Every wait is bounded.
 */
final class KarafDistribution {
    private static final System.Logger LOG = System.getLogger(KarafDistribution.class.getName());
    private static final Pattern ANSI = Pattern.compile("\\x1B\\[[0-9;?]*[A-Za-z]");
    /** Ports a running ODL controller listens on: RESTCONF (Jetty), SSH console, JMX registry and server, Akka. */
    private static final int[] PORTS = { 8181, 8101, 1099, 44444, 2550 };
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final String heap;
    private final Thread shutdownHook = new Thread(this::killQuietly, "karaf-it-reaper");
    private Process process;
    private int starts;

    private KarafDistribution(final Path home, final String heap) {
        this.home = home;
        this.heap = heap;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Copies a built assembly into a fresh directory (the previous copy, with its datastore, is deleted first), so
     * that every run starts from an empty datastore and the built assembly itself is never modified.
     *
     * @param assembly the built assembly, {@code target/assembly}
     * @param workDir the directory to run from
     * @param heap the maximum heap, e.g. {@code 1g}
     * @return the distribution, not started
     * @throws IOException if the copy fails
     */
    static KarafDistribution copyOf(final Path assembly, final Path workDir, final String heap) throws IOException {
        if (!Files.isExecutable(assembly.resolve("bin/karaf"))) {
            throw new IllegalStateException("no built distribution at " + assembly
                + ": run ./mvnw -B install -DskipTests (the integration tests run in the verify phase)");
        }
        DistributionFiles.deleteTree(workDir);
        DistributionFiles.copyTree(assembly, workDir);
        // State of an earlier run of the assembly itself (someone started target/assembly in place): the datastore
        // lives in segmented-journal/ and snapshots/, AAA and the Karaf cache in data/.
        for (var stale : List.of("data", "journal", "segmented-journal", "snapshots", "instances", "lock",
                "karaf.pid")) {
            DistributionFiles.deleteTree(workDir.resolve(stale));
        }
        return new KarafDistribution(workDir, heap);
    }

    Path home() {
        return home;
    }

    Path karafLog() {
        return home.resolve("data/log/karaf.log");
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts {@code bin/karaf server} in the background, its console output going to a file in the copy.
     *
     * @throws IOException if the process cannot start
     */
    void start() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("the controller is already running");
        }
        final var busy = busyPorts();
        if (!busy.isEmpty()) {
            throw new IllegalStateException("ports " + busy + " on 127.0.0.1 are in use: another controller (or "
                + "another run of these tests) is running. Stop it first, e.g. with its bin/stop.");
        }
        starts++;
        final var console = home.resolve("karaf-console-" + starts + ".log");
        // The documented start script, with the documented heap setting (bin/setenv applies it).
        final var builder = new ProcessBuilder(home.resolve("bin/wgcp").toString(), "server")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(console.toFile());
        environment(builder);
        builder.environment().put("JAVA_MAX_MEM", heap);
        process = builder.start();
        LOG.log(Level.INFO, "Started Karaf (pid {0}) in {1}, console output in {2}", process.pid(), home, console);
    }

    /**
     * The maximum heap of the running controller's JVM, as that JVM reports it ({@code jcmd PID VM.flags}).
     *
     * @return MaxHeapSize in bytes
     * @throws IOException if there is no running JVM or jcmd fails
     */
    long maxHeapBytes() throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            throw new IOException("the controller is not running");
        }
        // bin/wgcp execs bin/karaf, which runs the JVM as its child.
        final var jvm = Stream.concat(Stream.of(process.toHandle()),
                process.toHandle().descendants())
            .filter(handle -> handle.info().command().map(command -> command.endsWith("/java")).orElse(false))
            .findFirst().orElseThrow(() -> new IOException("no java process under " + process.pid()));
        final var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        final var run = new ProcessBuilder(jcmd, Long.toString(jvm.pid()), "VM.flags").redirectErrorStream(true)
            .start();
        final String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!run.waitFor(30, TimeUnit.SECONDS) || run.exitValue() != 0) {
            throw new IOException("jcmd VM.flags failed: " + out);
        }
        final var matcher = Pattern.compile("-XX:MaxHeapSize=(\\d+)").matcher(out);
        if (!matcher.find()) {
            throw new IOException("no MaxHeapSize in: " + out);
        }
        return Long.parseLong(matcher.group(1));
    }

    /**
     * Waits until a condition holds, checking that the controller is still running between attempts.
     *
     * @param what what is awaited, for the failure message
     * @param timeout how long to wait at most
     * @param probe the condition; called again every second until it returns true
     * @return how long it took
     * @throws AssertionError when the time is up or the controller exited
     */
    Duration awaitRunning(final String what, final Duration timeout, final Probe probe) throws InterruptedException {
        final long start = System.nanoTime();
        final long deadline = start + timeout.toNanos();
        String last = "(no attempt)";
        while (true) {
            if (!isRunning()) {
                throw new AssertionError("the controller exited (status "
                    + (process == null ? "-" : String.valueOf(process.exitValue())) + ") while waiting for " + what
                    + "; last answer: " + last + "\n" + diagnostics());
            }
            final var outcome = probe.attempt();
            if (outcome.ready()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            last = outcome.detail();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                    + "; last answer: " + last + "\n" + diagnostics());
            }
            Thread.sleep(1000);
        }
    }

    /**
     * Stops the controller: {@code bin/stop}, then a bounded wait for the process to exit, then the process tree is
     * killed if it is still there. Does nothing when it is not running.
     *
     * @return true when it stopped cleanly through {@code bin/stop}
     */
    boolean stop() throws InterruptedException {
        if (!isRunning()) {
            return true;
        }
        try {
            final var stop = new ProcessBuilder(home.resolve("bin/stop").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("karaf-stop.log").toFile());
            environment(stop);
            final var stopper = stop.start();
            if (!stopper.waitFor(30, TimeUnit.SECONDS)) {
                stopper.destroyForcibly();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "bin/stop failed", e);
        }
        if (process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            awaitPortsFree();
            return true;
        }
        LOG.log(Level.WARNING, "Karaf (pid {0}) did not exit {1} s after bin/stop: killing it", process.pid(),
            STOP_TIMEOUT.toSeconds());
        kill();
        awaitPortsFree();
        return false;
    }

    /**
     * Runs one console command through {@code bin/client -u karaf -p karaf -b}, the command line on its standard
     * input (the way scripts drive the console).
     *
     * @param command the command line, e.g. {@code wgcp:edge-list}
     * @return the client's exit status and its output, colours removed
     */
    ClientResult client(final String command) throws IOException, InterruptedException {
        final var output = Files.createTempFile(home, "client-", ".out");
        final var input = Files.createTempFile(home, "client-", ".in");
        try {
            Files.writeString(input, command + "\n", StandardCharsets.UTF_8);
            final var builder = new ProcessBuilder(home.resolve("bin/client").toString(), "-u", "karaf", "-p",
                "karaf", "-b")
                .directory(home.toFile())
                .redirectInput(input.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
            environment(builder);
            // As an operator runs it: no JAVA_HOME, the JDK on the PATH (bin/setenv finds it).
            builder.environment().remove("JAVA_HOME");
            builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            final var client = builder.start();
            if (!client.waitFor(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                client.descendants().forEach(ProcessHandle::destroyForcibly);
                client.destroyForcibly();
                throw new AssertionError("bin/client did not finish '" + command + "' within "
                    + CLIENT_TIMEOUT.toSeconds() + " s; output so far:\n" + Files.readString(output));
            }
            final var text = ANSI.matcher(Files.readString(output, StandardCharsets.UTF_8)).replaceAll("")
                .replace("\r", "");
            if (text.contains("JAVA_HOME not set") || text.contains("SLF4J(")) {
                throw new AssertionError("bin/client printed warnings for '" + command + "':\n" + text);
            }
            return new ClientResult(command, client.exitValue(), text);
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(input);
        }
    }

    /**
     * Runs a console command until its output satisfies a condition (the SSH console comes up after RESTCONF).
     *
     * @param command the command line
     * @param timeout how long to try
     * @param accept the condition on the result
     * @return the accepted result
     */
    ClientResult clientUntil(final String command, final Duration timeout, final Predicate<ClientResult> accept)
            throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final var result = client(command);
            if (accept.test(result)) {
                return result;
            }
            if (System.nanoTime() > deadline || !isRunning()) {
                throw new AssertionError("console command '" + command + "' did not give the expected answer within "
                    + timeout.toSeconds() + " s; last answer (exit " + result.exitStatus() + "):\n" + result.output()
                    + "\n" + diagnostics());
            }
            Thread.sleep(2000);
        }
    }

    /**
     * Returns the tail of the controller's log and console output, for failure messages.
     *
     * @return the last lines of karaf.log and of the console output
     */
    String diagnostics() {
        return "--- last lines of " + karafLog() + " ---\n" + tail(karafLog(), 40)
            + "--- last lines of " + home.resolve("karaf-console-" + starts + ".log") + " ---\n"
            + tail(home.resolve("karaf-console-" + starts + ".log"), 15);
    }

    /**
     * Returns the lines of karaf.log that mention a text, for failure messages.
     *
     * @param needle the text
     * @param max at most this many lines
     * @return the lines
     */
    List<String> logLinesMentioning(final String needle, final int max) {
        final List<String> found = new ArrayList<>();
        try {
            for (var line : Files.readAllLines(karafLog(), StandardCharsets.UTF_8)) {
                if (line.contains(needle) && found.size() < max) {
                    found.add(line);
                }
            }
        } catch (IOException e) {
            found.add("(cannot read " + karafLog() + ": " + e + ")");
        }
        return found;
    }

    /**
     * Stops the controller for good, as {@link #stop()} does, and drops the JVM shutdown hook that would otherwise
     * kill it when the tests' JVM exits.
     *
     * @return true when it stopped cleanly through {@code bin/stop}
     */
    boolean shutdown() throws InterruptedException {
        try {
            return stop();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway
                LOG.log(Level.DEBUG, "JVM shutting down", e);
            }
        }
    }

    private void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        final var handle = process.toHandle();
        final List<ProcessHandle> tree = new ArrayList<>(handle.descendants().toList());
        tree.add(handle);
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

    private void awaitPortsFree() throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!busyPorts().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
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

    private static void environment(final ProcessBuilder builder) {
        final var env = builder.environment();
        // Run Karaf on the JDK that runs the tests (JDK 17), whatever JAVA_HOME the caller has.
        env.put("JAVA_HOME", System.getProperty("java.home"));
        for (var name : List.of("KARAF_HOME", "KARAF_BASE", "KARAF_DATA", "KARAF_ETC", "KARAF_LOG", "JAVA_OPTS",
                "EXTRA_JAVA_OPTS", "JAVA_TOOL_OPTIONS")) {
            env.remove(name);
        }
    }

    private static String tail(final Path file, final int lines) {
        try {
            final var all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")\n";
        }
    }



    /**
     * One attempt of a readiness probe.
     */
    @FunctionalInterface
    interface Probe {
        /**
         * Tries once.
         *
         * @return whether the condition holds, and what was seen
         */
        Outcome attempt() throws InterruptedException;
    }

    /**
     * The result of one probe attempt.
     *
     * @param ready whether the condition holds
     * @param detail what was seen, for the failure message
     */
    record Outcome(boolean ready, String detail) {
    }

    /**
     * The result of a console command.
     *
     * @param command the command line
     * @param exitStatus the client's exit status
     * @param output what it printed, without colours
     */
    record ClientResult(String command, int exitStatus, String output) {
        String describe() {
            return "bin/client '" + command + "' (exit " + exitStatus + "):\n" + output;
        }
    }
}
