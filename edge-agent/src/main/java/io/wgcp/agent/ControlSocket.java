/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.wgcp.lisp.codec.AuthenticatedMessage;
import io.wgcp.lisp.codec.LispAuthentication;
import io.wgcp.lisp.codec.LispMessageEncoder;
import io.wgcp.lisp.codec.MapRequest;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * The agent's LISP socket on its control-tunnel address: sends to the map server (signing what RFC 9301 signs) and
 * hands every datagram it receives to a receiver, on its own thread. A send that fails is counted, not thrown: the
 * part that sent retries on its own timer.
 */
final class ControlSocket implements AutoCloseable {
    /** Gets each datagram with its sender and the time it arrived. */
    interface Receiver {
        void received(byte[] datagram, InetSocketAddress sender, long receivedNanos);
    }

    private static final Logger LOG = System.getLogger(ControlSocket.class.getName());

    private final DatagramChannel channel;
    private final InetSocketAddress mapServer;
    private final byte[] secret;
    private final Counters counters;

    private ControlSocket(final DatagramChannel channel, final InetSocketAddress mapServer, final byte[] secret,
            final Counters counters) {
        this.channel = channel;
        this.mapServer = mapServer;
        this.secret = secret.clone();
        this.counters = counters;
    }

    static ControlSocket open(final InetSocketAddress local, final InetSocketAddress mapServer, final byte[] secret,
            final Counters counters) throws IOException {
        final var channel = DatagramChannel.open(local.getAddress() instanceof Inet6Address
            ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.bind(local);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new ControlSocket(channel, mapServer, secret, counters);
    }

    /** Starts the receiving thread. */
    void startReceiving(final Receiver receiver) {
        final var thread = new Thread(() -> receiveLoop(receiver), "wgcp-agent-control");
        thread.setDaemon(true);
        thread.start();
    }

    void sendRequest(final MapRequest request) {
        send(LispMessageEncoder.encode(request, ByteBufAllocator.DEFAULT), mapServer);
    }

    /** Signs with the edge's Map-Register key and sends: a Map-Register to the map server, an ack to its sender. */
    void sendSigned(final AuthenticatedMessage message, final InetSocketAddress to) {
        final ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        LispAuthentication.encodeAndSign(message, secret, out);
        send(out, to);
    }

    InetSocketAddress mapServer() {
        return mapServer;
    }

    private void send(final ByteBuf message, final InetSocketAddress to) {
        try {
            channel.send(message.nioBuffer(), to);
        } catch (IOException e) {
            counters.count(Counter.ERRORS);
            LOG.log(Level.WARNING, "Could not send to " + to, e);
        } finally {
            message.release();
        }
    }

    private void receiveLoop(final Receiver receiver) {
        final ByteBuffer buffer = ByteBuffer.allocate(65_535);
        while (channel.isOpen()) {
            buffer.clear();
            final InetSocketAddress sender;
            try {
                sender = (InetSocketAddress) channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Receiving on the control socket failed", e);
                continue;
            }
            final long receivedNanos = System.nanoTime();
            buffer.flip();
            final byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            receiver.received(bytes, sender, receivedNanos);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
