/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.bench.lisp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A UDP echo in this JVM on one Netty event loop (epoll when available): answers every datagram with its own bytes.
 * A sanity target for the load generator, not a ceiling (it shares the JVM and the heap with the generator).
 */
public final class NettyEcho implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;

    private NettyEcho(final EventLoopGroup group, final Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Starts an echo.
     *
     * @param bind where to listen (port 0: an ephemeral port)
     * @return the running echo
     * @throws InterruptedException if interrupted while binding
     */
    public static NettyEcho start(final InetSocketAddress bind) throws InterruptedException {
        final boolean epoll = Epoll.isAvailable();
        final EventLoopGroup group = epoll ? new EpollEventLoopGroup(1, new DefaultThreadFactory("lisp-echo", true))
            : new NioEventLoopGroup(1, new DefaultThreadFactory("lisp-echo", true));
        final var bound = new Bootstrap().group(group)
            .channelFactory((ChannelFactory<DatagramChannel>) () -> epoll ? new EpollDatagramChannel()
                : new NioDatagramChannel())
            .option(ChannelOption.SO_RCVBUF, 4 << 20)
            .option(ChannelOption.SO_SNDBUF, 4 << 20)
            .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048))
            .handler(new Echo())
            .bind(bind);
        if (!bound.await(10, TimeUnit.SECONDS) || !bound.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot bind the echo to " + bind, bound.cause());
        }
        return new NettyEcho(group, bound.channel());
    }

    /**
     * Returns where the echo listens.
     *
     * @return the bound address
     */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    private static final class Echo extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final DatagramPacket packet) {
            ctx.write(new DatagramPacket(packet.content().retain(), packet.sender()), ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(final ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}
