/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.bench.lisp;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code sockperf server} (a C UDP echo; Debian package {@code sockperf}) as the ceiling the load generator is
 * compared with: {@code sockperf server -i ADDRESS -p PORT --buffer-size 4194304}, UDP, one thread blocking in
 * {@code recvfrom()}.
 *
 * <p>sockperf echoes only datagrams that start with its own 14-byte header (see
 * {@link LispPayloads#SOCKPERF_HEADER_LENGTH}), so the generator sends the same LISP bytes behind that header
 * ({@link LispPayloads.Payload#framedForSockperf()}) and finds the nonce 14 bytes further.
 *
 * <p>Started with a bounded wait (a framed probe must come back), stopped by its process id (SIGTERM, then SIGKILL),
 * also from a shutdown hook if the JVM exits first. Its output goes to a log file, quoted when it fails.
 */
public final class SockperfEcho implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SockperfEcho.class.getName());
    private static final String EXECUTABLE = "sockperf";
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
    /**
     * sockperf's socket buffers, as large as the generator's: the default (212,992 bytes, about 300 datagrams)
     * overflows whenever sockperf waits a few milliseconds for a core under open-loop load.
     */
    private static final int SOCKET_BUFFER = 4 << 20;

    private final Process process;
    private final InetSocketAddress address;
    private final Path log;
    private final Thread reaper;

    private SockperfEcho(final Process process, final InetSocketAddress address, final Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
        reaper = new Thread(this::kill, "sockperf-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Finds the sockperf executable on the PATH.
     *
     * @return its path, or empty when it is not installed
     */
    public static Optional<Path> executable() {
        final String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
            .map(dir -> Path.of(dir, EXECUTABLE)).filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts {@code sockperf server} on a free UDP port of an address and waits until it echoes.
     *
     * @param host the address to listen on, e.g. 127.0.0.1
     * @param startupTimeout the longest wait for the first echo
     * @return the running server
     * @throws IOException if it cannot start
     * @throws IllegalStateException if sockperf is not installed or does not echo in time
     */
    public static SockperfEcho start(final InetAddress host, final Duration startupTimeout) throws IOException,
            InterruptedException {
        final Path executable = executable().orElseThrow(() -> new IllegalStateException("sockperf is not "
            + "installed (no executable 'sockperf' on the PATH); on Debian/Ubuntu: apt-get install sockperf"));
        final int port;
        try (var probe = new DatagramSocket(new InetSocketAddress(host, 0))) {
            port = probe.getLocalPort();
        }
        final Path log = Files.createTempFile("sockperf-server-", ".log");
        final List<String> command = List.of(executable.toString(), "server", "-i", host.getHostAddress(), "-p",
            Integer.toString(port), "--buffer-size", Integer.toString(SOCKET_BUFFER));
        final var process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        final var echo = new SockperfEcho(process, new InetSocketAddress(host, port), log);
        boolean started = false;
        try {
            echo.awaitEcho(startupTimeout);
            started = true;
        } finally {
            if (!started) {
                echo.close();
            }
        }
        LOG.log(Level.INFO, "{0} (pid {1}) echoes on {2}", String.join(" ", command), process.pid(),
            echo.address);
        return echo;
    }

    /**
     * Returns where sockperf listens.
     *
     * @return the address and port
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Returns sockperf's process id.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Tells whether sockperf still runs.
     *
     * @return true while alive
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot delete {0}: {1}", log, e);
        }
    }

    private void kill() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Sends framed probes until one comes back, sockperf exits, or the time is up. */
    private void awaitEcho(final Duration timeout) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final byte[] probe = ByteBuffer.allocate(LispPayloads.SOCKPERF_HEADER_LENGTH + 8)
            .putLong(0).putShort((short) 3).putInt(LispPayloads.SOCKPERF_HEADER_LENGTH + 8).putLong(0x5eed).array();
        try (var socket = new DatagramSocket(new InetSocketAddress(address.getAddress(), 0))) {
            socket.setSoTimeout((int) PROBE_INTERVAL.toMillis());
            final byte[] answer = new byte[256];
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("sockperf server exited with status " + process.exitValue()
                        + " before it echoed: " + logTail());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("sockperf server on " + address + " did not echo within "
                        + timeout.toMillis() + " ms: " + logTail());
                }
                socket.send(new DatagramPacket(probe, probe.length, address));
                try {
                    final var packet = new DatagramPacket(answer, answer.length);
                    socket.receive(packet);
                    if (packet.getLength() == probe.length) {
                        return;
                    }
                } catch (SocketTimeoutException e) {
                    // not up yet (or the probe was lost): send another
                } catch (SocketException e) {
                    // ICMP port unreachable before sockperf binds
                    Thread.sleep(PROBE_INTERVAL.toMillis());
                }
            }
        }
    }

    private String logTail() {
        try {
            final String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(no output)" : text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
