/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.agent.net.Routes;
import io.wgcp.lisp.codec.EidPrefix;
import io.wgcp.lisp.codec.IpAddress;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.lisp.codec.WireGuardLocator;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import io.wgcp.wireguard.InterfaceState;
import io.wgcp.wireguard.PeerConfig;
import io.wgcp.wireguard.PeerState;
import io.wgcp.wireguard.WireGuardDriver;
import io.wgcp.wireguard.WireGuardException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns mappings into WireGuard peers and routes, and takes them away again: a pulled or pushed mapping configures
 * the peer (key, endpoint, allowed IPs) and a more specific route into the data interface; a withdrawal, a negative
 * answer or an idle peer removes them. One WireGuard peer per key: its allowed IPs are always the prefixes that
 * {@link PeerTable} maps to that key.
 */
final class PeerConfigurator {
    /** What configuring peers needs of the agent. */
    interface Host {
        void count(Counter counter);

        /** A peer for the prefix exists now: send the packets held for destinations inside it. */
        void released(IpPrefix prefix);

        /** A new pushed peer: make sure a session comes up even if the requester's initiation came too early. */
        void watchHandshake(WireGuardKey key);
    }

    /** Where peers go. */
    record DataPlane(String dataInterface, InetAddress localEid, int keepaliveSeconds, long instanceId,
            List<IpPrefix> ownPrefixes) {
        DataPlane {
            ownPrefixes = List.copyOf(ownPrefixes);
        }
    }

    /** When the steps of applying a Map-Reply ended, for the control delay's phases. */
    static final class Timing {
        long routeSet;
        long peerSet;
    }

    private static final Logger LOG = System.getLogger(PeerConfigurator.class.getName());

    private final DataPlane data;
    private final WireGuardDriver wg;
    private final Routes routes;
    private final PeerTable peers;
    private final NegativeCache negatives;
    private final Host host;

    PeerConfigurator(final DataPlane data, final WireGuardDriver wg, final Routes routes, final PeerTable peers,
            final NegativeCache negatives, final Host host) {
        this.data = data;
        this.wg = wg;
        this.routes = routes;
        this.peers = peers;
        this.negatives = negatives;
        this.host = host;
    }

    /**
     * Configures the peer of a mapping: key, endpoint, allowed IPs, then the route, then the held packets.
     *
     * @param afterPeer runs once the peer exists, before the held packets leave (a push's acknowledgement); may be null
     * @param timing receives the end of each step; may be null
     * @return true if a peer is configured for it
     */
    boolean apply(final MappingRecord mappingRecord, final PeerSource source, final Runnable afterPeer,
            final Timing timing) throws IOException {
        final var prefix = prefixOf(mappingRecord.eid());
        if (prefix == null || mappingRecord.eid().instanceId() != data.instanceId() || isOwn(prefix)) {
            return false;
        }
        final WireGuardLocator best = bestLocator(mappingRecord);
        if (best == null) {
            host.count(Counter.MALFORMED);
            return false;
        }
        final var key = WireGuardKey.of(best.publicKey().toByteArray());
        final var endpoint = best.endpointSocketAddress();
        final Instant now = Instant.now();
        Peer peer = peers.get(prefix);
        final boolean routeNeeded = peer == null;
        if (peer != null && !peer.key.equals(key)) {
            host.count(Counter.KEY_CHANGES);
            final var oldKey = peer.key;
            peer.key = key;
            dropKeyIfUnused(oldKey);
        } else if (peer != null && !endpoint.equals(peer.endpoint)) {
            host.count(Counter.ENDPOINT_CHANGES);
        }
        if (peer == null) {
            peer = new Peer(prefix, key, endpoint, source, now);
            peers.put(peer);
            host.count(Counter.PEERS_ADDED);
        }
        peer.endpoint = endpoint;
        peer.expires = now.plus(Duration.ofMinutes(Math.max(1, mappingRecord.ttl())));
        negatives.remove(prefix);
        // A new pushed peer: the requester is about to initiate a handshake; HandshakeStarter makes sure a session
        // comes up even if that initiation arrives before this configuration. Until then no keepalive, since a new
        // peer with one initiates at once and could cross the requester's initiation.
        final boolean watch = routeNeeded && source == PeerSource.PUSHED;
        // WireGuard applies the peer while the kernel takes the route (they overlap where a core is free).
        final var peerSet = wg.startSetPeer(data.dataInterface(), new PeerConfig(key, endpoint,
            peers.allowedIpsOf(key), watch ? 0 : data.keepaliveSeconds()));
        IOException routeFailure = null;
        if (routeNeeded) {
            try {
                routes.replace(prefix, data.dataInterface(), data.localEid());
            } catch (IOException e) {
                // Reported once the peer's answer is read: a started change is always awaited.
                routeFailure = e;
            }
        }
        if (timing != null) {
            timing.routeSet = System.nanoTime();
        }
        peerSet.await();
        if (timing != null) {
            timing.peerSet = System.nanoTime();
        }
        if (routeFailure != null) {
            throw routeFailure;
        }
        if (afterPeer != null) {
            afterPeer.run();
        }
        host.released(prefix);
        if (watch) {
            host.watchHandshake(key);
        }
        return true;
    }

