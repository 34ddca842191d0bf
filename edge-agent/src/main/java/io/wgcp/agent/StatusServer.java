/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Serves the agent's status: on a Unix socket (a line {@code status} or {@code metrics} in, the text out; only
 * root and the owner can connect, mode 0600) and, when a port is configured, as Prometheus metrics over HTTP on
 * 127.0.0.1 ({@code GET /metrics}).
 */
public final class StatusServer implements AutoCloseable {
    private static final Logger LOG = System.getLogger(StatusServer.class.getName());

    private final EdgeAgent agent;
    private final Path socketPath;
    private final ServerSocketChannel server;
    private final HttpServer http;

    private StatusServer(final EdgeAgent agent, final Path socketPath, final ServerSocketChannel server,
            final HttpServer http) {
        this.agent = agent;
        this.socketPath = socketPath;
        this.server = server;
        this.http = http;
    }

    /**
     * Starts serving.
     *
     * @param agent the agent
     * @param socketPath the Unix socket
     * @param metricsPort the HTTP port on 127.0.0.1, 0 for none
     * @return the server
     * @throws IOException if the socket or port cannot be bound
     */
    public static StatusServer start(final EdgeAgent agent, final Path socketPath, final int metricsPort)
            throws IOException {
        Files.createDirectories(socketPath.toAbsolutePath().getParent());
        // A socket file left by an agent that died: nobody serves it (we are the only agent of this config).
        Files.deleteIfExists(socketPath);
        final var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketPath));
        Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
        HttpServer http = null;
        if (metricsPort != 0) {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), metricsPort), 8);
            http.createContext("/metrics", exchange -> {
                final byte[] body = agent.status().toPrometheus().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, body.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            http.start();
        }
        final var status = new StatusServer(agent, socketPath, server, http);
        final var thread = new Thread(status::serve, "wgcp-agent-status");
        thread.setDaemon(true);
        thread.start();
        return status;
    }

    private void serve() {
        while (true) {
            try (SocketChannel client = server.accept()) {
                final ByteBuffer in = ByteBuffer.allocate(256);
                while (in.hasRemaining() && client.read(in) > 0 && in.get(in.position() - 1) != '\n') {
                    // read the one command line
                }
                final String command = new String(in.array(), 0, in.position(), StandardCharsets.UTF_8).strip();
                final String answer = switch (command) {
                    case "status" -> agent.status().toText();
                    case "metrics" -> agent.status().toPrometheus();
                    default -> "unknown command \"" + command + "\": status or metrics\n";
                };
                final ByteBuffer out = ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8));
                while (out.hasRemaining()) {
                    client.write(out);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "Status client failed", e);
            }
        }
    }

    /**
     * Asks a running agent.
     *
     * @param socketPath its status socket
     * @param command {@code status} or {@code metrics}
     * @return its answer
     * @throws IOException if nobody answers
     */
    public static String query(final Path socketPath, final String command) throws IOException {
        try (var client = SocketChannel.open(UnixDomainSocketAddress.of(socketPath))) {
            client.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            client.shutdownOutput();
            final var in = new java.io.ByteArrayOutputStream();
            final ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (client.read(buffer) >= 0) {
                in.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return in.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop(0);
        }
        try {
            server.close();
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Closing the status socket", e);
        }
    }
}
