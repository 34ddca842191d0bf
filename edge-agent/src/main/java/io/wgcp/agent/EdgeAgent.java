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
import io.netty.buffer.Unpooled;
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
import io.wgcp.lisp.codec.EidPrefix;
import io.wgcp.lisp.codec.IpAddress;
import io.wgcp.lisp.codec.LispAuthentication;
import io.wgcp.lisp.codec.LispDecodingException;
import io.wgcp.lisp.codec.LispMessage;
import io.wgcp.lisp.codec.LispMessageDecoder;
import io.wgcp.lisp.codec.LispMessageEncoder;
import io.wgcp.lisp.codec.MapNotify;
import io.wgcp.lisp.codec.MapNotifyAck;
import io.wgcp.lisp.codec.MapRegister;
import io.wgcp.lisp.codec.MapReply;
import io.wgcp.lisp.codec.MapReplyAction;
import io.wgcp.lisp.codec.MapRequest;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.lisp.codec.WireGuardLocator;
import io.wgcp.lisp.codec.XtrSiteId;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import io.wgcp.wireguard.InterfaceState;
import io.wgcp.wireguard.PeerConfig;
import io.wgcp.wireguard.PeerState;
import io.wgcp.wireguard.WireGuardDriver;
import io.wgcp.wireguard.WireGuardDrivers;
import io.wgcp.wireguard.WireGuardException;
import io.wgcp.wireguard.WireGuardKeyPair;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The edge agent: bootstraps the control and data WireGuard interfaces and the TUN device, registers, detects flows
 * on the TUN device, resolves them over LISP, configures WireGuard peers and routes, and follows the map server's
 * pushes and publications.
 *
 * <p>Threads: every piece of state (peers, pending requests, registration) is guarded by one lock,
 * {@code stateLock}. The TUN reader and the control-socket receiver handle what they read themselves, under it: no
 * hand-over to another thread on the path of a new tunnel (on a busy 2-core host each hand-over cost about 0.2 ms).
 * Timers and status requests run on the loop thread, under the same lock. Each input thread handles its input in
 * arrival order, so events from the map server (a push, then a publication for the same prefix) are applied in the
 * order they came.
 */