    /**
     * A restarted agent finds its peers on the data interface: keep them and their routes (their mappings expire at
     * once, so that they are re-resolved).
     *
     * @return how many prefixes were restored
     */
    int restore(final InterfaceState state) throws IOException {
        final Instant now = Instant.now();
        int restored = 0;
        for (PeerState peerState : state.peers()) {
            for (IpPrefix prefix : peerState.allowedIps()) {
                final var peer = new Peer(prefix, peerState.publicKey(), peerState.endpoint(), PeerSource.RESTORED,
                    now);
                peer.rx = peerState.rxBytes();
                peer.tx = peerState.txBytes();
                peer.lastHandshake = peerState.lastHandshake();
                peers.put(peer);
                routes.replace(prefix, data.dataInterface(), data.localEid());
                restored++;
            }
            if (peerState.config().persistentKeepaliveSeconds() != data.keepaliveSeconds()) {
                // A pushed peer still without its keepalive, or a kick's left on by a crash (HandshakeStarter).
                wg.setPersistentKeepalive(data.dataInterface(), peerState.publicKey(), data.keepaliveSeconds());
            }
        }
        return restored;
    }

    /** A withdrawal (TTL 0 or no locator): every peer inside the prefix goes. */
    void withdraw(final EidPrefix eid) {
        final var prefix = prefixOf(eid);
        if (prefix == null) {
            return;
        }
        for (var peer : peers.withAddressIn(prefix)) {
            if (peer.prefix.length() >= prefix.length()) {
                remove(peer);
            }
        }
    }

    /** A negative answer for a prefix where we still have a peer means it is gone. */
    void removeAllIn(final IpPrefix prefix) {
        for (var peer : peers.withAddressIn(prefix)) {
            remove(peer);
        }
    }

    void remove(final Peer peer) {
        peers.remove(peer);
        host.count(Counter.PEERS_REMOVED);
        try {
            if (!routes.delete(peer.prefix, data.dataInterface())) {
                LOG.log(Level.DEBUG, "Route of {0} already gone", peer.prefix);
            }
        } catch (IOException e) {
            host.count(Counter.ERRORS);
            LOG.log(Level.WARNING, "Could not delete the route of " + peer.prefix, e);
        }
        try {
            dropKeyIfUnused(peer.key);
        } catch (WireGuardException e) {
            host.count(Counter.ERRORS);
            LOG.log(Level.WARNING, "Could not remove peer " + peer.key, e);
        }
    }

    /**
     * After our address changed: set every peer's endpoint again. wireguard-go (and the kernel) remember the source
     * address each peer was last sent from ("sticky sockets") and keep sending from the vanished address, which
     * fails until a handshake times out; setting the endpoint clears that cache.
     */
    void resetSourceAddresses() throws WireGuardException {
        final Set<WireGuardKey> done = new HashSet<>();
        for (var peer : peers.all()) {
            if (peer.endpoint != null && done.add(peer.key)) {
                wg.setPeer(data.dataInterface(), new PeerConfig(peer.key, peer.endpoint, peers.allowedIpsOf(peer.key),
                    data.keepaliveSeconds()));
            }
        }
    }

    /** One WireGuard peer per key: shrink its allowed IPs to the prefixes still mapped to it, or remove it. */
    private void dropKeyIfUnused(final WireGuardKey key) throws WireGuardException {
        final var allowed = peers.allowedIpsOf(key);
        if (allowed.isEmpty()) {
            wg.removePeer(data.dataInterface(), key);
        } else {
            wg.setPeer(data.dataInterface(), new PeerConfig(key, null, allowed, data.keepaliveSeconds()));
        }
    }

    private static WireGuardLocator bestLocator(final MappingRecord mappingRecord) {
        WireGuardLocator best = null;
        for (var locator : mappingRecord.locators()) {
            final var candidate = WireGuardLocator.fromLocator(locator);
            if (candidate.isPresent() && candidate.orElseThrow().priority() != 255
                    && (best == null || candidate.orElseThrow().priority() < best.priority())) {
                best = candidate.orElseThrow();
            }
        }
        return best;
    }

    private boolean isOwn(final IpPrefix prefix) {
        for (var own : data.ownPrefixes()) {
            if (own.contains(prefix.address()) || prefix.contains(own.address())) {
                return true;
            }
        }
        return false;
    }

    /** The overlay prefix of a LISP EID, or null for an EID that is not an IP prefix. */
    static IpPrefix prefixOf(final EidPrefix eid) {
        if (!(eid.innerAddress() instanceof IpAddress address)) {
            return null;
        }
        return IpPrefix.covering(address.toInetAddress(), eid.maskLength());
    }
}
