/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real wireguard-go interfaces in two network namespaces, configured only through the drivers; traffic is real ping
 * through the tunnel. Needs root, /dev/net/tun, wireguard-go, wg, ip and ping: fails (does not skip) without them.
 */
class TunnelIntegrationTest {
    private static final int PORT = 51820;

    private static TestNetwork net;

    private WireGuardGoProcess wgA;
    private WireGuardGoProcess wgB;
    private WireGuardKeyPair keysA;
    private WireGuardKeyPair keysB;
    // Observes handshakes with nanosecond precision whatever the backend under test ("wg show dump" has seconds).
    private final UapiDriver observer = new UapiDriver();

    @BeforeAll
    static void createNetwork() {
        TestNetwork.requireEnvironment();
        net = TestNetwork.create();
    }

    @AfterAll
    static void removeNetwork() {
        if (net != null) {
            net.close();
        }
    }

    @BeforeEach
    void startInterfaces() throws WireGuardException {
        wgA = net.startInterface(net.nsA, 1);
        wgB = net.startInterface(net.nsB, 2);
        keysA = WireGuardKeyPair.generate();
        keysB = WireGuardKeyPair.generate();
    }

    @AfterEach
    void stopInterfaces() {
        net.stopInterfaces();
        assertFalse(wgA.isAlive() || wgB.isAlive(), "wireguard-go still runs");
        assertFalse(Files.exists(wgA.socketPath()) || Files.exists(wgB.socketPath()), "UAPI socket left behind");
    }

