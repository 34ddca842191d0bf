/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.agent.net.AddressWatch;
import io.wgcp.agent.net.IcmpUnreachable;
import io.wgcp.agent.net.IpCommand;
import io.wgcp.agent.net.IpPacket;
import io.wgcp.agent.net.MalformedPacketException;
import io.wgcp.agent.net.PacketHold;
import io.wgcp.agent.net.RawIpSender;
import io.wgcp.agent.net.RouteSocket;
import io.wgcp.agent.net.TunDevice;
import io.wgcp.lisp.codec.CodecWarmup;
import io.wgcp.lisp.codec.MapNotify;
import io.wgcp.lisp.codec.MapNotifyAck;
import io.wgcp.lisp.codec.MapRegister;
import io.wgcp.lisp.codec.MapRequest;
import io.wgcp.lisp.codec.XtrSiteId;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import io.wgcp.wireguard.PeerConfig;
import io.wgcp.wireguard.WireGuardDriver;
import io.wgcp.wireguard.WireGuardDrivers;
import io.wgcp.wireguard.WireGuardKeyPair;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The edge agent's composition root: brings up the interfaces, the control socket and the TUN device, and wires the
 * parts that do the work ({@link Registration}, {@link Resolver}, {@link PeerConfigurator}, {@link PeerMonitor},
 * {@link HandshakeStarter}) to the threads that feed them.
 *
 * <p>Threads: every piece of state is guarded by one lock, {@code stateLock}. The TUN reader and the control-socket
 * receiver handle what they read themselves, under it: no hand-over to another thread on the path of a new tunnel.
 * Timers and status requests run on the loop thread, under the same lock. Each input thread handles its input in
 * arrival order, so events from the map server (a push, then a publication for the same prefix) are applied in the
 * order they came.
 */
