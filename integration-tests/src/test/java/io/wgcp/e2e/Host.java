/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.e2e;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Commands on the test machine and inside the test's network namespaces, bounded in time, and a RESTCONF client that
 * runs inside a namespace (the controller listens in the map-server host's namespace, not the test's).
 */
final class Host {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    private static final Logger LOG = System.getLogger(Host.class.getName());

    private Host() {
    }

    /** What a command did. */
    record Result(List<String> command, int exit, String output) {
        boolean ok() {
            return exit == 0;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exit + ": " + output.strip();
        }
    }

    static Result run(final List<String> command) throws IOException {
        return run(command, COMMAND_TIMEOUT);
    }

    static Result run(final List<String> command, final Duration timeout) throws IOException {
        final var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final var output = new ByteArrayOutputStream();
        final var reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "output of " + command, e);
            }
        }, "cmd-output");
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                reader.join(1000);
                return new Result(command, -1, "timed out after " + timeout + ": " + output);
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + command, e);
        }
        return new Result(command, process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }

    static Result check(final List<String> command) throws IOException {
        final var result = run(command);
        if (!result.ok()) {
            throw new IOException(result.toString());
        }
        return result;
    }

    static List<String> in(final String namespace, final String... command) {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return full;
    }

    static void quietly(final List<String> command) {
        try {
            run(command);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cleanup " + command, e);
        }
    }

    /** Stops a process we started: SIGTERM, then SIGKILL after a grace period. */
    static void stop(final ProcessHandle process, final Duration grace) {
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void stopPidFile(final Path pidFile) {
        try {
            if (Files.exists(pidFile)) {
                final long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid).ifPresent(process -> stop(process, Duration.ofSeconds(3)));
            }
        } catch (IOException | NumberFormatException e) {
            LOG.log(Level.DEBUG, "pid file " + pidFile, e);
        }
    }

    /** setns(2) through JNA: only for the dedicated thread of {@link NamespaceHttp}. */
    static final class LibC {
        static {
            Native.register(LibC.class, Platform.C_LIBRARY_NAME);
        }

        private LibC() {
        }

        static native int open(String path, int flags) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;

        static native int setns(int fd, int nstype) throws LastErrorException;
    }

    /**
     * HTTP from inside a network namespace: one thread enters it with setns(2) and makes every request, so its
     * sockets belong to the namespace. HttpURLConnection connects in the calling thread; keep-alive is off so that no
     * socket is reused by another thread.
     */
    static final class NamespaceHttp implements AutoCloseable {
        private static final int CLONE_NEWNET = 0x40000000;
        private final ExecutorService thread;
        private final String base;
        private final String authorization;

        NamespaceHttp(final String namespace, final String base, final String user, final String password)
                throws IOException {
            this.base = base;
            this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
            this.thread = Executors.newSingleThreadExecutor(runnable -> {
                final var t = new Thread(runnable, "http-in-" + namespace);
                t.setDaemon(true);
                return t;
            });
            final Future<?> entered = thread.submit(() -> {
                final int fd = LibC.open("/var/run/netns/" + namespace, 0);
                try {
                    LibC.setns(fd, CLONE_NEWNET);
                } finally {
                    LibC.close(fd);
                }
                return null;
            });
            await(entered);
        }

        Host.Result send(final String method, final String path, final String body) throws IOException {
            return await(thread.submit(() -> {
                System.setProperty("http.keepAlive", "false");
                final var connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
                connection.setConnectTimeout(5000);
                connection.setReadTimeout(60_000);
                connection.setRequestMethod(method);
                connection.setRequestProperty("Authorization", authorization);
                connection.setRequestProperty("Connection", "close");
                connection.setRequestProperty("Accept", "application/json");
                if (body != null) {
                    connection.setDoOutput(true);
                    connection.setRequestProperty("Content-Type", "application/json");
                    try (OutputStream out = connection.getOutputStream()) {
                        out.write(body.getBytes(StandardCharsets.UTF_8));
                    }
                }
                final int status = connection.getResponseCode();
                final InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
                final String text = stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                connection.disconnect();
                return new Host.Result(List.of(method, path), status, text);
            }));
        }

        private static <T> T await(final Future<T> future) throws IOException {
            try {
                return future.get(90, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IOException(String.valueOf(e.getCause()), e);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new IOException("HTTP request timed out", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }
}
