/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A wireguard-go process serving one interface: started in the foreground ({@code wireguard-go -f IFACE}), in a given
 * network namespace through {@code ip netns exec} or in the current one, and stopped by its PID.
 *
 * <p>The interface name must be unique on the whole machine: the UAPI socket directory is not per namespace.
 * wireguard-go creates the interface down and without addresses; configure it with a {@link WireGuardDriver} and
 * {@code ip}. The process gets {@code WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1} (wireguard-go refuses to run
 * without it where the kernel has WireGuard) and {@code LOG_LEVEL=error} unless the environment sets one. Needs root
 * (or CAP_NET_ADMIN) and {@code /dev/net/tun}.
 */
public final class WireGuardGoProcess implements AutoCloseable {
    /** The default bound of the start (until the UAPI socket answers). */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(5);

    private static final long TERM_WAIT_MS = 3000;
    private static final long KILL_WAIT_MS = 2000;
    private static final int TAIL_LIMIT = 8192;

    private final Process process;
    private final String iface;
    private final String namespace;
    private final Path socketPath;
    private final Tail output;

    private WireGuardGoProcess(final Process process, final String iface, final String namespace,
            final Path socketPath, final Tail output) {
        this.process = process;
        this.iface = iface;
        this.namespace = namespace;
        this.socketPath = socketPath;
        this.output = output;
    }

    /**
     * Starts {@code wireguard-go} from the PATH and waits until its UAPI socket answers.
     *
     * @param namespace the network namespace (a name under {@code /var/run/netns}), or null for the current one
     * @param iface the interface name, unique on the machine
     * @return the running process
     * @throws WireGuardException when it cannot start (the message carries wireguard-go's output) or the interface
     *     is served already
     */
    public static WireGuardGoProcess start(final String namespace, final String iface) throws WireGuardException {
        return start("wireguard-go", namespace, iface, DEFAULT_START_TIMEOUT);
    }

    /**
     * Starts wireguard-go and waits until its UAPI socket answers.
     *
     * @param program the wireguard-go program
     * @param namespace the network namespace, or null for the current one
     * @param iface the interface name, unique on the machine
     * @param timeout the bound of the start
     * @return the running process
     * @throws WireGuardException when it cannot start or the interface is served already
     */
    public static WireGuardGoProcess start(final String program, final String namespace, final String iface,
            final Duration timeout) throws WireGuardException {
        InterfaceNames.check(iface);
        if (namespace != null && (namespace.isEmpty() || namespace.contains("/") || namespace.startsWith("-"))) {
            throw new WireGuardException(WireGuardException.Reason.INVALID_ARGUMENT,
                "invalid network namespace name \"" + namespace + "\"");
        }
        final Path socket = UapiDriver.DEFAULT_SOCKET_DIRECTORY.resolve(iface + ".sock");
        if (answers(socket)) {
            throw new WireGuardException(WireGuardException.Reason.REJECTED,
                "interface " + iface + " is served already: its UAPI socket " + socket + " answers");
        }
        final List<String> command = new ArrayList<>();
        if (namespace != null) {
            command.addAll(List.of("ip", "netns", "exec", namespace));
        }
        command.addAll(List.of(program, "-f", iface));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        final Map<String, String> env = builder.environment();
        env.put("WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD", "1");
        env.putIfAbsent("LOG_LEVEL", "error");
        final Process process;
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new WireGuardException(WireGuardException.Reason.UNAVAILABLE,
                "cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        final Tail tail = new Tail(process.getInputStream());
        tail.start();
        final WireGuardGoProcess started = new WireGuardGoProcess(process, iface, namespace, socket, tail);
        started.awaitSocket(timeout, command);
        return started;
    }

    private void awaitSocket(final Duration timeout, final List<String> command) throws WireGuardException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() - deadline < 0) {
                if (!process.isAlive()) {
                    throw new WireGuardException(WireGuardException.Reason.UNAVAILABLE, String.join(" ", command)
                        + " exited with code " + process.exitValue() + ": " + tailText());
                }
                if (answers(socketPath)) {
                    return;
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new WireGuardException(WireGuardException.Reason.UNAVAILABLE, "interrupted while starting " + iface,
                e);
        }
        stop();
        throw new WireGuardException(WireGuardException.Reason.TIMEOUT, String.join(" ", command)
            + " did not open " + socketPath + " within " + timeout.toMillis() + " ms: " + tailText());
    }

    private String tailText() {
        // Give the output a moment to arrive after an early exit.
        try {
            output.join(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        final String text = output.text().strip().replace('\n', ' ');
        return text.isEmpty() ? "(no output)" : text;
    }

    private static boolean answers(final Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Returns the PID of wireguard-go ({@code ip netns exec} executes it in place).
     *
     * @return the PID
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Returns the interface name.
     *
     * @return the name
     */
    public String interfaceName() {
        return iface;
    }

    /**
     * Returns the network namespace.
     *
     * @return the name, or null for the namespace of this JVM
     */
    public String namespace() {
        return namespace;
    }

    /**
     * Returns the UAPI socket.
     *
     * @return the path
     */
    public Path socketPath() {
        return socketPath;
    }

    /**
     * Tells whether the process runs.
     *
     * @return true while it runs
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops wireguard-go: SIGTERM (it removes its interface and socket), then SIGKILL after 3 s. Removes the socket
     * when the process could not. Idempotent.
     */
    public void stop() {
        boolean interrupted = false;
        try {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(TERM_WAIT_MS, TimeUnit.MILLISECONDS)) {
                        process.destroyForcibly();
                        process.waitFor(KILL_WAIT_MS, TimeUnit.MILLISECONDS);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    process.destroyForcibly();
                }
            }
            if (!process.isAlive() && !answers(socketPath)) {
                Files.deleteIfExists(socketPath);
            }
        } catch (IOException e) {
            // the socket is gone or cannot be removed: nothing more to do
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "WireGuardGoProcess[" + iface + (namespace == null ? "" : " in " + namespace) + ", pid " + pid()
            + (isAlive() ? "" : ", exited") + "]";
    }

    /** Keeps the last few kilobytes of a stream. */
    private static final class Tail extends Thread {
        private final InputStream stream;
        private final StringBuilder text = new StringBuilder();

        Tail(final InputStream stream) {
            super("wireguard-go-output");
            setDaemon(true);
            this.stream = stream;
        }

        @Override
        public void run() {
            final byte[] chunk = new byte[4096];
            try (InputStream in = stream) {
                int read;
                while ((read = in.read(chunk)) >= 0) {
                    synchronized (text) {
                        text.append(new String(chunk, 0, read, StandardCharsets.UTF_8));
                        if (text.length() > TAIL_LIMIT) {
                            text.delete(0, text.length() - TAIL_LIMIT);
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }
    }
}
