/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.wgcp.lisp.codec.CodecWarmup;
import io.wgcp.mapserver.api.ControlPlaneStatistics;
import io.wgcp.mapserver.api.EdgeDirectory;
import io.wgcp.mapserver.api.EdgeInfo;
import io.wgcp.mapserver.api.MappingResolver;
import io.wgcp.mapserver.api.RegisteredMappings;
import io.wgcp.mapserver.api.SubscriptionEntry;
import io.wgcp.types.IpLiteral;
import io.wgcp.wireguard.WireGuardDrivers;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.aaa.encrypt.AAAEncryptionService;
import org.opendaylight.yangtools.concepts.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The map server's LISP control port: a Netty UDP server on port 4342 (epoll with one SO_REUSEPORT socket per core
 * where available, else one NIO socket), wired to the registration, resolution, push and publication logic. It is
 * an OSGi component configured from {@code etc/io.wgcp.lisp.southbound.cfg}; a configuration change restarts it.
 */
@Component(service = LispControlPlane.class, immediate = true, configurationPid = LispSouthboundConfiguration.PID)
@Designate(ocd = LispSouthboundConfiguration.class)
public final class LispServer implements LispControlPlane, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LispServer.class);
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    private static final long EXPIRY_SWEEP_MS = 1000;
    // A committed registration normally reaches the index within milliseconds; past this the Map-Notify goes anyway.
    private static final long INDEX_WAIT_MS = 1000;

    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final RegistrationTable registrations;
    private final SubscriptionTable subscriptions;
    private final UnsolicitedNotifier notifier;
    private final EdgeKeys keys;
    private final ExecutorService publisherExecutor;
    private final Registration mappingListener;
    private final Registration indexListener;
    private final Registration edgeListener;
    private final InetSocketAddress localAddress;
    private final @Nullable ControlInterfaceSync controlInterface;
    private volatile boolean listening;
    private final EdgeActivity activity = new EdgeActivity();

    /**
     * Starts the server.
     *
     * @param resolver the mapping index
     * @param directory the provisioned edges
     * @param store where registrations and subscriptions are written
     * @param statistics the control-plane counters
     * @param encryption decrypts the edges' Map-Register keys
     * @param configuration the settings
     */
    @Activate
    public LispServer(@Reference final MappingResolver resolver, @Reference final EdgeDirectory directory,
            @Reference final RegisteredMappings store, @Reference final ControlPlaneStatistics statistics,
            @Reference final AAAEncryptionService encryption, final LispSouthboundConfiguration configuration) {
        final var counters = statistics.counters();
        final boolean epoll = Epoll.isAvailable();
        final int channelCount = !epoll ? 1
            : configuration.channels() > 0 ? configuration.channels() : Runtime.getRuntime().availableProcessors();
        final var threads = new DefaultThreadFactory("wgcp-lisp", true);
        group = epoll ? new EpollEventLoopGroup(channelCount, threads) : new NioEventLoopGroup(channelCount, threads);

        keys = new EdgeKeys(encryption);
        final var indexWatch = new IndexWatch(resolver::exact, INDEX_WAIT_MS);
        indexListener = resolver.addChangeListener(indexWatch);
        registrations = new RegistrationTable(store, indexWatch);
        subscriptions = new SubscriptionTable(store);
        notifier = new UnsolicitedNotifier(counters, this::anyChannel, configuration.notify_retransmit_interval_ms(),
            configuration.notify_max_retransmits());
        final var registerProcessor = new MapRegisterProcessor(directory, keys, registrations, counters, activity,
            TimeUnit.SECONDS.toMillis(configuration.registration_lifetime_s()));
        // Until the edges had the time to register again (their registration lifetime), negative answers for unknown
        // destinations are not cacheable.
        final long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(configuration.registration_lifetime_s());
        final var requestProcessor = new MapRequestProcessor(resolver, directory, keys, subscriptions, notifier,
            counters, configuration.negative_ttl_minutes(), configuration.push_ack_wait_ms(),
            () -> System.nanoTime() - warmUntil < 0);
        final var handler = new ControlMessageHandler(registerProcessor, requestProcessor, notifier, counters);

        publisherExecutor = Executors.newSingleThreadExecutor(new DefaultThreadFactory("wgcp-lisp-publisher", true));
        mappingListener = resolver.addChangeListener(
            new Publisher(subscriptions, directory, keys, notifier, publisherExecutor));
        final var controlInterfaceName = configuration.control_interface().trim();
        controlInterface = controlInterfaceName.isEmpty() ? null : new ControlInterfaceSync(controlInterfaceName,
            WireGuardDrivers.of(configuration.wireguard_backend()), directory);
        edgeListener = directory.addChangeListener(this::edgeChanged);

        final var bootstrap = new Bootstrap()
            .group(group)
            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
            .handler(handler);
        if (epoll) {
            bootstrap.option(UnixChannelOption.SO_REUSEPORT, true);
        }
        localAddress = new InetSocketAddress(IpLiteral.parse(configuration.bind_address()),
            configuration.port());
        for (int i = 0; i < channelCount; i++) {
            // Binding a UDP socket completes at once; a failure (port taken, address not local) must surface.
            final var bound = bootstrap.bind(localAddress).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                close();
                throw new IllegalStateException("cannot bind the LISP control port " + localAddress, bound.cause());
            }
            channels.add(bound.channel());
        }
        listening = true;
        // A map server that starts has none of the registrations (they live in the operational datastore): ask every
        // provisioned edge to register now rather than at its next periodic Map-Register, up to a minute later.
        directory.edges().forEach(this::solicitRegistration);
        group.next().scheduleAtFixedRate(() -> registrations.expire(System.currentTimeMillis()), EXPIRY_SWEEP_MS,
            EXPIRY_SWEEP_MS, TimeUnit.MILLISECONDS);
        // The message path of a quiet map server would otherwise run interpreted for its first thousands of
        // messages, on every resolution (CodecWarmup says why).
        CodecWarmup.start("wgcp-lisp-codec-warmup", CodecWarmup.DEFAULT_ROUNDS);
        final var sockets = channelCount + (epoll ? " epoll" : " NIO") + (channelCount > 1 ? " sockets" : " socket");
        LOG.info("wgcp LISP control plane listening on {} ({})", localAddress, sockets);
    }

    @Override
    @Deactivate
    public void close() {
        mappingListenerClose();
        for (var channel : channels) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        notifier.close();
        publisherExecutor.shutdownNow();
        if (controlInterface != null) {
            controlInterface.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        LOG.info("wgcp LISP control plane on {} stopped", localAddress);
    }

    private void mappingListenerClose() {
        if (mappingListener != null) {
            mappingListener.close();
        }
        if (indexListener != null) {
            indexListener.close();
        }
        if (edgeListener != null) {
            edgeListener.close();
        }
    }

    private Channel anyChannel() {
        // A push made while answering a Map-Request leaves from the socket that read the request, on the same thread:
        // another socket's event loop would first have to be woken to write it, which delays the push that must reach
        // the destination before the requester's handshake does. Other senders (publications) may use any socket:
        // they all share the address and port.
        for (var channel : channels) {
            if (channel.eventLoop().inEventLoop()) {
                return channel;
            }
        }
        return channels.get(ThreadLocalRandom.current().nextInt(channels.size()));
    }

    private void edgeChanged(final @Nullable EdgeInfo before, final @Nullable EdgeInfo after) {
        if (controlInterface != null) {
            controlInterface.edgesChanged();
        }
        if (after != null && (before == null || !Objects.equals(before.mapRegisterKey(), after.mapRegisterKey()))) {
            // A new edge, or a new key: the agent may be up and retrying already.
            solicitRegistration(after);
        }
        if (before != null) {
            registrations.edgeChanged(before, after);
        }
        if (after == null && before != null) {
            subscriptions.removeEdge(before.edgeId());
            keys.forget(before.edgeId());
            activity.forget(before.edgeId());
        }
    }

    /**
     * Asks an edge to register now: an unsolicited Map-Notify without records, signed with the edge's key and
     * retransmitted until acknowledged like any other. The wgcp agent answers it with a Map-Register at once.
     */
    private void solicitRegistration(final EdgeInfo edge) {
        if (!listening) {
            // Before the port is bound: the start solicits every edge once it is.
            return;
        }
        final byte[] secret = keys.secretOf(edge);
        if (secret.length > 0) {
            notifier.send(edge, secret, List.of());
        }
    }

    @Override
    public List<SubscriptionEntry> subscriptions() {
        return subscriptions.all();
    }

    @Override
    public List<EdgeActivity.Line> edgeActivity() {
        return activity.lines();
    }

    @Override
    public int pendingNotifies() {
        return notifier.pendingCount();
    }

    @Override
    public int localRegistrations() {
        return registrations.size();
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }
}