    private static InetSocketAddress endpoint(final String address) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(address), PORT);
    }

    private PeerConfig peerB() throws Exception {
        return PeerConfig.of(keysB.publicKey(), endpoint(TestNetwork.UNDERLAY_B), IpPrefix.parse("203.0.113.2/32"));
    }

    private PeerConfig peerA() throws Exception {
        return PeerConfig.of(keysA.publicKey(), endpoint(TestNetwork.UNDERLAY_A), IpPrefix.parse("203.0.113.1/32"));
    }

    private Instant handshake(final WireGuardGoProcess wg, final WireGuardKey peer) throws WireGuardException {
        return observer.show(wg.interfaceName()).peer(peer).orElseThrow().lastHandshake();
    }

    @ParameterizedTest
    @ValueSource(strings = { "uapi", "kernel" })
    void tunnelLifecycle(final String backend) throws Exception {
        final WireGuardDriver driver = WireGuardDrivers.of(backend);
        final String ifA = wgA.interfaceName();
        final String ifB = wgB.interfaceName();
        driver.setInterface(ifA, keysA.privateKey(), PORT);
        driver.setInterface(ifB, keysB.privateKey(), PORT);
        final InterfaceState fresh = driver.show(ifA);
        assertEquals(keysA.publicKey(), fresh.publicKey());
        assertEquals(PORT, fresh.listenPort());
        assertEquals(List.of(), fresh.peers());

        // Two peers, configured only through the driver: the tunnel carries ping.
        driver.setPeer(ifA, peerB());
        driver.setPeer(ifB, peerA());
        assertFalse(driver.show(ifA).peer(keysB.publicKey()).isEmpty());
        assertTrue(TestNetwork.pingWithRetries(net.nsA, "203.0.113.2"), "no ping through the tunnel A -> B");
        final PeerState seenByA = driver.show(ifA).peer(keysB.publicKey()).orElseThrow();
        final PeerState seenByB = driver.show(ifB).peer(keysA.publicKey()).orElseThrow();
        for (PeerState seen : List.of(seenByA, seenByB)) {
            assertNotNull(seen.lastHandshake(), "no handshake reported: " + seen);
            assertTrue(seen.rxBytes() > 0 && seen.txBytes() > 0, "no traffic counted: " + seen);
        }
        assertEquals(peerB().endpoint(), seenByA.endpoint());
        assertEquals(List.of(IpPrefix.parse("203.0.113.2/32")), seenByA.allowedIps());
        final Instant handshakeA = handshake(wgA, keysB.publicKey());
        final Instant handshakeB = handshake(wgB, keysA.publicKey());

        // Update in place: another endpoint address of B, an added IPv6 allowed IP; the session is kept.
        final PeerConfig movedB = peerB().withEndpoint(endpoint(TestNetwork.UNDERLAY_B2))
            .withAllowedIps(List.of(IpPrefix.parse("203.0.113.2/32"), IpPrefix.parse("2001:db8::2/128")));
        driver.setPeer(ifA, movedB);
        driver.setPeer(ifB, peerA().withAllowedIps(
            List.of(IpPrefix.parse("203.0.113.1/32"), IpPrefix.parse("2001:db8::1/128"))));
        final PeerState updated = driver.show(ifA).peer(keysB.publicKey()).orElseThrow();
        assertTrue(movedB.isSatisfiedBy(updated.config()), "update not applied: " + updated);
        assertEquals(1, driver.show(ifA).peers().size());
        assertTrue(TestNetwork.pingWithRetries(net.nsA, "2001:db8::2"), "no IPv6 ping after the update");
        assertTrue(TestNetwork.pingWithRetries(net.nsA, "203.0.113.2"), "no IPv4 ping after the update");
        assertEquals(handshakeA, handshake(wgA, keysB.publicKey()), "A made a new handshake: session reset");
        assertEquals(handshakeB, handshake(wgB, keysA.publicKey()), "B made a new handshake: session reset");
        final PeerState afterUpdate = observer.show(ifA).peer(keysB.publicKey()).orElseThrow();
        assertTrue(afterUpdate.txBytes() > seenByA.txBytes() && afterUpdate.rxBytes() > seenByA.rxBytes(),
            "counters went back: the peer was recreated: " + seenByA + " -> " + afterUpdate);

        // Remove: the tunnel stops carrying traffic.
        driver.removePeer(ifA, keysB.publicKey());
        assertTrue(driver.show(ifA).peer(keysB.publicKey()).isEmpty());
        assertFalse(TestNetwork.ping(net.nsA, "203.0.113.2"), "ping still works after removePeer");
        driver.removePeer(ifA, keysB.publicKey());

        // Sync from an arbitrary state: strangers (one with a keepalive), and B back with a wrong endpoint and wrong
        // allowed IPs. (A keepalive on B towards a wrong endpoint would start a handshake there, and WireGuard waits
        // 5 s, its rekey timeout, before it sends the next one to the corrected endpoint.)
        final WireGuardKey stranger1 = WireGuardKeyPair.generate().publicKey();
        final WireGuardKey stranger2 = WireGuardKeyPair.generate().publicKey();
        driver.setPeer(ifA, new PeerConfig(stranger1, endpoint("198.18.0.9"),
            List.of(IpPrefix.parse("203.0.113.50/32")), 25));
        driver.setPeer(ifA, PeerConfig.of(stranger2, null, IpPrefix.parse("203.0.113.51/32")));
        driver.setPeer(ifA,
            PeerConfig.of(keysB.publicKey(), endpoint("198.18.0.8"), IpPrefix.parse("203.0.113.77/32")));
        assertEquals(3, driver.show(ifA).peers().size());
        final PeerConfig desiredB = peerB().withAllowedIps(
            List.of(IpPrefix.parse("203.0.113.2/32"), IpPrefix.parse("2001:db8::2/128")));
        driver.syncPeers(ifA, List.of(desiredB));
        final InterfaceState synced = driver.show(ifA);
        assertEquals(1, synced.peers().size(), "sync left other peers: " + synced);
        assertTrue(desiredB.isSatisfiedBy(synced.peers().get(0).config()), "sync did not converge: " + synced);
        assertEquals(keysA.publicKey(), synced.publicKey());
        assertTrue(TestNetwork.pingWithRetries(net.nsA, "203.0.113.2"), "no ping after sync");

        // A later sync leaves unchanged peers alone (same session) while it adds another.
        final Instant syncedHandshake = handshake(wgA, keysB.publicKey());
        assertTrue(syncedHandshake.isAfter(handshakeA), "the re-added peer made no new handshake");
        final PeerConfig third = PeerConfig.of(stranger1, null, IpPrefix.parse("203.0.113.3/32"));
        driver.syncPeers(ifA, List.of(desiredB, third));
        driver.syncPeers(ifA, List.of(desiredB, third));
        assertEquals(2, driver.show(ifA).peers().size());
        assertTrue(TestNetwork.pingWithRetries(net.nsA, "2001:db8::2"), "no ping after the second sync");
        assertEquals(syncedHandshake, handshake(wgA, keysB.publicKey()), "sync reset an unchanged peer");

        // Sync to nothing.
        driver.syncPeers(ifA, List.of());
        assertEquals(List.of(), driver.show(ifA).peers());
    }

    @ParameterizedTest
    @ValueSource(strings = { "uapi", "kernel" })
    void turningTheKeepaliveOnStartsAHandshakeFromThatSide(final String backend) throws Exception {
        final WireGuardDriver driver = WireGuardDrivers.of(backend);
        final String ifA = wgA.interfaceName();
        final String ifB = wgB.interfaceName();
        driver.setInterface(ifA, keysA.privateKey(), PORT);
        driver.setInterface(ifB, keysB.privateKey(), PORT);
        driver.setPeer(ifA, peerB());
        driver.setPeer(ifB, peerA());
        assertNull(handshake(wgA, keysB.publicKey()), "no traffic yet, so no handshake yet");

        // B, which has no packet for A, initiates: the keepalive goes out as soon as it is turned on.
        driver.setPersistentKeepalive(ifB, keysA.publicKey(), 25);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (handshake(wgB, keysA.publicKey()) == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertNotNull(handshake(wgB, keysA.publicKey()), "turning the keepalive on started no handshake");
        assertEquals(25, driver.show(ifB).peer(keysA.publicKey()).orElseThrow().config()
            .persistentKeepaliveSeconds());

        // Off again: only the keepalive changes, the session and the allowed IPs stay.
        driver.setPersistentKeepalive(ifB, keysA.publicKey(), 0);
        final PeerConfig after = driver.show(ifB).peer(keysA.publicKey()).orElseThrow().config();
        assertEquals(peerA(), after);
        assertTrue(TestNetwork.ping(net.nsB, "203.0.113.1"), "no ping over the session B started");

        // A peer that does not exist is not created; an interval out of range is refused before the backend.
        final WireGuardKey stranger = WireGuardKeyPair.generate().publicKey();
        driver.setPersistentKeepalive(ifB, stranger, 25);
        assertTrue(driver.show(ifB).peer(stranger).isEmpty(), "setPersistentKeepalive created a peer");
        final WireGuardException ex = assertThrows(WireGuardException.class,
            () -> driver.setPersistentKeepalive(ifB, keysA.publicKey(), 65_536));
        assertEquals(WireGuardException.Reason.INVALID_ARGUMENT, ex.reason(), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "uapi", "kernel" })
    void badInputGivesWireGuardException(final String backend) throws Exception {
        final WireGuardDriver driver = WireGuardDrivers.of(backend);
        final String missing = "wgt" + net.run + "zz";

        WireGuardException ex = assertThrows(WireGuardException.class, () -> driver.show(missing));
        assertEquals(WireGuardException.Reason.NO_SUCH_INTERFACE, ex.reason(), ex.getMessage());
        assertTrue(ex.getMessage().contains(missing), ex.getMessage());
        ex = assertThrows(WireGuardException.class, () -> driver.setPeer(missing, peerB()));
        assertEquals(WireGuardException.Reason.NO_SUCH_INTERFACE, ex.reason(), ex.getMessage());
        ex = assertThrows(WireGuardException.class, () -> driver.syncPeers(missing, List.of()));
        assertEquals(WireGuardException.Reason.NO_SUCH_INTERFACE, ex.reason(), ex.getMessage());

        for (String bad : List.of("../etc/x", "", "way-too-long-name0", "a b", "-x")) {
            ex = assertThrows(WireGuardException.class, () -> driver.show(bad), bad);
            assertEquals(WireGuardException.Reason.INVALID_ARGUMENT, ex.reason(), ex.getMessage());
        }

        // The port of another interface in the same namespace: the backend refuses.
        final String ifA = wgA.interfaceName();
        driver.setInterface(ifA, keysA.privateKey(), PORT);
        final String ifA2 = net.startInterface(net.nsA, 11).interfaceName();
        ex = assertThrows(WireGuardException.class, () -> driver.setInterface(ifA2, keysB.privateKey(), PORT));
        assertEquals(WireGuardException.Reason.REJECTED, ex.reason(), ex.getMessage());
        assertTrue(ex.getMessage().contains(driver instanceof UapiDriver ? "errno=98 (EADDRINUSE"
            : "Unable to modify interface: Address already in use"), ex.getMessage());

        // Two desired peers with one key, or the interface's own key.
        ex = assertThrows(WireGuardException.class, () -> driver.syncPeers(ifA, List.of(peerB(), peerB())));
        assertEquals(WireGuardException.Reason.INVALID_ARGUMENT, ex.reason(), ex.getMessage());
        ex = assertThrows(WireGuardException.class, () -> driver.syncPeers(ifA, List.of(peerA())));
        assertEquals(WireGuardException.Reason.INVALID_ARGUMENT, ex.reason(), ex.getMessage());

        // A malformed key cannot become a WireGuardKey; sent raw, the backend refuses it with a clear message.
        assertThrows(IllegalArgumentException.class, () -> WireGuardKey.fromBase64("bm90IGEga2V5"));
        if (driver instanceof UapiDriver uapi) {
            ex = assertThrows(WireGuardException.class, () -> Uapi.checkReply(ifA, "set a malformed key",
                uapi.transact(ifA, "set=1\npublic_key=zz\n\n")));
            assertEquals(WireGuardException.Reason.REJECTED, ex.reason());
            assertTrue(ex.getMessage().contains("errno=22 (EINVAL"), ex.getMessage());
        } else {
            final WgCommandDriver wg = assertInstanceOf(WgCommandDriver.class, driver);
            ex = assertThrows(WireGuardException.class,
                () -> wg.wg(ifA, List.of("set", ifA, "peer", "bm90IGEga2V5"), null));
            assertEquals(WireGuardException.Reason.REJECTED, ex.reason());
            assertTrue(ex.getMessage().contains("Key is not the correct length or format"), ex.getMessage());
        }
        // Nothing was half-applied.
        assertEquals(List.of(), driver.show(ifA).peers());
    }

    @Test
    void detectPicksTheBackend() throws Exception {
        assertSame(WireGuardDrivers.of("uapi"), WireGuardDrivers.detect(wgA.interfaceName()));
        assertSame(WireGuardDrivers.of("kernel"), WireGuardDrivers.detect("wgt" + net.run + "zz"));
        final WireGuardDriver auto = WireGuardDrivers.of("auto");
        auto.setInterface(wgA.interfaceName(), keysA.privateKey(), PORT);
        auto.setPeer(wgA.interfaceName(), peerB());
        assertEquals(List.of(peerB()), auto.show(wgA.interfaceName()).peers().stream().map(PeerState::config)
            .toList());
        final WireGuardException e = assertThrows(WireGuardException.class,
            () -> auto.show("wgt" + net.run + "zz"));
        assertEquals(WireGuardException.Reason.NO_SUCH_INTERFACE, e.reason(), e.getMessage());
    }

    @Test
    void concurrentCallsAreIndependent() throws Exception {
        final UapiDriver uapi = new UapiDriver();
        final WgCommandDriver wg = new WgCommandDriver();
        final String ifA = wgA.interfaceName();
        uapi.setInterface(ifA, keysA.privateKey(), PORT);
        final List<WireGuardKey> keys = new ArrayList<>();
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            final List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                final WireGuardKey key = WireGuardKeyPair.generate().publicKey();
                keys.add(key);
                final WireGuardDriver driver = i % 4 == 0 ? wg : uapi;
                final IpPrefix network = IpPrefix.parse("2001:db8:1::" + Integer.toHexString(i + 1) + "/128");
                futures.add(pool.submit(() -> {
                    driver.setPeer(ifA, PeerConfig.of(key, null, network));
                    return driver.show(ifA);
                }));
            }
            for (Future<?> future : futures) {
                future.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        final InterfaceState state = uapi.show(ifA);
        assertEquals(keys.size(), state.peers().size());
        for (WireGuardKey key : keys) {
            assertTrue(state.peer(key).isPresent(), key.toString());
        }
    }

    @Test
    void aConnectionKeptOpenSurvivesADaemonRestart() throws Exception {
        final UapiDriver uapi = new UapiDriver();
        final String ifB = wgB.interfaceName();
        uapi.setInterface(ifB, keysB.privateKey(), PORT);
        uapi.setPeer(ifB, peerA());
        assertEquals(1, uapi.show(ifB).peers().size());

        // The driver holds an idle connection to this daemon; the daemon goes, another takes the name.
        wgB.stop();
        final WireGuardException gone = assertThrows(WireGuardException.class, () -> uapi.show(ifB));
        assertEquals(WireGuardException.Reason.NO_SUCH_INTERFACE, gone.reason(), gone.getMessage());
        final WireGuardGoProcess again = WireGuardGoProcess.start(net.nsB, ifB);
        try {
            assertEquals(List.of(), uapi.show(ifB).peers(), "not the new daemon's state");
            uapi.setPeer(ifB, peerA());
            assertEquals(1, uapi.show(ifB).peers().size());
            // An error reply closes the connection rather than leaving it half read; the next request works.
            assertThrows(WireGuardException.class, () -> Uapi.checkReply(ifB, "a malformed set",
                uapi.transact(ifB, "set=1\npublic_key=zz\n\n")));
            assertEquals(1, uapi.show(ifB).peers().size());
        } finally {
            again.stop();
        }
    }

    @Test
    void aStartedPeerSetIsAppliedWhileTheCallerWorksAndReportedOnAwait() throws Exception {
        final UapiDriver uapi = new UapiDriver();
        final String ifB = wgB.interfaceName();
        uapi.setInterface(ifB, keysB.privateKey(), PORT);
        final var started = uapi.startSetPeer(ifB, peerA());
        started.await();
        assertEquals(peerA().allowedIps(), uapi.show(ifB).peer(keysA.publicKey()).orElseThrow().allowedIps());

        // The kept connection dies with its daemon: the started set is sent again to the new one on await.
        wgB.stop();
        final WireGuardGoProcess again = WireGuardGoProcess.start(net.nsB, ifB);
        try {
            final var afterRestart = uapi.startSetPeer(ifB, peerA());
            afterRestart.await();
            assertTrue(uapi.show(ifB).peer(keysA.publicKey()).isPresent(), "the set did not reach the new daemon");
            // A second started set on the connection given back by the first updates the same peer in place.
            final var update = uapi.startSetPeer(ifB, PeerConfig.of(keysA.publicKey(), null,
                IpPrefix.parse("192.0.2.77/32")));
            update.await();
            assertEquals(List.of(IpPrefix.parse("192.0.2.77/32")),
                uapi.show(ifB).peer(keysA.publicKey()).orElseThrow().allowedIps());
        } finally {
            again.stop();
        }
    }

    @Test
    void wireGuardGoProcessLifecycle() throws Exception {
        assertEquals("wireguard-go", Files.readString(Path.of("/proc", Long.toString(wgA.pid()), "comm")).strip());
        assertEquals(net.nsA, wgA.namespace());
        final WireGuardException e = assertThrows(WireGuardException.class,
            () -> WireGuardGoProcess.start(net.nsB, wgA.interfaceName()));
        assertEquals(WireGuardException.Reason.REJECTED, e.reason(), e.getMessage());
        final WireGuardException notFound = assertThrows(WireGuardException.class,
            () -> WireGuardGoProcess.start(TestNetwork.PREFIX + "-does-not-exist", "wgt" + net.run + "y0"));
        assertTrue(notFound.getMessage().contains("exited with code"), notFound.getMessage());
        wgB.stop();
        assertFalse(wgB.isAlive());
        assertFalse(Files.exists(wgB.socketPath()));
        final WireGuardException gone = assertThrows(WireGuardException.class,
            () -> new UapiDriver().show(wgB.interfaceName()));
        assertEquals(WireGuardException.Reason.NO_SUCH_INTERFACE, gone.reason(), gone.getMessage());
    }
}
