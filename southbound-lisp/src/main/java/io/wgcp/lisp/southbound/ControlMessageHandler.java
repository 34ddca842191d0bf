/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.wgcp.lisp.codec.EncapsulatedControlMessage;
import io.wgcp.lisp.codec.LispAuthentication;
import io.wgcp.lisp.codec.LispDecodingException;
import io.wgcp.lisp.codec.LispMessage;
import io.wgcp.lisp.codec.LispMessageDecoder;
import io.wgcp.lisp.codec.LispMessageEncoder;
import io.wgcp.lisp.codec.MapNotifyAck;
import io.wgcp.lisp.codec.MapRegister;
import io.wgcp.lisp.codec.MapRequest;
import io.wgcp.lisp.southbound.MapRegisterProcessor.MapNotifyAnswer;
import io.wgcp.mapserver.api.ControlPlaneCounters;
import io.wgcp.mapserver.api.ControlPlaneCounters.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.statistics.MessageCounters.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datagram entry point: decodes each LISP control message, counts it, and hands it to its processor. Shared by
 * every socket of the server; it keeps no per-channel state. A datagram that does not decode is dropped and counted
 * as malformed, and never reaches a processor.
 *
 * <p>Answers are written as they are produced and flushed once per read batch ({@link #channelReadComplete}), so
 * that a burst of requests costs one system call per batch on epoll rather than one per answer.
 */
@Sharable
final class ControlMessageHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(ControlMessageHandler.class);

    private final MapRegisterProcessor registers;
    private final MapRequestProcessor requests;
    private final UnsolicitedNotifier notifier;
    private final ControlPlaneCounters counters;

    ControlMessageHandler(final MapRegisterProcessor registers, final MapRequestProcessor requests,
            final UnsolicitedNotifier notifier, final ControlPlaneCounters counters) {
        this.registers = registers;
        this.requests = requests;
        this.notifier = notifier;
        this.counters = counters;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final DatagramPacket packet) {
        final var content = packet.content();
        final var sender = packet.sender();
        final LispMessage message;
        try {
            message = LispMessageDecoder.decode(content);
        } catch (LispDecodingException e) {
            final var type = counterType(LispMessageDecoder.peekType(content));
            counters.increment(type, Kind.RECEIVED);
            counters.increment(type, Kind.MALFORMED);
            LOG.debug("Dropped a malformed datagram from {}: {}", sender, e.getMessage());
            return;
        }
        counters.increment(counterType(message.type()), Kind.RECEIVED);
        if (message instanceof MapRequest request) {
            onMapRequest(ctx, request, sender.getAddress(), sender);
        } else if (message instanceof EncapsulatedControlMessage ecm) {
            counters.increment(MessageType.MapRequest, Kind.RECEIVED);
            // Answer to the outer source address (where the packet really came from) and the inner source port,
            // which is where the xTR listens for the reply; never to an address only the inner header claims.
            onMapRequest(ctx, ecm.mapRequest(), sender.getAddress(),
                new InetSocketAddress(sender.getAddress(), ecm.innerSourcePort()));
        } else if (message instanceof MapRegister register) {
            final var answer = registers.process(register, content, sender);
            if (answer != null) {
                onMapNotify(ctx, answer, sender);
            }
        } else if (message instanceof MapNotifyAck ack) {
            notifier.acknowledge(ack, content, sender);
        } else {
            // Map-Replies and Map-Notifies are what this server sends; receiving one means a confused peer.
            counters.increment(counterType(message.type()), Kind.UNAUTHORIZED);
        }
    }

    private void onMapNotify(final ChannelHandlerContext ctx, final MapNotifyAnswer answer,
            final InetSocketAddress sender) {
        final var inEffect = answer.inEffect();
        if (inEffect.isDone() && !inEffect.isCompletedExceptionally()) {
            // An identical refresh: answered within this read's batch.
            ctx.write(signed(ctx.channel(), answer, sender));
            return;
        }
        // A new or changed registration: answered from the event loop once it is stored and indexed.
        final var channel = ctx.channel();
        inEffect.whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.debug("No Map-Notify to {}: its registration was not stored", sender, failure);
                return;
            }
            channel.eventLoop().execute(() -> channel.writeAndFlush(signed(channel, answer, sender)));
        });
    }

    private DatagramPacket signed(final Channel channel, final MapNotifyAnswer answer,
            final InetSocketAddress sender) {
        final var out = channel.alloc().buffer(LispMessageEncoder.encodedLength(answer.mapNotify()));
        LispAuthentication.encodeAndSign(answer.mapNotify(), answer.secret(), out);
        counters.increment(MessageType.MapNotify, Kind.SENT);
        return new DatagramPacket(out, sender);
    }

    private void onMapRequest(final ChannelHandlerContext ctx, final MapRequest request, final InetAddress sender,
            final InetSocketAddress replyTo) {
        final var channel = ctx.channel();
        // Replies produced during this read join its batch; a reply that waited for a push acknowledgement runs
        // later on this channel's event loop and is flushed on its own.
        final boolean[] inRead = {true};
        requests.process(request, sender, channel.eventLoop(), reply -> {
            final var out = LispMessageEncoder.encode(reply, channel.alloc());
            counters.increment(MessageType.MapReply, Kind.SENT);
            if (inRead[0]) {
                ctx.write(new DatagramPacket(out, replyTo));
            } else {
                channel.writeAndFlush(new DatagramPacket(out, replyTo));
            }
        });
        inRead[0] = false;
    }

    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        // A processor bug must cost one datagram, never the socket.
        LOG.warn("Unexpected failure while processing a LISP datagram; the datagram is dropped", cause);
    }

    private static MessageType counterType(final io.wgcp.lisp.codec.@Nullable MessageType type) {
        if (type == null) {
            return MessageType.Unknown;
        }
        return switch (type) {
            case MAP_REQUEST -> MessageType.MapRequest;
            case MAP_REPLY -> MessageType.MapReply;
            case MAP_REGISTER -> MessageType.MapRegister;
            case MAP_NOTIFY -> MessageType.MapNotify;
            case MAP_NOTIFY_ACK -> MessageType.MapNotifyAck;
            case ENCAPSULATED_CONTROL_MESSAGE -> MessageType.EncapsulatedControlMessage;
        };
    }
}
