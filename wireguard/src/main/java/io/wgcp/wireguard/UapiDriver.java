/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import io.wgcp.types.WireGuardKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The backend of userspace WireGuard (wireguard-go, boringtun): the UAPI Unix socket
 * {@code /var/run/wireguard/<iface>.sock}, text protocol {@code get=1} / {@code set=1}.
 *
 * <p>Each call sends one request: {@link #syncPeers} reads the interface, then sends all changes in one {@code set}.
 * Connections are kept open between requests (the daemons serve any number of requests on one connection), one per
 * interface, and opened again when the daemon closed them. Every exchange is bounded by the timeout and the reply by
 * 64 MiB. Thread-safe.
 */
public final class UapiDriver implements WireGuardDriver {
    /** Where wireguard-go and boringtun put their sockets on Linux. */
    public static final Path DEFAULT_SOCKET_DIRECTORY = Path.of("/var/run/wireguard");
    /** The default bound of one exchange. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final int MAX_REPLY = 64 << 20;

    private final Path socketDirectory;
    private final Duration timeout;
    private final IdleConnections connections = new IdleConnections();

    /** Creates a driver for the default socket directory and timeout. */
    public UapiDriver() {
        this(DEFAULT_SOCKET_DIRECTORY, DEFAULT_TIMEOUT);
    }

    /**
     * Creates a driver.
     *
     * @param socketDirectory the directory of the {@code <iface>.sock} sockets
     * @param timeout the bound of one exchange (connect, write, read)
     */
    public UapiDriver(final Path socketDirectory, final Duration timeout) {
        this.socketDirectory = Objects.requireNonNull(socketDirectory);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
    }

    /**
     * Returns the path of an interface's socket.
     *
     * @param iface the interface name
     * @return the path
     * @throws WireGuardException when the name is invalid
     */
    public Path socketPath(final String iface) throws WireGuardException {
        return socketDirectory.resolve(InterfaceNames.check(iface) + ".sock");
    }

    /**
     * Tells whether an interface's socket exists (the interface may still be dead when its process was killed).
     *
     * @param iface the interface name
     * @return true when the socket file exists
     * @throws WireGuardException when the name is invalid
     */
    public boolean hasSocket(final String iface) throws WireGuardException {
        return Files.exists(socketPath(iface));
    }

    @Override
    public InterfaceState show(final String iface) throws WireGuardException {
        return Uapi.parseGet(iface, transact(iface, Uapi.GET));
    }

    @Override
    public void setInterface(final String iface, final WireGuardPrivateKey privateKey, final int listenPort)
            throws WireGuardException {
        if (listenPort < 0 || listenPort > 0xFFFF) {
            throw new WireGuardException(WireGuardException.Reason.INVALID_ARGUMENT,
                "listen port out of range 0..65535: " + listenPort);
        }
        Uapi.checkReply(iface, "set the private key and listen port " + listenPort,
            transact(iface, Uapi.setInterface(privateKey, listenPort)));
    }

    @Override
    public void setPeer(final String iface, final PeerConfig peer) throws WireGuardException {
        Uapi.checkReply(iface, "set peer " + peer.publicKey(),
            transact(iface, Uapi.setPeers(List.of(), List.of(peer))));
    }

    /**
     * Writes the {@code set} and returns at once; wireguard-go applies it while the caller goes on, and the reply is
     * read by {@link PendingChange#await()} on the same connection, which then goes back to the idle ones.
     */
    @Override
    public PendingChange startSetPeer(final String iface, final PeerConfig peer) throws WireGuardException {
        final String request = Uapi.setPeers(List.of(), List.of(peer));
        final long deadline = System.nanoTime() + timeout.toNanos();
        final Connection connection = sendOnConnection(iface, request, deadline);
        return () -> {
            final String reply;
            try {
                reply = connection.readReply(deadline, iface);
            } catch (WireGuardException e) {
                connection.close();
                if (e.reason() == WireGuardException.Reason.TIMEOUT) {
                    throw e;
                }
                // Closed under us (the daemon restarted): a set is idempotent, so once more on a new connection.
                setPeer(iface, peer);
                return;
            } catch (IOException e) {
                connection.close();
                setPeer(iface, peer);
                return;
            }
            Uapi.checkReply(iface, "set peer " + peer.publicKey(), finish(iface, connection, reply));
        };
    }

    @Override
    public void setPersistentKeepalive(final String iface, final WireGuardKey publicKey, final int seconds)
            throws WireGuardException {
        PeerConfig.checkKeepalive(seconds);
        Uapi.checkReply(iface, "set the keepalive of peer " + publicKey + " to " + seconds,
            transact(iface, Uapi.setKeepalive(publicKey, seconds)));
    }

    @Override
    public void removePeer(final String iface, final WireGuardKey publicKey) throws WireGuardException {
        Uapi.checkReply(iface, "remove peer " + publicKey,
            transact(iface, Uapi.setPeers(List.of(publicKey), List.of())));
    }

    @Override
    public void syncPeers(final String iface, final Collection<PeerConfig> desired) throws WireGuardException {
        final PeerPlan plan = PeerPlan.of(iface, show(iface), desired);
        if (!plan.isEmpty()) {
            Uapi.checkReply(iface, "sync peers (remove " + plan.remove().size() + ", set " + plan.set().size() + ")",
                transact(iface, Uapi.setPeers(plan.remove(), plan.set())));
        }
    }

    /**
     * Sends one request and returns the whole reply, up to and including its final empty line.
     *
     * @param iface the interface name
     * @param request the request, ending with an empty line
     * @return the reply
     * @throws WireGuardException when the socket is missing, refuses, times out or closes early
     */
    String transact(final String iface, final String request) throws WireGuardException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        return withConnection(iface, deadline,
            connection -> finish(iface, connection, connection.exchange(request, deadline, iface)));
    }

    /** Writes one request and leaves its reply unread; the caller owns the connection until it has read it. */
    private Connection sendOnConnection(final String iface, final String request, final long deadline)
            throws WireGuardException {
        return withConnection(iface, deadline, connection -> {
            connection.write(request, deadline, iface);
            return connection;
        });
    }

    /** What is done with a connection; an exception means the connection is no longer usable. */
    @FunctionalInterface
    private interface ConnectionUse<T> {
        T apply(Connection connection) throws IOException;
    }

    /**
     * Does something on a kept connection, or on a new one when none is kept or the kept one fails: a daemon that
     * restarted or dropped an idle connection shows it on the write (broken pipe) or on the read (end of stream). A
     * timeout is not retried. A connection that failed is closed.
     */
    private <T> T withConnection(final String iface, final long deadline, final ConnectionUse<T> use)
            throws WireGuardException {
        final Connection reused = connections.take(iface);
        if (reused != null) {
            try {
                return use.apply(reused);
            } catch (WireGuardException e) {
                reused.close();
                if (e.reason() == WireGuardException.Reason.TIMEOUT) {
                    throw e;
                }
                // The daemon restarted or dropped an idle connection: once more, on a new one.
            } catch (IOException e) {
                reused.close();
            }
        }
        final Path path = socketPath(iface);
        if (!Files.exists(path)) {
            throw new WireGuardException(WireGuardException.Reason.NO_SUCH_INTERFACE, "no such WireGuard interface "
                + iface + ": UAPI socket " + path + " does not exist");
        }
        Connection fresh = null;
        try {
            fresh = Connection.open(path, deadline, iface);
            return use.apply(fresh);
        } catch (WireGuardException e) {
            if (fresh != null) {
                fresh.close();
            }
            throw e;
        } catch (IOException e) {
            if (fresh != null) {
                fresh.close();
            }
            throw unavailable(iface, e);
        }
    }

    private WireGuardException unavailable(final String iface, final IOException cause) throws WireGuardException {
        return new WireGuardException(WireGuardException.Reason.UNAVAILABLE, "UAPI socket " + socketPath(iface)
            + " of " + iface + " failed: " + cause.getMessage() + " (is its wireguard-go/boringtun process running?)",
            cause);
    }

    /** Keeps the connection for the next request unless the daemon reported an error (it may have left input). */
    private String finish(final String iface, final Connection connection, final String reply) {
        if (reply.endsWith("\nerrno=0\n\n") || reply.startsWith("errno=0\n")) {
            connections.give(iface, connection);
        } else {
            connection.close();
        }
        return reply;
    }

    /** One open UAPI connection, used by one request at a time. */
    private static final class Connection {
        private final SocketChannel channel;
        private final Selector selector;
        private final SelectionKey key;

        private Connection(final SocketChannel channel, final Selector selector, final SelectionKey key) {
            this.channel = channel;
            this.selector = selector;
            this.key = key;
        }

        static Connection open(final Path path, final long deadline, final String iface) throws IOException {
            final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            Selector selector = null;
            try {
                selector = Selector.open();
                channel.configureBlocking(false);
                final SelectionKey key = channel.register(selector, 0);
                if (!channel.connect(UnixDomainSocketAddress.of(path))) {
                    await(selector, key, SelectionKey.OP_CONNECT, deadline, iface, "connect");
                    channel.finishConnect();
                }
                return new Connection(channel, selector, key);
            } catch (IOException e) {
                channel.close();
                if (selector != null) {
                    selector.close();
                }
                throw e;
            }
        }

        String exchange(final String request, final long deadline, final String iface) throws IOException {
            write(request, deadline, iface);
            return readReply(deadline, iface);
        }

        void write(final String request, final long deadline, final String iface) throws IOException {
            final ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    await(selector, key, SelectionKey.OP_WRITE, deadline, iface, "write");
                }
            }
        }

        String readReply(final long deadline, final String iface) throws IOException {
            return UapiDriver.readReply(channel, selector, key, deadline, iface);
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // released anyway
            }
            try {
                selector.close();
            } catch (IOException e) {
                // released anyway
            }
        }
    }

    /**
     * Idle connections by interface, at most a few: a request takes one out (so no two requests share one) and
     * gives it back when done. Reusing one saves a connect and a selector per request, on the path of every new
     * tunnel; the least recently used beyond the bound are closed.
     */
    private static final class IdleConnections {
        private static final int MAX_IDLE = 16;

        private final Map<String, Connection> idle = new LinkedHashMap<>(MAX_IDLE * 2, 0.75f, true);

        synchronized Connection take(final String iface) {
            return idle.remove(iface);
        }

        synchronized void give(final String iface, final Connection connection) {
            final Connection previous = idle.put(iface, connection);
            if (previous != null) {
                previous.close();
            }
            if (idle.size() > MAX_IDLE) {
                final var eldest = idle.entrySet().iterator().next();
                eldest.getValue().close();
                idle.remove(eldest.getKey());
            }
        }
    }

    private static String readReply(final SocketChannel channel, final Selector selector, final SelectionKey key,
            final long deadline, final String iface) throws IOException {
        final ByteArrayOutputStream reply = new ByteArrayOutputStream();
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        // The reply ends with "\n\n"; the daemon keeps the connection open for another request.
        int last = -1;
        int beforeLast = -1;
        while (true) {
            if (System.nanoTime() - deadline >= 0) {
                throw new WireGuardException(WireGuardException.Reason.TIMEOUT,
                    "UAPI socket of " + iface + ": reply incomplete within the timeout (" + reply.size() + " bytes)");
            }
            in.clear();
            final int read = channel.read(in);
            if (read < 0) {
                throw new WireGuardException(WireGuardException.Reason.PROTOCOL,
                    "UAPI socket of " + iface + " closed before the end of the reply (" + reply.size() + " bytes)");
            }
            if (read == 0) {
                await(selector, key, SelectionKey.OP_READ, deadline, iface, "read the reply");
                continue;
            }
            reply.write(in.array(), 0, read);
            if (reply.size() > MAX_REPLY) {
                throw new WireGuardException(WireGuardException.Reason.PROTOCOL,
                    "UAPI reply of " + iface + " exceeds " + MAX_REPLY + " bytes");
            }
            beforeLast = read >= 2 ? in.get(read - 2) : last;
            last = in.get(read - 1);
            if (last == '\n' && beforeLast == '\n') {
                return reply.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private static void await(final Selector selector, final SelectionKey key, final int ops, final long deadline,
            final String iface, final String what) throws IOException {
        final long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new WireGuardException(WireGuardException.Reason.TIMEOUT,
                "UAPI socket of " + iface + ": no progress to " + what + " within the timeout");
        }
        key.interestOps(ops);
        selector.select(Math.max(1, remaining / 1_000_000));
        selector.selectedKeys().clear();
    }
}