public final class EdgeAgent implements AutoCloseable {
    private static final Logger LOG = System.getLogger(EdgeAgent.class.getName());
    private static final int CONTROL_DELAY_SAMPLES = 4096;
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);
    /** What a WireGuard keepalive adds to a peer's transmitted bytes: the data header and the empty payload's tag. */
    private static final long KEEPALIVE_BYTES = 32;
    private static final Duration REGISTER_RETRY = Duration.ofSeconds(1);

    private final AgentConfig config;
    private final WireGuardKeyPair dataKeys;
    private final WireGuardKeyPair controlKeys;
    private final byte[] secret;
    private final WireGuardDriver wg;
    private final IpCommand ip = IpCommand.local();
    private final ScheduledExecutorService loop;
    private final SecureRandom random = new SecureRandom();
    private final XtrSiteId xtrSiteId;
    private final InetSocketAddress mapServer;
    private final PacketHold<InetAddress> hold;
    private final EnumMap<Counter, long[]> counters = new EnumMap<>(Counter.class);
    private final Map<IpPrefix, Peer> peers = new HashMap<>();
    private final Map<IpPrefix, Negative> negatives = new HashMap<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<InetAddress, Long> resolving = new HashMap<>();
    private final Set<InetAddress> held = new HashSet<>();
    private final ControlDelays controlDelays = new ControlDelays(CONTROL_DELAY_SAMPLES);
    private final HandshakeStarter handshakes;
    private final Instant started = Instant.now();
    private final Object stateLock = new Object();
    private final AtomicBoolean endpointCheckQueued = new AtomicBoolean();

    private DatagramChannel socket;
    private TunDevice tun;
    private RawIpSender raw;
    private RouteSocket routes;
    private AddressWatch addressWatch;
    // Written under the state lock; read without it by the endpoint check, which re-reads it under the lock.
    private volatile InetAddress endpointAddress;
    private long registerNonce;
    private MapRegister lastRegister;
    private boolean registered;
    private Instant lastRegistered;
    private Duration registerBackoff = REGISTER_RETRY;
    private ScheduledFuture<?> registerTimer;
    private volatile boolean closed;

    /** A data-plane peer; only the event loop touches it. */
    private static final class Peer {
        final IpPrefix prefix;
        WireGuardKey key;
        InetSocketAddress endpoint;
        final PeerSource source;
        Instant expires;
        Instant lastActivity;
        Instant lastRxChange;
        Instant lastHandshake;
        Instant lastStaleResolve = Instant.EPOCH;
        long rx;
        long tx;

        Peer(final IpPrefix prefix, final WireGuardKey key, final InetSocketAddress endpoint, final PeerSource source,
                final Instant now) {
            this.prefix = prefix;
            this.key = key;
            this.endpoint = endpoint;
            this.source = source;
            this.expires = now;
            this.lastActivity = now;
            this.lastRxChange = now;
        }
    }

    /** When the steps of applying a Map-Reply ended, for the control delay's phases. */
    private static final class ResolutionTimer {
        long routeSet;
        long peerSet;
    }

    /** A cached negative answer. */
    private record Negative(IpPrefix prefix, IcmpUnreachable.Code code, Instant expires) {
    }

    /** A Map-Request waiting for its reply. */
    private record Pending(InetAddress destination, boolean holding, int attempt, long sentNanos,
            ScheduledFuture<?> timer) {
    }

    /**
     * Creates an agent; {@link #start()} brings it up.
     *
     * @param config the configuration
     * @param dataKeys the data interface's key pair
     * @param controlKeys the control interface's key pair
     */
    public EdgeAgent(final AgentConfig config, final WireGuardKeyPair dataKeys, final WireGuardKeyPair controlKeys) {
        this.config = config;
        this.dataKeys = dataKeys;
        this.controlKeys = controlKeys;
        this.secret = config.keySecret().getBytes(StandardCharsets.UTF_8);
        this.wg = WireGuardDrivers.of(config.wireGuardBackend());
        this.mapServer = new InetSocketAddress(config.mapServerAddress(), config.mapServerPort());
        final byte[] id = controlKeys.publicKey().bytes();
        this.xtrSiteId = new XtrSiteId(ByteBuffer.wrap(id, 0, 8).getLong(), ByteBuffer.wrap(id, 8, 8).getLong(), 0);
        this.hold = new PacketHold<>(new PacketHold.Limits(config.holdPerDestination(), config.holdTotal(),
            PacketHold.Limits.DEFAULT.totalBytes()));
        for (var counter : Counter.values()) {
            counters.put(counter, new long[1]);
        }
        this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final var thread = new Thread(runnable, "wgcp-agent-loop");
            thread.setDaemon(true);
            return thread;
        });
        this.handshakes = new HandshakeStarter(wg, config.dataInterface(), config.dataKeepaliveSeconds(),
            new HandshakeStarter.Host() {
                @Override
                public void schedule(final Runnable step, final Duration delay) {
                    loop.schedule(() -> guarded(step::run), delay.toNanos(), TimeUnit.NANOSECONDS);
                }

                @Override
                public void count(final Counter counter) {
                    EdgeAgent.this.count(counter);
                }

                @Override
                public Optional<PeerConfig> wanted(final WireGuardKey key) {
                    final var allowed = allowedIpsOf(key);
                    if (allowed.isEmpty()) {
                        return Optional.empty();
                    }
                    InetSocketAddress endpoint = null;
                    for (var peer : peers.values()) {
                        if (peer.key.equals(key)) {
                            endpoint = peer.endpoint;
                        }
                    }
                    return Optional.of(new PeerConfig(key, endpoint, allowed, config.dataKeepaliveSeconds()));
                }
            });
        for (var prefix : config.overlayPrefixes()) {
            if (prefix.contains(config.mapServerAddress()) || prefix.contains(config.controlAddress())) {
                throw new IllegalArgumentException("overlay prefix " + prefix + " covers the control tunnel ("
                    + config.mapServerAddress() + ", " + config.controlAddress() + "): control traffic must never "
                    + "enter the data TUN device");
            }
        }
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
        socket = DatagramChannel.open(config.controlAddress() instanceof java.net.Inet6Address
            ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        socket.bind(new InetSocketAddress(config.controlAddress(), config.mapServerPort()));
        raw = RawIpSender.open();
        routes = RouteSocket.open();
        tun = TunDevice.open(config.tunDevice());
        ip.disableAddressGeneration(tun.name());
        ip.linkUp(tun.name());
        for (var prefix : config.overlayPrefixes()) {
            ip.routeReplace(prefix, tun.name(), config.localEid());
        }
        final var receiver = new Thread(this::receiveLoop, "wgcp-agent-control");
        receiver.setDaemon(true);
        receiver.start();
        final var reader = new Thread(this::tunLoop, "wgcp-agent-tun");
        reader.setDaemon(true);
        reader.start();
        call(() -> {
            restorePeers();
            endpointAddress = currentEndpointAddress();
            if (endpointAddress == null) {
                LOG.log(Level.WARNING, "No route to the map server endpoint {0} yet: registering once it appears",
                    config.mapServerEndpoint());
            } else {
                register();
            }
            return null;
        });
        if (config.endpointAddress() == null) {
            try {
                addressWatch = AddressWatch.start(this::queueEndpointCheck);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "No rtnetlink notifications ({0}): address changes are seen by polling only",
                    e.getMessage());
            }
            // Also polled: a notification lost for good (the watch stopped) must not leave the edge registered at an
            // address it no longer has.
            loop.scheduleWithFixedDelay(this::checkEndpoint, config.endpointCheckInterval().toMillis(),
                config.endpointCheckInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
        // An agent handles a few messages a minute: without this its message path would never be compiled.
        CodecWarmup.start("wgcp-agent-codec-warmup", CodecWarmup.DEFAULT_ROUNDS);
        loop.scheduleWithFixedDelay(() -> guarded(this::housekeeping), HOUSEKEEPING.toMillis(),
            HOUSEKEEPING.toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "Agent {0} up: data {1} key {2}, control {3} {4} key {5}, TUN {6}", config.name(),
            config.dataInterface(), dataKeys.publicKey(), config.controlInterface(), config.controlAddress(),
            controlKeys.publicKey(), tun.name());
    }

    // ---------------------------------------------------------------- restart

    /** A restarted agent finds its peers on the data interface: keep them and their routes, re-resolve them. */
    private void restorePeers() throws IOException {
        final Instant now = Instant.now();
        for (PeerState state : wg.show(config.dataInterface()).peers()) {
            for (IpPrefix prefix : state.allowedIps()) {
                final var peer = new Peer(prefix, state.publicKey(), state.endpoint(), PeerSource.RESTORED, now);
                peer.rx = state.rxBytes();
                peer.tx = state.txBytes();
                peer.lastHandshake = state.lastHandshake();
                peers.put(prefix, peer);
                routes.replace(prefix, config.dataInterface(), config.localEid());
            }
            if (state.config().persistentKeepaliveSeconds() != config.dataKeepaliveSeconds()) {
                // A pushed peer still without its keepalive, or a kick's left on by a crash (HandshakeStarter).
                wg.setPersistentKeepalive(config.dataInterface(), state.publicKey(), config.dataKeepaliveSeconds());
            }
        }
        if (!peers.isEmpty()) {
            LOG.log(Level.INFO, "Restored {0} peers from {1}; re-resolving them", peers.size(),
                config.dataInterface());
        }
    }

    // ---------------------------------------------------------------- threads feeding the loop

    private void tunLoop() {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(TunDevice.MAX_PACKET);
        while (!closed) {
            buffer.clear();
            final int length;
            try {
                length = tun.read(buffer);
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.ERROR, "Reading the TUN device failed; flow detection stops", e);
                }
                return;
            }
            if (length < 0) {
                return;
            }
            buffer.flip();
            final IpPacket packet;
            try {
                packet = IpPacket.parse(buffer).copy();
            } catch (MalformedPacketException e) {
                continue;
            }
            guarded(() -> onTunPacket(packet));
        }
    }

    private void receiveLoop() {
        final ByteBuffer buffer = ByteBuffer.allocate(65_535);
        while (!closed) {
            buffer.clear();
            final InetSocketAddress sender;
            try {
                sender = (InetSocketAddress) socket.receive(buffer);
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
            guarded(() -> onDatagram(bytes, sender, receivedNanos));
        }
    }

    // ---------------------------------------------------------------- flows

    private void onTunPacket(final IpPacket packet) throws IOException {
        count(Counter.TUN_PACKETS);
        final InetAddress destination = packet.destination();
        if (peerFor(destination) != null) {
            // Read before the more specific route existed: send it on, it now leaves through WireGuard.
            sendRaw(packet.buffer());
            return;
        }
        final var negative = negativeFor(destination);
        if (negative != null) {
            answerUnreachable(packet.buffer(), negative.code());
            return;
        }
        final var result = hold.hold(destination, packet);
        switch (result) {
            case HELD_FIRST -> {
                held.add(destination);
                if (!resolving.containsKey(destination)) {
                    resolve(destination, true, 1);
                }
            }
            case DROPPED_DESTINATION_FULL, DROPPED_HOLD_FULL -> count(Counter.PACKETS_DROPPED_HOLD_FULL);
            default -> {
                // held behind the first one: its resolution is on its way
            }
        }
    }

    private void resolve(final InetAddress destination, final boolean holding, final int attempt) throws IOException {
        final long nonce = random.nextLong();
        final var request = MapRequest.builder(nonce, EidPrefix.of(config.instanceId(),
                IpAddress.of(config.localEid()), hostLength(config.localEid())).address())
            .addItrRloc(IpAddress.of(config.controlAddress()))
            .addRecord(EidPrefix.of(config.instanceId(), IpAddress.of(destination), hostLength(destination)), true)
            .xtrSiteId(xtrSiteId)
            .build();
        final var timer = loop.schedule(() -> guarded(() -> requestTimedOut(nonce)),
            config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        resolving.put(destination, nonce);
        count(Counter.MAP_REQUESTS_SENT);
        final ByteBuf encoded = LispMessageEncoder.encode(request, ByteBufAllocator.DEFAULT);
        // The control delay starts when the request leaves, as its definition says.
        pending.put(nonce, new Pending(destination, holding, attempt, System.nanoTime(), timer));
        send(encoded, mapServer);
    }

    private void requestTimedOut(final long nonce) throws IOException {
        final var request = pending.remove(nonce);
        if (request == null) {
            return;
        }
        resolving.remove(request.destination(), nonce);
        if (request.attempt() < config.requestAttempts()) {
            resolve(request.destination(), request.holding(), request.attempt() + 1);
            return;
        }
        count(Counter.MAP_REQUESTS_UNANSWERED);
        LOG.log(Level.WARNING, "No Map-Reply for {0} after {1} attempts", request.destination().getHostAddress(),
            request.attempt());
        if (held.remove(request.destination())) {
            for (var buffer : hold.drop(request.destination())) {
                answerUnreachable(buffer, IcmpUnreachable.Code.HOST_UNREACHABLE);
            }
        }
    }

    private void onDatagram(final byte[] bytes, final InetSocketAddress sender, final long receivedNanos)
            throws IOException {
        final ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        final LispMessage message;
        try {
            message = LispMessageDecoder.decode(buf);
        } catch (LispDecodingException e) {
            count(Counter.MALFORMED);
            LOG.log(Level.DEBUG, "Undecodable datagram from {0}: {1}", sender, e.getMessage());
            return;
        }
        if (!sender.getAddress().equals(config.mapServerAddress())) {
            // Only the map server speaks to the agent; the control tunnel authenticates its address.
            count(Counter.MALFORMED);
            return;
        }
        if (message instanceof MapReply reply) {
            onMapReply(reply, receivedNanos);
        } else if (message instanceof MapNotify notify) {
            if (!LispAuthentication.verify(buf, secret)) {
                count(Counter.AUTHENTICATION_FAILURES);
                return;
            }
            onMapNotify(notify, sender);
        } else {
            count(Counter.MALFORMED);
        }
    }

    private void onMapReply(final MapReply reply, final long receivedNanos) throws IOException {
        final long dispatchedNanos = System.nanoTime();
        final var request = pending.remove(reply.nonce());
        if (request == null || reply.records().isEmpty()) {
            return;
        }
        request.timer().cancel(false);
        resolving.remove(request.destination(), reply.nonce());
        final var mappingRecord = reply.records().get(0);
        if (mappingRecord.locators().isEmpty()) {
            count(Counter.MAP_REPLIES_NEGATIVE);
            onNegative(mappingRecord, request);
            return;
        }
        count(Counter.MAP_REPLIES_POSITIVE);
        final var timer = new ResolutionTimer();
        if (applyMapping(mappingRecord, PeerSource.PULLED, null, timer)) {
            controlDelays.record(request.sentNanos(), receivedNanos, dispatchedNanos, timer.routeSet, timer.peerSet);
        }
    }

    private void onNegative(final MappingRecord mappingRecord, final Pending request) {
        final var prefix = prefixOf(mappingRecord.eid());
        final var code = mappingRecord.action() == MapReplyAction.DROP_POLICY_DENIED
            ? IcmpUnreachable.Code.ADMIN_PROHIBITED : IcmpUnreachable.Code.HOST_UNREACHABLE;
        if (prefix != null && mappingRecord.ttl() > 0) {
            negatives.put(prefix, new Negative(prefix, code,
                Instant.now().plus(Duration.ofMinutes(mappingRecord.ttl()))));
        }
        final List<InetAddress> answered = new ArrayList<>();
        for (var destination : held) {
            if (destination.equals(request.destination()) || prefix != null && prefix.contains(destination)) {
                answered.add(destination);
            }
        }
        for (var destination : answered) {
            held.remove(destination);
            for (var buffer : hold.drop(destination)) {
                answerUnreachable(buffer, code);
            }
        }
        // A negative answer for a prefix where we still have a peer means it is gone.
        if (prefix != null) {
            for (var stale : List.copyOf(peers.keySet())) {
                if (prefix.contains(stale.address())) {
                    removePeer(peers.get(stale));
                }
            }
        }
    }

    private void onMapNotify(final MapNotify notify, final InetSocketAddress sender) throws IOException {
        if (notify.nonce() == registerNonce && lastRegister != null) {
            onRegisterAnswered(notify);
            return;
        }
        // An unsolicited Map-Notify: a push (someone resolved us) or a publication (a mapping we hold changed).
        // The peer and its route exist before the ack: a map server configured to hold the requester's Map-Reply
        // until the push is acknowledged (push.ack.wait.ms > 0) then releases it only once we can answer.
        final Runnable[] ack = { () -> sendAck(notify, sender) };
        final Runnable ackOnce = () -> {
            final var run = ack[0];
            ack[0] = null;
            if (run != null) {
                run.run();
            }
        };
        for (var mappingRecord : notify.records()) {
            if (mappingRecord.ttl() == 0 || mappingRecord.locators().isEmpty()) {
                count(Counter.NOTIFIES_WITHDRAWAL);
                withdraw(mappingRecord.eid());
            } else {
                count(Counter.NOTIFIES_MAPPING);
                applyMapping(mappingRecord, PeerSource.PUSHED, ackOnce, null);
            }
        }
        ackOnce.run();
    }

    private void sendAck(final MapNotify notify, final InetSocketAddress sender) {
        final ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        LispAuthentication.encodeAndSign(MapNotifyAck.acknowledging(notify), secret, out);
        count(Counter.NOTIFY_ACKS_SENT);
        try {
            send(out, sender);
        } catch (IOException e) {
            count(Counter.ERRORS);
            LOG.log(Level.WARNING, "Could not send a Map-Notify-Ack", e);
        }
    }

    /**
     * Configures the peer of a mapping: key, endpoint, allowed IPs, then the route, then the held packets.
     *
     * @return true if a peer is configured for it
     */
    private boolean applyMapping(final MappingRecord mappingRecord, final PeerSource source,
            final Runnable afterPeer, final ResolutionTimer timer) throws IOException {
        final var prefix = prefixOf(mappingRecord.eid());
        if (prefix == null || mappingRecord.eid().instanceId() != config.instanceId() || isOwn(prefix)) {
            return false;
        }
        WireGuardLocator best = null;
        for (var locator : mappingRecord.locators()) {
            final var candidate = WireGuardLocator.fromLocator(locator);
            if (candidate.isPresent() && candidate.orElseThrow().priority() != 255
                    && (best == null || candidate.orElseThrow().priority() < best.priority())) {
                best = candidate.orElseThrow();
            }
        }
        if (best == null) {
            count(Counter.MALFORMED);
            return false;
        }
        final var key = WireGuardKey.of(best.publicKey().toByteArray());
        final var endpoint = best.endpointSocketAddress();
        final Instant now = Instant.now();
        Peer peer = peers.get(prefix);
        final boolean routeNeeded = peer == null;
        if (peer != null && !peer.key.equals(key)) {
            count(Counter.KEY_CHANGES);
            final var oldKey = peer.key;
            peer.key = key;
            dropKeyIfUnused(oldKey);
        } else if (peer != null && !endpoint.equals(peer.endpoint)) {
            count(Counter.ENDPOINT_CHANGES);
        }
        if (peer == null) {
            peer = new Peer(prefix, key, endpoint, source, now);
            peers.put(prefix, peer);
            count(Counter.PEERS_ADDED);
        }
        peer.endpoint = endpoint;
        peer.expires = now.plus(Duration.ofMinutes(Math.max(1, mappingRecord.ttl())));
        negatives.remove(prefix);
        // A new pushed peer: the requester is about to initiate a handshake; HandshakeStarter makes sure a session
        // comes up even if that initiation arrives before this configuration. Until then no keepalive, since a new
        // peer with one initiates at once and could cross the requester's initiation.
        final boolean watch = routeNeeded && source == PeerSource.PUSHED;
        // WireGuard applies the peer while the kernel takes the route (they overlap where a core is free).
        final var peerSet = wg.startSetPeer(config.dataInterface(), new PeerConfig(key, endpoint, allowedIpsOf(key),
            watch ? 0 : config.dataKeepaliveSeconds()));
        IOException routeFailure = null;
        if (routeNeeded) {
            try {
                routes.replace(prefix, config.dataInterface(), config.localEid());
            } catch (IOException e) {
                // Reported once the peer's answer is read: a started change is always awaited.
                routeFailure = e;
            }
        }
        if (timer != null) {
            timer.routeSet = System.nanoTime();
        }
        peerSet.await();
        if (timer != null) {
            timer.peerSet = System.nanoTime();
        }
        if (routeFailure != null) {
            throw routeFailure;
        }
        if (afterPeer != null) {
            afterPeer.run();
        }
        releaseHeld(prefix);
        if (watch) {
            handshakes.watch(key);
        }
        return true;
    }

    private void releaseHeld(final IpPrefix prefix) throws IOException {
        for (Iterator<InetAddress> it = held.iterator(); it.hasNext();) {
            final var destination = it.next();
            if (prefix.contains(destination)) {
                it.remove();
                for (var buffer : hold.release(destination)) {
                    sendRaw(buffer);
                    count(Counter.PACKETS_RELEASED);
                }
            }
        }
    }

    private void withdraw(final EidPrefix eid) throws IOException {
        final var prefix = prefixOf(eid);
        if (prefix == null) {
            return;
        }
        for (var known : List.copyOf(peers.keySet())) {
            if (prefix.contains(known.address()) && known.length() >= prefix.length()) {
                removePeer(peers.get(known));
            }
        }
    }

    private void removePeer(final Peer peer) {
        peers.remove(peer.prefix);
        count(Counter.PEERS_REMOVED);
        try {
            if (!routes.delete(peer.prefix, config.dataInterface())) {
                LOG.log(Level.DEBUG, "Route of {0} already gone", peer.prefix);
            }
        } catch (IOException e) {
            count(Counter.ERRORS);
            LOG.log(Level.WARNING, "Could not delete the route of " + peer.prefix, e);
        }
        try {
            dropKeyIfUnused(peer.key);
        } catch (WireGuardException e) {
            count(Counter.ERRORS);
            LOG.log(Level.WARNING, "Could not remove peer " + peer.key, e);
        }
    }

    /** One WireGuard peer per key: shrink its allowed IPs to the prefixes still mapped to it, or remove it. */
    private void dropKeyIfUnused(final WireGuardKey key) throws WireGuardException {
        final var allowed = allowedIpsOf(key);
        if (allowed.isEmpty()) {
            wg.removePeer(config.dataInterface(), key);
        } else {
            wg.setPeer(config.dataInterface(), new PeerConfig(key, null, allowed, config.dataKeepaliveSeconds()));
        }
    }

    private List<IpPrefix> allowedIpsOf(final WireGuardKey key) {
        final List<IpPrefix> allowed = new ArrayList<>();
        for (var peer : peers.values()) {
            if (peer.key.equals(key)) {
                allowed.add(peer.prefix);
            }
        }
        return allowed;
    }

    // ---------------------------------------------------------------- registration

    private void register() throws IOException {
        if (endpointAddress == null) {
            return;
        }
        final long nonce = random.nextLong();
        final var builder = MapRegister.builder(nonce)
            .wantMapNotify(true)
            .authentication(config.keyId(), config.keyAlgorithm())
            .xtrSiteId(xtrSiteId);
        final var locator = WireGuardLocator.of(dataKeys.publicKey().bytes(),
            new InetSocketAddress(endpointAddress, config.dataListenPort()), null, 1, 100);
        for (var prefix : config.eidPrefixes()) {
            builder.addRecord(MappingRecord.builder(EidPrefix.of(config.instanceId(), IpAddress.of(prefix.address()),
                    prefix.length()))
                .ttl(config.mappingTtlMinutes())
                .addLocator(locator)
                .build());
        }
        final var register = builder.build();
        final ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        LispAuthentication.encodeAndSign(register, secret, out);
        registerNonce = nonce;
        lastRegister = register;
        count(Counter.REGISTERS_SENT);
        send(out, mapServer);
        // Until the Map-Notify arrives, retry quickly (doubling); once it has, wait the full interval.
        scheduleRegister(registerBackoff);
        registerBackoff = min(registerBackoff.multipliedBy(2), config.registerInterval());
    }

    private void scheduleRegister(final Duration delay) {
        if (registerTimer != null) {
            registerTimer.cancel(false);
        }
        registerTimer = loop.schedule(() -> guarded(this::register), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onRegisterAnswered(final MapNotify notify) {
        if (!notify.records().equals(lastRegister.records())) {
            count(Counter.MALFORMED);
            LOG.log(Level.WARNING, "The Map-Notify answering our Map-Register carries other records");
            return;
        }
        if (!registered) {
            LOG.log(Level.INFO, "Registered {0} at {1}:{2}", config.eidPrefixes(), endpointAddress.getHostAddress(),
                config.dataListenPort());
        }
        registered = true;
        lastRegistered = Instant.now();
        registerNonce = 0;
        count(Counter.REGISTERS_ACKNOWLEDGED);
        registerBackoff = REGISTER_RETRY;
        scheduleRegister(config.registerInterval());
    }

    /** Called by the address watch, on its thread: one check queued at a time however many notifications come. */
    private void queueEndpointCheck() {
        if (!closed && endpointCheckQueued.compareAndSet(false, true)) {
            try {
                loop.execute(this::checkEndpoint);
            } catch (RejectedExecutionException e) {
                // closing
                endpointCheckQueued.set(false);
            }
        }
    }

    /**
     * Looks at the endpoint address (one netlink round trip) without the state lock, which the TUN and control
     * threads need for every new tunnel, and takes it only when the address changed.
     */
    private void checkEndpoint() {
        endpointCheckQueued.set(false);
        if (closed) {
            return;
        }
        final InetAddress current;
        try {
            current = currentEndpointAddress();
        } catch (IOException e) {
            count(Counter.ERRORS);
            LOG.log(Level.WARNING, "Cannot look up the endpoint address: " + e.getMessage(), e);
            return;
        }
        if (current != null && !current.equals(endpointAddress)) {
            guarded(() -> endpointChanged(current));
        }
    }

    private void endpointChanged(final InetAddress current) throws IOException {
        if (current.equals(endpointAddress)) {
            return;
        }
        final boolean handover = endpointAddress != null;
        LOG.log(Level.INFO, "Endpoint address {0} -> {1}: registering at once", endpointAddress, current);
        endpointAddress = current;
        if (handover) {
            count(Counter.HANDOVERS);
            resetSourceAddresses();
        }
        registered = false;
        registerBackoff = REGISTER_RETRY;
        register();
    }

    /**
     * After our address changed: set every peer's endpoint again. wireguard-go (and the kernel) remember the source
     * address each peer was last sent from ("sticky sockets") and keep sending from the vanished address, which
     * fails until a handshake times out, 15 s and more; setting the endpoint clears that cache.
     */
    private void resetSourceAddresses() throws IOException {
        wg.setPeer(config.controlInterface(), new PeerConfig(config.mapServerPublicKey(), config.mapServerEndpoint(),
            List.of(IpPrefix.host(config.mapServerAddress())), config.controlKeepaliveSeconds()));
        final Set<WireGuardKey> done = new HashSet<>();
        for (var peer : peers.values()) {
            if (peer.endpoint != null && done.add(peer.key)) {
                wg.setPeer(config.dataInterface(), new PeerConfig(peer.key, peer.endpoint, allowedIpsOf(peer.key),
                    config.dataKeepaliveSeconds()));
            }
        }
    }

    /** The configured endpoint address, else the source the kernel picks towards the map server; null for none. */
    private InetAddress currentEndpointAddress() throws IOException {
        if (config.endpointAddress() != null) {
            return config.endpointAddress();
        }
        // No route at the moment (an address is being changed) gives null: the last address is kept.
        return routes.sourceTowards(config.mapServerEndpoint().getAddress());
    }

    // ---------------------------------------------------------------- housekeeping

    private void housekeeping() throws IOException {
        final Instant now = Instant.now();
        negatives.values().removeIf(negative -> now.isAfter(negative.expires()));
        if (peers.isEmpty()) {
            return;
        }
        final InterfaceState state = wg.show(config.dataInterface());
        for (var peer : List.copyOf(peers.values())) {
            final var current = state.peer(peer.key);
            if (current.isEmpty()) {
                // Someone removed it from the interface: forget it, a new flow resolves it again.
                removePeer(peer);
                continue;
            }
            final PeerState peerState = current.orElseThrow();
            final boolean txMoved = peerState.txBytes() != peer.tx;
            final boolean rxMoved = peerState.rxBytes() != peer.rx;
            // A lone keepalive expects no answer: WireGuard sends one 10 s after the last packet it received when it
            // had nothing to send, and a persistent keepalive goes out unanswered by design. Only more than that is
            // traffic waiting for the peer.
            final boolean waiting = peerState.txBytes() - peer.tx > KEEPALIVE_BYTES;
            if (rxMoved) {
                peer.lastRxChange = now;
            }
            if (txMoved || rxMoved) {
                peer.lastActivity = now;
            }
            peer.rx = peerState.rxBytes();
            peer.tx = peerState.txBytes();
            peer.lastHandshake = peerState.lastHandshake();
            final Instant lastSign = latest(peer.lastActivity, peer.lastHandshake);
            if (Duration.between(lastSign, now).compareTo(config.idleTimeout()) > 0) {
                LOG.log(Level.INFO, "Peer {0} idle since {1}: removed", peer.prefix, lastSign);
                count(Counter.IDLE_REMOVALS);
                removePeer(peer);
                continue;
            }
            final boolean busy = resolving.containsKey(peer.prefix.address());
            if (!busy && waiting && Duration.between(peer.lastRxChange, now).compareTo(config.staleAfter()) > 0
                    && Duration.between(peer.lastStaleResolve, now).compareTo(config.staleAfter()) > 0) {
                // Traffic goes out and nothing comes back: the peer may have moved while we did too (double jump),
                // so the publication could not reach us through its old endpoint. Ask the map server.
                peer.lastStaleResolve = now;
                count(Counter.STALE_RESOLVES);
                resolve(peer.prefix.address(), false, 1);
            } else if (!busy && now.isAfter(peer.expires)) {
                count(Counter.TTL_RESOLVES);
                peer.expires = now.plus(config.requestTimeout().multipliedBy(config.requestAttempts() + 1L));
                resolve(peer.prefix.address(), false, 1);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private void send(final ByteBuf message, final InetSocketAddress to) throws IOException {
        try {
            socket.send(message.nioBuffer(), to);
        } finally {
            message.release();
        }
    }

    private void sendRaw(final ByteBuffer packet) {
        try {
            raw.send(packet.duplicate());
        } catch (IOException | MalformedPacketException e) {
            count(Counter.ERRORS);
            LOG.log(Level.DEBUG, "Could not re-send a held packet: {0}", e.getMessage());
        }
    }

    private void answerUnreachable(final ByteBuffer original, final IcmpUnreachable.Code code) {
        try {
            final var answer = IcmpUnreachable.answer(IpPacket.parse(original.duplicate()), code);
            if (answer.isPresent()) {
                tun.write(answer.orElseThrow());
                count(Counter.ICMP_UNREACHABLE_SENT);
            }
        } catch (IOException | MalformedPacketException e) {
            count(Counter.ERRORS);
            LOG.log(Level.DEBUG, "Could not answer with ICMP unreachable: {0}", e.getMessage());
        }
    }

    private Peer peerFor(final InetAddress destination) {
        Peer best = null;
        for (var peer : peers.values()) {
            if (peer.prefix.contains(destination) && (best == null || peer.prefix.length() > best.prefix.length())) {
                best = peer;
            }
        }
        return best;
    }

    private Negative negativeFor(final InetAddress destination) {
        final Instant now = Instant.now();
        for (var negative : negatives.values()) {
            if (negative.prefix().contains(destination) && now.isBefore(negative.expires())) {
                return negative;
            }
        }
        return null;
    }

    private boolean isOwn(final IpPrefix prefix) {
        for (var own : config.eidPrefixes()) {
            if (own.contains(prefix.address()) || prefix.contains(own.address())) {
                return true;
            }
        }
        return false;
    }

    private void count(final Counter counter) {
        counters.get(counter)[0]++;
    }

    private static IpPrefix prefixOf(final EidPrefix eid) {
        if (!(eid.innerAddress() instanceof IpAddress address)) {
            return null;
        }
        return IpPrefix.covering(address.toInetAddress(), eid.maskLength());
    }

    private static int hostLength(final InetAddress address) {
        return address.getAddress().length * 8;
    }

    private static Instant latest(final Instant first, final Instant second) {
        return second == null || first.isAfter(second) ? first : second;
    }

    private static Duration min(final Duration first, final Duration second) {
        return first.compareTo(second) <= 0 ? first : second;
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
            count(Counter.ERRORS);
            LOG.log(Level.WARNING, "Agent operation failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // A bug must not end the agent (a periodic task that throws is never run again): log it loudly.
            count(Counter.ERRORS);
            LOG.log(Level.ERROR, "Unexpected failure in the agent loop", e);
        }
    }

    private <T> T call(final java.util.concurrent.Callable<T> work) throws IOException {
        try {
            return loop.submit(() -> {
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

    // ---------------------------------------------------------------- status

    /**
     * Takes a snapshot of the agent's state.
     *
     * @return the snapshot
     * @throws IOException if the loop does not answer
     */
    public AgentStatus status() throws IOException {
        return call(() -> {
            final Instant now = Instant.now();
            final List<PeerStatus> peerList = new ArrayList<>();
            for (var peer : peers.values()) {
                peerList.add(new PeerStatus(peer.prefix.toString(), peer.key.toBase64(), peer.source, peer.endpoint,
                    peer.lastHandshake, Math.max(0, Duration.between(now, peer.expires).toSeconds()), peer.rx,
                    peer.tx));
            }
            peerList.sort((a, b) -> a.prefix().compareTo(b.prefix()));
            final Map<Counter, Long> values = new EnumMap<>(Counter.class);
            counters.forEach((counter, value) -> values.put(counter, value[0]));
            final var holdStats = hold.stats();
            return new AgentStatus(config.name(), dataKeys.publicKey().toBase64(),
                controlKeys.publicKey().toBase64(), endpointAddress == null ? null
                    : new InetSocketAddress(endpointAddress, config.dataListenPort()), registered, lastRegistered,
                Duration.between(started, now), peerList, negatives.size(), pending.size(), holdStats.packets(),
                values, controlDelays.snapshot());
        });
    }

    @Override
    public void close() {
        closed = true;
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (tun != null) {
            // The TUN device and its overlay routes go; the data interface, its peers and routes stay, so that
            // established tunnels keep working across an agent restart.
            tun.close();
        }
        if (raw != null) {
            raw.close();
        }
        if (addressWatch != null) {
            addressWatch.close();
        }
        if (routes != null) {
            routes.close();
        }
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "Closing the control socket", e);
            }
        }
    }
}
