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
import io.wgcp.testing.Commands;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP from inside a network namespace: one thread enters it with setns(2) and makes every request, so its
 * sockets belong to the namespace. HttpURLConnection connects in the calling thread; keep-alive is off so that no
 * socket is reused by another thread.
 */
final class NamespaceHttp implements AutoCloseable {
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

    Commands.Result send(final String method, final String path, final String body) throws IOException {
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
            return new Commands.Result(List.of(method, path), status, text);
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

    /** setns(2) through JNA: only for the dedicated thread of this class. */
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
}
