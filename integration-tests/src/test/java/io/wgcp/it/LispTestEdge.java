/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.it;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.wgcp.lisp.codec.AuthenticatedMessage;
import io.wgcp.lisp.codec.LispAuthentication;
import io.wgcp.lisp.codec.LispDecodingException;
import io.wgcp.lisp.codec.LispMessage;
import io.wgcp.lisp.codec.LispMessageDecoder;
import io.wgcp.lisp.codec.LispMessageEncoder;
import io.wgcp.lisp.codec.MapNotify;
import io.wgcp.lisp.codec.MapNotifyAck;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A test edge on the control plane: a real UDP socket on the edge's control address, port 4342 (where the map server
 * sends pushes and publications), speaking the LISP profile through the project's codec. It signs with its
 * Map-Register key like an edge agent would.
 */
final class LispTestEdge implements AutoCloseable {
    /** The map server's control port in the integration tests (etc/io.wgcp.lisp.southbound.cfg defaults). */
    static final InetSocketAddress MAP_SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4342);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A datagram the edge received.
     *
     * @param message the decoded message
     * @param raw its bytes
     * @param from the sender
     */
    record Received(LispMessage message, byte[] raw, InetSocketAddress from) {
        /**
         * Verifies the authentication data.
         *
         * @param secret the key
         * @return true if it is valid
         */
        boolean verifies(final byte[] secret) {
            return LispAuthentication.verify(Unpooled.wrappedBuffer(raw), secret);
        }
    }

    private final String edgeId;
    private final InetAddress controlAddress;
    private final DatagramSocket socket;
    private final byte[] wireGuardKey = new byte[32];
    private final List<Received> unclaimed = new ArrayList<>();
    private byte[] solicitationKey;

    LispTestEdge(final String edgeId, final String controlAddress) throws IOException {
        this.edgeId = edgeId;
        this.controlAddress = InetAddress.getByName(controlAddress);
        socket = new DatagramSocket(null);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(this.controlAddress, 4342));
        RANDOM.nextBytes(wireGuardKey);
    }

    String edgeId() {
        return edgeId;
    }

    InetAddress controlAddress() {
        return controlAddress;
    }

    byte[] wireGuardKey() {
        return wireGuardKey.clone();
    }

    /**
     * Sends a message, signed with a key when it is an authenticated message and the key is given.
     *
     * @param message the message
     * @param secret the key, or null to send as encoded
     * @return the bytes sent
     */
    byte[] send(final LispMessage message, final byte[] secret) throws IOException {
        final ByteBuf out = Unpooled.buffer();
        if (secret != null && message instanceof AuthenticatedMessage authenticated) {
            LispAuthentication.encodeAndSign(authenticated, secret, out);
        } else {
            LispMessageEncoder.encode(message, out);
        }
        final byte[] bytes = ByteBufUtil.getBytes(out);
        sendRaw(bytes);
        return bytes;
    }

    /**
     * Sends bytes to the map server.
     *
     * @param bytes the datagram
     */
    void sendRaw(final byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, MAP_SERVER));
    }

    /**
     * From now on, answers the map server's solicitations to register (Map-Notifies without records, sent when an
     * edge is provisioned or its key changes, and when the southbound starts) with a Map-Notify-Ack signed with this
     * key, as the wgcp agent does, and keeps them from the tests' awaits.
     *
     * @param secret the edge's Map-Register key
     */
    void acknowledgeSolicitations(final byte[] secret) {
        solicitationKey = secret.clone();
    }

    /**
     * Waits for a message that matches, keeping the others for later calls.
     *
     * @param what describes the expected message
     * @param accept which message
     * @param timeout how long to wait at most
     * @return the message, or null if none came in time
     */
    Received await(final String what, final Predicate<Received> accept, final Duration timeout) throws IOException {
        for (var it = unclaimed.iterator(); it.hasNext(); ) {
            final var earlier = it.next();
            if (answeredSolicitation(earlier)) {
                it.remove();
            } else if (accept.test(earlier)) {
                it.remove();
                return earlier;
            }
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        final var buffer = new byte[65_535];
        while (true) {
            final long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) Math.max(1, left));
            final var packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            final var raw = Arrays.copyOf(packet.getData(), packet.getLength());
            final LispMessage message;
            try {
                message = LispMessageDecoder.decode(Unpooled.wrappedBuffer(raw));
            } catch (LispDecodingException e) {
                throw new AssertionError(edgeId + " received an undecodable datagram while waiting for " + what
                    + ": " + e.getMessage(), e);
            }
            final var received = new Received(message, raw, (InetSocketAddress) packet.getSocketAddress());
            if (answeredSolicitation(received)) {
                continue;
            }
            if (accept.test(received)) {
                return received;
            }
            unclaimed.add(received);
        }
    }

    private boolean answeredSolicitation(final Received received) throws IOException {
        if (solicitationKey == null || !(received.message() instanceof MapNotify notify)
                || !notify.records().isEmpty()) {
            return false;
        }
        send(MapNotifyAck.acknowledging(notify), solicitationKey);
        return true;
    }

    /**
     * Returns and forgets the messages received but not claimed by {@link #await}.
     *
     * @return the messages
     */
    List<Received> drain(final Duration quietPeriod) throws IOException {
        await("nothing", received -> false, quietPeriod);
        final var result = List.copyOf(unclaimed);
        unclaimed.clear();
        return result;
    }

    /**
     * Returns a fresh random nonce.
     *
     * @return the nonce
     */
    static long nonce() {
        return RANDOM.nextLong();
    }

    @Override
    public void close() {
        socket.close();
    }
}
