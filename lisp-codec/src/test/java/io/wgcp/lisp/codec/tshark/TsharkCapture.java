/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec.tshark;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Captures UDP traffic on the loopback interface with tshark (the Debian package {@code tshark}) and decodes it with
 * Wireshark's dissectors: the interoperability check of the LISP codec, reusable by integration tests that capture
 * what a running map server sends.
 *
 * <pre>
 * try (TsharkCapture capture = TsharkCapture.start(Path.of("target/tshark/flow.pcapng"), port)) {
 *     // send and receive on 127.0.0.1 ...
 *     for (TsharkFrame frame : capture.stop()) {
 *         LOG.info(frame.verdict());
 *         assertEquals(List.of(), frame.problems());
 *     }
 * }
 * </pre>
 *
 * <p>{@link #start(Path, int)} runs {@code tshark -i lo -f "udp port <port> or <probe>" -w <pcap>} and returns only
 * once tshark has really captured one of its own probe datagrams (sent from and to a private UDP port on
 * 127.0.0.1, and left out of the results). {@link #stop()} sends a last probe, waits until tshark has seen it (so every
 * datagram sent before it is in the file), stops tshark by its PID, then decodes the file with
 * {@code tshark -r <pcap> -T pdml}, adding {@code -d udp.port==<port>,lisp} when the port is not 4342. Every wait is
 * bounded. When tshark is not installed or may not capture, these methods throw an {@link AssertionError} saying so:
 * a test using this class fails rather than skipping.
 */
public final class TsharkCapture implements AutoCloseable {
    /** The LISP control port, which Wireshark decodes as LISP without being told. */
    public static final int LISP_CONTROL_PORT = 4342;
    /** The longest wait for tshark to capture its first probe. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    /** The longest wait for tshark to capture the last probe, then for it to exit. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** The longest wait for one {@code tshark -r} run. */
    public static final Duration DECODE_TIMEOUT = Duration.ofSeconds(30);

    private static final String EOF = "";
    private static final String START_PROBE = "start";
    private static final String STOP_PROBE = "stop";
    private static final int START_PROBE_LENGTH = 17;
    private static final int STOP_PROBE_LENGTH = 23;
    private static final long PROBE_INTERVAL_MILLIS = 200;
    private static final int STDERR_TAIL = 4_000;
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);
    private static final String INSTALL_HINT = "install the Debian package tshark (apt-get install -y tshark) and run"
        + " the tests as root or as a member of the wireshark group";

    private final String tshark;
    private final Path pcap;
    private final int port;
    private final DatagramChannel probe;
    private final int probePort;
    private final Process process;
    private final BlockingQueue<String> probesSeen = new LinkedBlockingQueue<>();
    private final Queue<String> stderr = new ConcurrentLinkedQueue<>();
    private final List<String> decodePreferences = new ArrayList<>();
    private Thread stderrReader;
    private boolean stopped;

    private TsharkCapture(final String tshark, final Path pcap, final int port, final DatagramChannel probe,
            final Process process) throws IOException {
        this.tshark = tshark;
        this.pcap = pcap;
        this.port = port;
        this.probe = probe;
        this.probePort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        this.process = process;
    }

    /**
     * Starts capturing UDP datagrams to or from a port on the loopback interface, and returns once the capture is
     * running.
     *
     * @param pcap the capture file to write (its directory is created; an existing file is replaced)
     * @param port the UDP port whose traffic is captured and decoded as LISP
     * @return the running capture
     * @throws AssertionError if tshark is missing, may not capture, or did not start capturing within
     *                        {@link #START_TIMEOUT}
     */
    public static TsharkCapture start(final Path pcap, final int port) {
        final String tshark = findTshark();
        DatagramChannel probe = null;
        Process process = null;
        final TsharkCapture capture;
        try {
            final Path dir = pcap.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Files.deleteIfExists(pcap);
            probe = DatagramChannel.open();
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final int probePort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
            final String filter = "udp port " + port + " or (udp src port " + probePort + " and udp dst port "
                + probePort + ")";
            // -P -l: also print, flushed, one line per captured frame, which is how the probes are seen live
            process = tsharkProcess(dir, List.of(tshark, "-i", "lo", "-f", filter, "-w",
                pcap.toAbsolutePath().toString(), "-P", "-l", "-n", "-T", "fields", "-E", "separator=/t",
                "-e", "udp.srcport", "-e", "udp.dstport", "-e", "udp.length")).start();
            process.getOutputStream().close();
            capture = new TsharkCapture(tshark, pcap, port, probe, process);
        } catch (IOException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            closeQuietly(probe);
            throw new AssertionError("cannot run " + tshark + " (" + e.getMessage() + "): " + INSTALL_HINT, e);
        }
        capture.startReaders();
        try {
            capture.awaitProbe(START_PROBE, START_PROBE_LENGTH, START_TIMEOUT, "start capturing");
        } catch (AssertionError e) {
            capture.close();
            throw e;
        }
        return capture;
    }

    /**
     * Decodes a capture file with tshark.
     *
     * @param pcap the capture file
     * @param port the UDP port to decode as LISP (nothing is added for 4342, which Wireshark decodes as LISP anyway)
     * @param preferences extra tshark preferences, each {@code name:value} (for example
     *                    {@code udp.check_checksum:TRUE}), passed as {@code -o}
     * @return every frame of the file, in order
     * @throws AssertionError if tshark fails or does not finish within {@link #DECODE_TIMEOUT}
     */
    public static List<TsharkFrame> decode(final Path pcap, final int port, final String... preferences) {
        final String tsharkPath = findTshark();
        final List<String> options = new ArrayList<>();
        if (port != LISP_CONTROL_PORT) {
            options.add("-d");
            options.add("udp.port==" + port + ",lisp");
        }
        for (String preference : preferences) {
            options.add("-o");
            options.add(preference);
        }
        final Path dir = pcap.toAbsolutePath().getParent();
        final String base = pcap.getFileName().toString();
        final Path pdml = dir.resolve(base + ".pdml");
        final Path summaryFile = dir.resolve(base + ".txt");
        final List<String> pdmlCommand = new ArrayList<>(List.of(tsharkPath, "-n", "-r", pcap.toString(), "-T",
            "pdml"));
        pdmlCommand.addAll(options);
        run(pdmlCommand, pdml);
        final List<String> summaryCommand = new ArrayList<>(List.of(tsharkPath, "-n", "-r", pcap.toString(), "-o",
            "gui.column.format:\"No.\",\"%m\",\"Protocol\",\"%p\",\"Info\",\"%i\""));
        summaryCommand.addAll(options);
        run(summaryCommand, summaryFile);
        try {
            final Map<Integer, String> summaries = new HashMap<>();
            for (String line : Files.readAllLines(summaryFile, StandardCharsets.UTF_8)) {
                final String trimmed = line.strip();
                final int space = trimmed.indexOf(' ');
                if (space > 0 && trimmed.substring(0, space).chars().allMatch(Character::isDigit)) {
                    summaries.put(Integer.valueOf(trimmed.substring(0, space)), trimmed.substring(space + 1).strip());
                }
            }
            return TsharkFrame.parsePdml(pdml, summaries);
        } catch (IOException e) {
            throw new AssertionError("cannot read what tshark decoded from " + pcap + ": " + e.getMessage(), e);
        }
    }

    /**
     * Finds the tshark executable: {@code /usr/bin/tshark}, else the first {@code tshark} on the PATH.
     *
     * @return the path of the executable
     * @throws AssertionError if there is none
     */
    public static String findTshark() {
        final List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("/usr/bin/tshark"));
        final String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "tshark"));
                }
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toString)
            .orElseThrow(() -> new AssertionError("tshark is not installed (not in /usr/bin nor on the PATH): "
                + INSTALL_HINT));
    }

    /**
     * Returns the captured UDP port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the capture file.
     *
     * @return the file
     */
    public Path pcap() {
        return pcap;
    }

    /**
     * Returns the tshark executable in use.
     *
     * @return its path
     */
    public String tshark() {
        return tshark;
    }

    /**
     * Adds a tshark preference that {@link #stop()} uses when decoding, for example {@code ip.check_checksum:TRUE}.
     *
     * @param preference the preference, {@code name:value}
     * @return this capture
     */
    public TsharkCapture decodeWith(final String preference) {
        decodePreferences.add(preference);
        return this;
    }

    /**
     * Stops the capture once every datagram sent so far is in the file, and decodes the file.
     *
     * @return the captured frames to or from the port, in order (the probes are left out)
     * @throws AssertionError if tshark did not capture the last probe or exit within {@link #STOP_TIMEOUT}, or
     *                        decoding failed
     */
    public List<TsharkFrame> stop() {
        if (stopped) {
            throw new IllegalStateException("already stopped");
        }
        probesSeen.removeIf(START_PROBE::equals);
        awaitProbe(STOP_PROBE, STOP_PROBE_LENGTH, STOP_TIMEOUT, "capture the last probe");
        terminate();
        if (!Files.isRegularFile(pcap)) {
            throw new AssertionError("tshark wrote no capture file " + pcap + "; its stderr: " + stderrTail());
        }
        final String probeText = String.valueOf(probePort);
        return decode(pcap, port, decodePreferences.toArray(String[]::new)).stream()
            .filter(frame -> !(frame.values("udp.srcport").stream().limit(1).allMatch(probeText::equals)
                && frame.values("udp.dstport").stream().limit(1).allMatch(probeText::equals)))
            .collect(Collectors.toUnmodifiableList());
    }

    /**
     * Stops tshark if it still runs (without decoding) and releases the probe socket.
     */
    @Override
    public void close() {
        try {
            terminate();
        } finally {
            closeQuietly(probe);
        }
    }

    private static void closeQuietly(final DatagramChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // only probes were sent on it
            }
        }
    }

    private void startReaders() {
        final Thread out = new Thread(() -> readProbes(process.getInputStream()), "tshark-stdout-" + probePort);
        stderrReader = new Thread(() -> readStderr(process.getErrorStream()), "tshark-stderr-" + probePort);
        out.setDaemon(true);
        stderrReader.setDaemon(true);
        out.start();
        stderrReader.start();
    }

    private void readProbes(final InputStream in) {
        final String me = String.valueOf(probePort);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                // srcport, dstport, UDP length; the first value of each when the frame has several UDP headers
                final String[] columns = line.split("\t", -1);
                if (columns.length >= 3 && first(columns[0]).equals(me) && first(columns[1]).equals(me)) {
                    final String length = first(columns[2]);
                    if (length.equals(String.valueOf(8 + START_PROBE_LENGTH))) {
                        probesSeen.add(START_PROBE);
                    } else if (length.equals(String.valueOf(8 + STOP_PROBE_LENGTH))) {
                        probesSeen.add(STOP_PROBE);
                    }
                }
            }
        } catch (IOException e) {
            stderr.add("[reading tshark's output failed: " + e.getMessage() + "]");
        } finally {
            probesSeen.add(EOF);
        }
    }

    private static String first(final String values) {
        final int comma = values.indexOf(',');
        return comma >= 0 ? values.substring(0, comma) : values;
    }

    private void readStderr(final InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                stderr.add(line);
            }
        } catch (IOException e) {
            stderr.add("[reading tshark's stderr failed: " + e.getMessage() + "]");
        }
    }

    private void awaitProbe(final String kind, final int length, final Duration timeout, final String what) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final ByteBuffer datagram = ByteBuffer.allocate(length);
        final InetSocketAddress self = new InetSocketAddress(InetAddress.getLoopbackAddress(), probePort);
        try {
            while (System.nanoTime() - deadline < 0) {
                datagram.clear();
                probe.send(datagram, self);
                final String seen = probesSeen.poll(PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
                if (kind.equals(seen)) {
                    return;
                }
                if (EOF.equals(seen) || !process.isAlive()) {
                    awaitExit(KILL_TIMEOUT);
                    stderrReader.join(KILL_TIMEOUT.toMillis());
                    throw new AssertionError("tshark exited (status " + exitStatus() + ") before it could " + what
                        + "; is capturing on lo permitted? " + INSTALL_HINT + ". tshark's stderr:\n" + stderrTail());
                }
            }
        } catch (IOException e) {
            terminate();
            throw new AssertionError("cannot send a probe datagram to 127.0.0.1:" + probePort + ": " + e.getMessage(),
                e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminate();
            throw new AssertionError("interrupted while waiting for tshark to " + what, e);
        }
        terminate();
        throw new AssertionError("tshark did not " + what + " within " + timeout.toSeconds() + " s. tshark's stderr:\n"
            + stderrTail());
    }

    private void terminate() {
        if (stopped) {
            return;
        }
        stopped = true;
        // tshark runs dumpcap as a child: a TERM to tshark stops both and completes the file; KILL both if stuck
        final List<ProcessHandle> children = process.descendants().collect(Collectors.toList());
        process.destroy();
        if (!awaitExit(STOP_TIMEOUT)) {
            process.destroyForcibly();
            awaitExit(KILL_TIMEOUT);
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    private boolean awaitExit(final Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String stderrTail() {
        final String text = String.join("\n", stderr);
        return text.length() <= STDERR_TAIL ? text : "..." + text.substring(text.length() - STDERR_TAIL);
    }

    private String exitStatus() {
        return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
    }

    private static ProcessBuilder tsharkProcess(final Path dir, final List<String> command) throws IOException {
        // an empty personal configuration: the user's Wireshark preferences must not change what tshark decodes
        final Path config = dir.resolve("wireshark-config");
        Files.createDirectories(config);
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("WIRESHARK_CONFIG_DIR", config.toString());
        return builder;
    }

    private static void run(final List<String> command, final Path output) {
        final Path errors = output.resolveSibling(output.getFileName() + ".stderr");
        final Process process;
        try {
            process = tsharkProcess(output.toAbsolutePath().getParent(), command).redirectOutput(output.toFile())
                .redirectError(errors.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(DECODE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + DECODE_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while running " + command, e);
        }
        if (process.exitValue() != 0) {
            String text;
            try {
                text = Files.readString(errors, StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "(unreadable: " + e.getMessage() + ")";
            }
            throw new AssertionError(command + " failed with status " + process.exitValue() + ": " + text);
        }
    }
}
