/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.wgcp.agent.net.IpCommand;
import io.wgcp.agent.net.TestNetwork;
import io.wgcp.testing.TestHosts;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import io.wgcp.wireguard.PeerConfig;
import io.wgcp.wireguard.UapiDriver;
import io.wgcp.wireguard.WireGuardKeyPair;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HandshakeStarter} on real wireguard-go in two namespaces: A initiates towards B before B knows A's key (the
 * race of a push that arrives after the requester's handshake), and B's starter must bring the session up without
 * WireGuard's 5 s retry. The control case shows that, without it, the first packet indeed waits for that retry.
 */
class HandshakeStarterTest {
    private static final int PORT = 51820;
    private static final String A_EID = "203.0.113.1";
    private static final String B_EID = "203.0.113.2";
    // Shorter than WireGuard's rekey timeout (5 s) by a wide margin, longer than any handshake by far.
    private static final String PING_WAIT_SECONDS = "3";

    private final UapiDriver wg = new UapiDriver();
    private final Map<Counter, Integer> counted = new EnumMap<>(Counter.class);
    private ScheduledExecutorService loop;
    private TestNetwork network;
    private String namespaceA;
    private String wireguardA;
    private String wireguardB;
    private WireGuardKeyPair keysA;
    private WireGuardKeyPair keysB;
    private PeerConfig peerAtB;

    @BeforeEach
    void setUp() throws IOException {
        loop = Executors.newSingleThreadScheduledExecutor();
        network = TestNetwork.start(true);
        namespaceA = network.addNamespace("hsa");
        final String namespaceB = network.addNamespace("hsb");
        network.addVeth(namespaceA, "198.18.0.1", namespaceB, "198.18.0.2");
        wireguardA = network.interfaceName("ha");
        wireguardB = network.interfaceName("hb");
        network.startWireguard(namespaceA, wireguardA);
        network.startWireguard(namespaceB, wireguardB);
        keysA = WireGuardKeyPair.generate();
        keysB = WireGuardKeyPair.generate();
        wg.setInterface(wireguardA, keysA.privateKey(), PORT);
        wg.setInterface(wireguardB, keysB.privateKey(), PORT);
        final IpCommand ipA = IpCommand.inNamespace(namespaceA);
        final IpCommand ipB = IpCommand.inNamespace(namespaceB);
        ipA.addAddress(wireguardA, InetAddress.getByName(A_EID));
        ipB.addAddress(wireguardB, InetAddress.getByName(B_EID));
        ipA.linkUp(wireguardA);
        ipB.linkUp(wireguardB);
        ipA.routeReplace(IpPrefix.parse(B_EID + "/32"), wireguardA);
        ipB.routeReplace(IpPrefix.parse(A_EID + "/32"), wireguardB);
        // A has B (it resolved B); B learns A from the push, which the test delivers late.
        wg.setPeer(wireguardA,
            PeerConfig.of(keysB.publicKey(), endpoint("198.18.0.2"), IpPrefix.parse(B_EID + "/32")));
        peerAtB = PeerConfig.of(keysA.publicKey(), endpoint("198.18.0.1"), IpPrefix.parse(A_EID + "/32"));
    }

    @AfterEach
    void tearDown() {
        loop.shutdownNow();
        if (network != null) {
            network.close();
        }
    }

    @Test
    void anInitiationLostBeforeThePushIsMadeUpForByTheDestination() throws Exception {
        final var ping = firstPacketBeforeThePush();
        wg.setPeer(wireguardB, peerAtB);
        starter(0).watch(keysA.publicKey());

        assertEquals(0, ping.await(Duration.ofSeconds(10)), "no answer to the first packet: " + ping.output());
        assertEquals(1, counted(Counter.HANDSHAKE_KICKS), "B did not initiate");
        assertEquals(0, counted(Counter.HANDSHAKE_RESTARTS));
        assertEquals(0, keepaliveAtB(), "the kick's keepalive was left on");
    }

    @Test
    void withoutItTheFirstPacketWaitsForWireGuardsRetry() throws Exception {
        final var ping = firstPacketBeforeThePush();
        wg.setPeer(wireguardB, peerAtB);

        assertNotEquals(0, ping.await(Duration.ofSeconds(10)), "answered without the starter: the race this test "
            + "sets up did not happen, so the other test proves nothing: " + ping.output());
    }

    @Test
    void aPushBeforeTheInitiationNeedsNothingAndGetsTheConfiguredKeepalive() throws Exception {
        wg.setPeer(wireguardB, peerAtB);
        final var ping = network.startIn(namespaceA, "ping", "-n", "-c1", "-W", PING_WAIT_SECONDS, B_EID);
        // The watch starts once A's initiation is arriving, as it does within milliseconds of a real push (starting
        // ping takes longer than the starter's first check).
        final long arriving = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (wg.show(wireguardB).peer(keysA.publicKey()).orElseThrow().rxBytes() == 0
                && System.nanoTime() < arriving) {
            Thread.sleep(1);
        }
        starter(25).watch(keysA.publicKey());
        assertEquals(0, ping.await(Duration.ofSeconds(10)), ping.output());

        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (keepaliveAtB() != 25 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(25, keepaliveAtB(), "the configured keepalive was not applied once the session existed");
        assertEquals(0, counted(Counter.HANDSHAKE_KICKS), "B initiated although A's initiation had arrived");
        assertNotNull(wg.show(wireguardB).peer(keysA.publicKey()).orElseThrow().lastHandshake());
    }

    /** A pings B while B does not know A: A's initiation reaches B and is dropped. */
    private TestHosts.Started firstPacketBeforeThePush() throws Exception {
        final var ping = network.startIn(namespaceA, "ping", "-n", "-c1", "-W", PING_WAIT_SECONDS, B_EID);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (wg.show(wireguardA).peer(keysB.publicKey()).orElseThrow().txBytes() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("A sent no handshake initiation");
            }
            Thread.sleep(1);
        }
        // Sent; let it reach B's wireguard-go, which knows no peer yet.
        Thread.sleep(100);
        assertEquals(List.of(), wg.show(wireguardB).peers());
        return ping;
    }

    private HandshakeStarter starter(final int keepaliveSeconds) {
        return new HandshakeStarter(wg, wireguardB, keepaliveSeconds, new HandshakeStarter.Host() {
            @Override
            public AgentLoop.Scheduled schedule(final Runnable step, final Duration delay) {
                final var future = loop.schedule(step, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public void count(final Counter counter) {
                synchronized (counted) {
                    counted.merge(counter, 1, Integer::sum);
                }
            }

            @Override
            public Optional<PeerConfig> wanted(final WireGuardKey key) {
                return key.equals(keysA.publicKey()) ? Optional.of(peerAtB.withPersistentKeepalive(keepaliveSeconds))
                    : Optional.empty();
            }
        });
    }

    private int counted(final Counter counter) throws InterruptedException {
        // Let a pending check run: the second one comes 30 ms after the watch started.
        loop.schedule(() -> null, 200, TimeUnit.MILLISECONDS);
        Thread.sleep(250);
        synchronized (counted) {
            return counted.getOrDefault(counter, 0);
        }
    }

    private int keepaliveAtB() throws IOException {
        return wg.show(wireguardB).peer(keysA.publicKey()).orElseThrow().config().persistentKeepaliveSeconds();
    }

    private static InetSocketAddress endpoint(final String address) throws IOException {
        return new InetSocketAddress(InetAddress.getByName(address), PORT);
    }
}