public final class EdgeAgent implements AutoCloseable {
    private static final Logger LOG = System.getLogger(EdgeAgent.class.getName());
    private static final int CONTROL_DELAY_SAMPLES = 4096;
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);

    private final AgentConfig config;
    private final WireGuardKeyPair dataKeys;
    private final WireGuardKeyPair controlKeys;
    private final byte[] secret;
    private final WireGuardDriver wg;
    private final IpCommand ip = IpCommand.local();
    private final ScheduledExecutorService executor;
    private final InetSocketAddress mapServer;
    private final Counters counters = new Counters();
    private final PeerTable peers = new PeerTable();
    private final NegativeCache negatives = new NegativeCache();
    private final ControlDelays controlDelays = new ControlDelays(CONTROL_DELAY_SAMPLES);
    private final PeerMonitor monitor;
    private final HandshakeStarter handshakes;
    private final Registration registration;
    private final Resolver resolver;
    private final EndpointTracker endpoints;
    private final Wiring wiring = new Wiring();
    private final Instant started = Instant.now();
    private final Object stateLock = new Object();

    private ControlSocket socket;
    private TunDevice tun;
    private RawIpSender raw;
    private RouteSocket routes;
    private PeerConfigurator configurator;
    private ControlMessages messages;
    private Housekeeping housekeeping;
    private Flows flows;
    private AddressWatch addressWatch;
    private volatile boolean closed;

    /**
     * Creates an agent; {@link #start()} brings it up.
     *
     * @param config the configuration
     * @param dataKeys the data interface's key pair
     * @param controlKeys the control interface's key pair
     */
    public EdgeAgent(final AgentConfig config, final WireGuardKeyPair dataKeys, final WireGuardKeyPair controlKeys) {
        for (var prefix : config.edge().overlayPrefixes()) {
            if (prefix.contains(config.mapServer().address()) || prefix.contains(config.control().address())) {
                throw new IllegalArgumentException("overlay prefix " + prefix + " covers the control tunnel ("
                    + config.mapServer().address() + ", " + config.control().address()
                    + "): control traffic must never enter the data TUN device");
            }
        }
        this.config = config;
        this.dataKeys = dataKeys;
        this.controlKeys = controlKeys;
        this.secret = config.key().secret().getBytes(StandardCharsets.UTF_8);
        this.wg = WireGuardDrivers.of(config.local().wireGuardBackend());
        this.mapServer = new InetSocketAddress(config.mapServer().address(), config.mapServer().port());
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final var thread = new Thread(runnable, "wgcp-agent-loop");
            thread.setDaemon(true);
            return thread;
        });
        final var random = new SecureRandom();
        final byte[] id = controlKeys.publicKey().bytes();
        final var xtrSiteId = new XtrSiteId(ByteBuffer.wrap(id, 0, 8).getLong(), ByteBuffer.wrap(id, 8, 8).getLong(),
            0);
        final var edge = config.edge();
        final var timing = config.timing();
        this.registration = new Registration(new Registration.Identity(edge.instanceId(), edge.eidPrefixes(),
            timing.mappingTtlMinutes(), dataKeys.publicKey(), config.data().listenPort(), config.key().id(),
            config.key().algorithm(), xtrSiteId, timing.registerInterval()), wiring, wiring, random::nextLong);
        this.resolver = new Resolver(new Resolver.Requester(edge.instanceId(), edge.localEid(),
            config.control().address(), xtrSiteId, timing.requestTimeout(), timing.requestAttempts()), wiring, wiring,
            random::nextLong);
        this.monitor = new PeerMonitor(timing.idleTimeout(), timing.staleAfter(),
            timing.requestTimeout().multipliedBy(timing.requestAttempts() + 1L));
        this.handshakes = new HandshakeStarter(wg, config.data().iface(), config.data().keepaliveSeconds(), wiring);
        this.endpoints = new EndpointTracker(registration, wiring);
    }

    /**
     * Brings up the control interface, the data interface, the control socket and the TUN device, rebuilds the
     * state of a previous run from the data interface, registers, and starts the periodic work.
     *
     * @throws IOException if a part cannot be brought up
     */
    public void start() throws IOException {
        final var interfaces = new InterfaceBootstrap(config, wg, ip);
        interfaces.control(controlKeys);
        interfaces.data(dataKeys);
        socket = ControlSocket.open(new InetSocketAddress(config.control().address(), config.mapServer().port()),
            mapServer, secret, counters);
        raw = RawIpSender.open();
        routes = RouteSocket.open();
        final var data = config.data();
        configurator = new PeerConfigurator(new PeerConfigurator.DataPlane(data.iface(), config.localEid(),
            data.keepaliveSeconds(), config.edge().instanceId(), config.edge().eidPrefixes()), wg, routes, peers,
            negatives, wiring);
        flows = new Flows(new PacketHold<>(new PacketHold.Limits(data.holdPerDestination(), data.holdTotal(),
            PacketHold.Limits.DEFAULT.totalBytes())), peers, negatives, resolver, wiring, counters);
        housekeeping = new Housekeeping(wg, data.iface(), peers, negatives, monitor, resolver, configurator,
            counters);
        messages = new ControlMessages(config.mapServer().address(), secret, registration, resolver, configurator,
            negatives, controlDelays, wiring);
        tun = TunDevice.open(config.data().tunDevice());
        ip.disableAddressGeneration(tun.name());
        ip.linkUp(tun.name());
        for (var prefix : config.edge().overlayPrefixes()) {
            ip.routeReplace(prefix, tun.name(), config.localEid());
        }
        socket.startReceiving((bytes, sender, receivedNanos) -> guarded(() -> messages.onDatagram(bytes, sender,
            receivedNanos)));
        TunReader.start(tun, packet -> guarded(() -> flows.onPacket(packet)));
        call(() -> {
            final int restored = configurator.restore(wg.show(config.data().iface()));
            if (restored > 0) {
                LOG.log(Level.INFO, "Restored {0} peers from {1}; re-resolving them", restored,
                    config.data().iface());
            }
            final var endpoint = currentEndpointAddress();
            if (endpoint == null) {
                LOG.log(Level.WARNING, "No route to the map server endpoint {0} yet: registering once it appears",
                    config.mapServer().endpoint());
            } else {
                endpoints.changed(endpoint);
            }
            return null;
        });
        if (config.local().endpointAddress() == null) {
            try {
                addressWatch = AddressWatch.start(() -> {
                    if (!closed) {
                        endpoints.queueCheck();
                    }
                });
            } catch (IOException e) {
                LOG.log(Level.WARNING, "No rtnetlink notifications ({0}): address changes are seen by polling only",
                    e.getMessage());
            }
            // Also polled: a notification lost for good (the watch stopped) must not leave the edge registered at an
            // address it no longer has.
            executor.scheduleWithFixedDelay(endpoints::check, config.timing().endpointCheckInterval().toMillis(),
                config.timing().endpointCheckInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
        // An agent handles a few messages a minute: without this its message path would never be compiled.
        CodecWarmup.start("wgcp-agent-codec-warmup", CodecWarmup.DEFAULT_ROUNDS);
        executor.scheduleWithFixedDelay(() -> guarded(housekeeping::round), HOUSEKEEPING.toMillis(),
            HOUSEKEEPING.toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "Agent {0} up: data {1} key {2}, control {3} {4} key {5}, TUN {6}", config.edge().name(),
            config.data().iface(), dataKeys.publicKey(), config.control().iface(), config.control().address(),
            controlKeys.publicKey(), tun.name());
    }

    /** The configured endpoint address, else the source the kernel picks towards the map server; null for none. */
    private InetAddress currentEndpointAddress() throws IOException {
        if (config.local().endpointAddress() != null) {
            return config.local().endpointAddress();
        }
        // No route at the moment (an address is being changed) gives null: the last address is kept.
        return routes.sourceTowards(config.mapServer().endpoint().getAddress());
    }

    /** How the parts reach the agent: its loop, its sockets, the held packets and the counters. */
    private final class Wiring implements AgentLoop, Registration.Host, Resolver.Host, PeerConfigurator.Host,
            HandshakeStarter.Host, ControlMessages.Host, EndpointTracker.Host, Flows.PacketIo {
        @Override
        public AgentLoop.Scheduled schedule(final Runnable step, final Duration delay) {
            final var future = executor.schedule(() -> guarded(step::run), delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        }

        @Override
        public void count(final Counter counter) {
            counters.count(counter);
        }

        @Override
        public void send(final MapRegister register) {
            socket.sendSigned(register, mapServer);
        }

        @Override
        public void send(final MapRequest request) {
            socket.sendRequest(request);
        }

        @Override
        public void unacknowledged(final int registers, final Duration since) {
            final var key = config.key();
            LOG.log(Level.WARNING, registers + " Map-Registers in " + since.toSeconds() + " s got no Map-Notify from "
                + config.mapServer().address().getHostAddress() + ":" + config.mapServer().port() + ". Likely causes: "
                + "the map server is down or unreachable through the control tunnel (" + config.control().iface()
                + "); the edge's Map-Register key on the map server differs (here key-id " + key.id()
                + ", algorithm " + key.algorithm() + ": compare with set-map-register-key, whose key-id defaults to 0);"
                + " this host's control-address " + config.control().address().getHostAddress() + " is not the "
                + "edge's provisioned control-address; its EID prefixes " + config.edge().eidPrefixes() + " are not "
                + "all authorised for the edge. The map server counts each refusal (wgcp:stats).");
        }

        @Override
        public void acknowledge(final MapNotify notify, final InetSocketAddress sender) {
            counters.count(Counter.NOTIFY_ACKS_SENT);
            socket.sendSigned(MapNotifyAck.acknowledging(notify), sender);
        }

        @Override
        public void unanswered(final InetAddress destination) {
            flows.unreachable(destination, null, IcmpUnreachable.Code.HOST_UNREACHABLE);
        }

        @Override
        public void unreachable(final InetAddress requested, final IpPrefix prefix, final IcmpUnreachable.Code code) {
            flows.unreachable(requested, prefix, code);
        }

        @Override
        public void released(final IpPrefix prefix) {
            flows.release(prefix);
        }

        @Override
        public void resend(final ByteBuffer packet) throws IOException, MalformedPacketException {
            raw.send(packet);
        }

        @Override
        public void answer(final IpPacket packet) throws IOException {
            tun.write(packet);
        }

        @Override
        public void watchHandshake(final WireGuardKey key) {
            handshakes.watch(key);
        }

        @Override
        public Optional<PeerConfig> wanted(final WireGuardKey key) {
            final var allowed = peers.allowedIpsOf(key);
            return allowed.isEmpty() ? Optional.empty() : Optional.of(new PeerConfig(key, peers.endpointOf(key),
                allowed, config.data().keepaliveSeconds()));
        }

        @Override
        public InetAddress currentAddress() throws IOException {
            return currentEndpointAddress();
        }

        @Override
        public void execute(final Runnable check) {
            try {
                executor.execute(check);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }

        @Override
        public void underLock(final Runnable change) {
            guarded(change::run);
        }

        @Override
        public void resetSourceAddresses() throws IOException {
            // Sticky source addresses: see PeerConfigurator.resetSourceAddresses.
            wg.setPeer(config.control().iface(), new PeerConfig(config.mapServer().publicKey(),
                config.mapServer().endpoint(), List.of(IpPrefix.host(config.mapServer().address())),
                config.control().keepaliveSeconds()));
            configurator.resetSourceAddresses();
        }
    }

    /** Work on the loop that may fail; a failure is logged and counted, and never stops the loop. */
    private interface Work {
        void run() throws IOException;
    }

    /** Runs work on the state, under its lock; work never waits for the loop thread (which may wait for the lock). */
    @SuppressWarnings("checkstyle:IllegalCatch")
    private void guarded(final Work work) {
        if (closed) {
            return;
        }
        try {
            synchronized (stateLock) {
                work.run();
            }
        } catch (IOException e) {
            counters.count(Counter.ERRORS);
            LOG.log(Level.WARNING, "Agent operation failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // A bug must not end the agent (a periodic task that throws is never run again): log it loudly.
            counters.count(Counter.ERRORS);
            LOG.log(Level.ERROR, "Unexpected failure in the agent loop", e);
        }
    }

    private <T> T call(final Callable<T> work) throws IOException {
        try {
            return executor.submit(() -> {
                synchronized (stateLock) {
                    return work.call();
                }
            }).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException(String.valueOf(e.getCause().getMessage()), e);
        } catch (TimeoutException e) {
            throw new IOException("the agent loop did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * Takes a snapshot of the agent's state.
     *
     * @return the snapshot
     * @throws IOException if the loop does not answer
     */
    public AgentStatus status() throws IOException {
        return call(() -> {
            final Instant now = Instant.now();
            final var endpoint = registration.endpointAddress();
            return new AgentStatus(config.edge().name(), dataKeys.publicKey().toBase64(),
                controlKeys.publicKey().toBase64(), endpoint == null ? null
                    : new InetSocketAddress(endpoint, config.data().listenPort()), registration.registered(),
                registration.lastAcknowledged(), registration.unanswered(), registration.unansweredSince(),
                Duration.between(started, now), peers.statuses(now), negatives.size(),
                resolver.pending(), flows.heldPackets(), counters.snapshot(), controlDelays.snapshot());
        });
    }

    @Override
    @SuppressWarnings("checkstyle:IllegalCatch")
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The TUN device and its overlay routes go; the data interface, its peers and routes stay, so that
        // established tunnels keep working across an agent restart.
        for (AutoCloseable part : new AutoCloseable[] {tun, raw, addressWatch, routes, socket}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    LOG.log(Level.DEBUG, "Closing " + part, e);
                }
            }
        }
    }
}
