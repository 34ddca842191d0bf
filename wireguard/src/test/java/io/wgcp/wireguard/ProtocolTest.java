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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The UAPI text, the output of {@code wg show dump}, the arguments of {@code wg set} and the sync plan. */
class ProtocolTest {
    private static final String PRIVATE_HEX = "18f0c69310b2f60db0ef5884a219a7fce19f1dcb759312edcfc6d533bf3c3169";
    private static final String PEER1_HEX = "8bae8e0ffca1e2aa1bc7e680ade13680e67ddac361f2e802eec46175f926a866";
    private static final String PEER2_HEX = "0000000000000000000000000000000000000000000000000000000000000001";
    private static final WireGuardKey PEER1 = WireGuardKey.fromHex(PEER1_HEX);
    private static final WireGuardKey PEER2 = WireGuardKey.fromHex(PEER2_HEX);

    // As wireguard-go 0.0.20220316 answers get=1 (captured), plus a second peer with IPv6 and a handshake.
    private static final String GET_REPLY = """
        private_key=18f0c69310b2f60db0ef5884a219a7fce19f1dcb759312edcfc6d533bf3c3169
        listen_port=51999
        fwmark=0
        public_key=8bae8e0ffca1e2aa1bc7e680ade13680e67ddac361f2e802eec46175f926a866
        preshared_key=0000000000000000000000000000000000000000000000000000000000000000
        protocol_version=1
        endpoint=198.18.0.9:1234
        last_handshake_time_sec=0
        last_handshake_time_nsec=0
        tx_bytes=0
        rx_bytes=0
        persistent_keepalive_interval=25
        allowed_ip=203.0.113.0/24
        allowed_ip=2001:db8::/64
        public_key=0000000000000000000000000000000000000000000000000000000000000001
        preshared_key=0000000000000000000000000000000000000000000000000000000000000000
        protocol_version=1
        endpoint=[2001:db8::9]:51820
        last_handshake_time_sec=1764032000
        last_handshake_time_nsec=123456789
        tx_bytes=1234
        rx_bytes=5678
        persistent_keepalive_interval=0
        some_future_key=ignored
        errno=0

        """;

    @Test
    void parsesGetReply() throws Exception {
        final InterfaceState state = Uapi.parseGet("wg0", GET_REPLY);
        assertEquals(WireGuardPrivateKey.fromHex(PRIVATE_HEX).publicKey(), state.publicKey());
        assertEquals(51999, state.listenPort());
        assertEquals(2, state.peers().size());
        final PeerState first = state.peers().get(0);
        assertEquals(new PeerConfig(PEER1, new InetSocketAddress(InetAddress.getByName("198.18.0.9"), 1234),
            List.of(IpPrefix.parse("203.0.113.0/24"), IpPrefix.parse("2001:db8::/64")), 25), first.config());
        assertNull(first.lastHandshake());
        assertEquals(0, first.rxBytes());
        final PeerState second = state.peers().get(1);
        assertEquals(PEER2, second.publicKey());
        assertEquals("[2001:db8::9]:51820", IpLiteral.formatEndpoint(second.endpoint()));
        assertEquals(Instant.ofEpochSecond(1764032000, 123456789), second.lastHandshake());
        assertEquals(5678, second.rxBytes());
        assertEquals(1234, second.txBytes());
        assertEquals(List.of(), second.allowedIps());

        final InterfaceState empty = Uapi.parseGet("wg0", "errno=0\n\n");
        assertNull(empty.publicKey());
        assertEquals(0, empty.listenPort());
        assertEquals(List.of(), empty.peers());
    }

    @Test
    void rejectsMalformedReplies() {
        for (String bad : List.of("", "errno=0\n", "listen_port=1\n\n", "errno=x\n\n", "listen_port=1\nerrno=0\n",
                "nonsense\nerrno=0\n\n", "public_key=zz\nerrno=0\n\n", "listen_port=70000\nerrno=0\n\n",
                "public_key=" + PEER1_HEX + "\nendpoint=example.org:1\nerrno=0\n\n",
                "public_key=" + PEER1_HEX + "\nrx_bytes=-1\nerrno=0\n\n",
                "public_key=" + PEER1_HEX + "\nallowed_ip=203.0.113.0/40\nerrno=0\n\n")) {
            final WireGuardException e = assertThrows(WireGuardException.class, () -> Uapi.parseGet("wg0", bad), bad);
            assertEquals(WireGuardException.Reason.PROTOCOL, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("wg0"), e.getMessage());
        }
        // a secret in a malformed line is not quoted
        final WireGuardException secret = assertThrows(WireGuardException.class,
            () -> Uapi.parseGet("wg0", "private_key=" + PRIVATE_HEX.substring(2) + "\nerrno=0\n\n"));
        assertFalse(secret.getMessage().contains(PRIVATE_HEX.substring(2)), secret.getMessage());
    }

    @Test
    void errnoBecomesRejected() {
        for (String reply : List.of("errno=-22\n\n", "errno=22\n\n")) {
            final WireGuardException e = assertThrows(WireGuardException.class,
                () -> Uapi.checkReply("wg0", "set peer X", reply));
            assertEquals(WireGuardException.Reason.REJECTED, e.reason());
            assertEquals("WireGuard interface wg0 refused to set peer X: errno=22 (EINVAL invalid argument)",
                e.getMessage());
        }
        final WireGuardException inUse = assertThrows(WireGuardException.class,
            () -> Uapi.checkReply("wg0", "set", "errno=-98\n\n"));
        assertTrue(inUse.getMessage().contains("EADDRINUSE address already in use"), inUse.getMessage());
    }

    @Test
    void buildsSetRequests() throws Exception {
        final WireGuardPrivateKey key = WireGuardPrivateKey.fromHex(PRIVATE_HEX);
        assertEquals("set=1\nprivate_key=" + PRIVATE_HEX + "\nlisten_port=51820\n\n", Uapi.setInterface(key, 51820));
        assertEquals("set=1\nlisten_port=0\n\n", Uapi.setInterface(null, 0));
        final PeerConfig peer = new PeerConfig(PEER1, new InetSocketAddress(InetAddress.getByName("2001:db8::9"), 7),
            List.of(IpPrefix.parse("203.0.113.2/32"), IpPrefix.parse("2001:db8::2/128")), 25);
        assertEquals("""
            set=1
            public_key=%s
            remove=true
            public_key=%s
            endpoint=[2001:db8::9]:7
            persistent_keepalive_interval=25
            replace_allowed_ips=true
            allowed_ip=203.0.113.2/32
            allowed_ip=2001:db8::2/128
            public_key=%s
            persistent_keepalive_interval=0
            replace_allowed_ips=true

            """.formatted(PEER2_HEX, PEER1_HEX, PEER2_HEX),
            Uapi.setPeers(List.of(PEER2), List.of(peer, PeerConfig.of(PEER2, null))));
        // Only the keepalive, and never a new peer.
        assertEquals("set=1\npublic_key=" + PEER1_HEX + "\nupdate_only=true\npersistent_keepalive_interval=0\n\n",
            Uapi.setKeepalive(PEER1, 0));
    }

    @Test
    void parsesWgDump() throws Exception {
        final String dump = "GPDGkxCy9g2w71iEohmn/OGfHct1kxLtz8bVM788MWk=\tPIpIEJIRAvaiTfvT9h0RvBiqHi/tLR6x7+GDt1sK/HY="
            + "\t51999\toff\n"
            + "i66OD/yh4qobx+aAreE2gOZ92sNh8ugC7sRhdfkmqGY=\t(none)\t198.18.0.9:1234\t203.0.113.0/24,2001:db8::/64"
            + "\t1764032000\t10\t20\t25\n"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\t(none)\t(none)\t(none)\t0\t0\t0\toff\n";
        final InterfaceState state = WgDump.parse("wg0", dump);
        assertEquals(WireGuardKey.fromBase64("PIpIEJIRAvaiTfvT9h0RvBiqHi/tLR6x7+GDt1sK/HY="), state.publicKey());
        assertEquals(51999, state.listenPort());
        final PeerState first = state.peers().get(0);
        assertEquals(new PeerConfig(WireGuardKey.fromBase64("i66OD/yh4qobx+aAreE2gOZ92sNh8ugC7sRhdfkmqGY="),
            new InetSocketAddress(InetAddress.getByName("198.18.0.9"), 1234),
            List.of(IpPrefix.parse("203.0.113.0/24"), IpPrefix.parse("2001:db8::/64")), 25), first.config());
        assertEquals(Instant.ofEpochSecond(1764032000), first.lastHandshake());
        assertEquals(10, first.rxBytes());
        assertEquals(20, first.txBytes());
        final PeerState second = state.peers().get(1);
        assertTrue(second.publicKey().isZero());
        assertNull(second.endpoint());
        assertNull(second.lastHandshake());
        assertEquals(List.of(), second.allowedIps());

        final InterfaceState bare = WgDump.parse("wg0", "(none)\t(none)\t0\toff\n");
        assertNull(bare.publicKey());
        assertEquals(List.of(), bare.peers());
        for (String bad : List.of("", "(none)\t(none)\t0\n", "(none)\t(none)\tx\toff\n",
                "(none)\t(none)\t0\toff\nshort\tline\n", "(none)\t(none)\t0\toff\n" + "AAAA\t(none)\t(none)\t(none)"
                + "\t0\t0\t0\toff\n")) {
            final WireGuardException e = assertThrows(WireGuardException.class, () -> WgDump.parse("wg0", bad), bad);
            assertEquals(WireGuardException.Reason.PROTOCOL, e.reason());
        }
        // the private key in the first field is never quoted
        final WireGuardException e = assertThrows(WireGuardException.class,
            () -> WgDump.parse("wg0", "GPDGkxCy9g2w71iEohmn/OGfHct1kxLtz8bVM788MWk=\tnot-a-key\t1\toff\n"));
        assertFalse(e.getMessage().contains("GPDGkx"), e.getMessage());
    }

    @Test
    void buildsWgSetArguments() throws Exception {
        final PeerConfig peer = new PeerConfig(PEER1, new InetSocketAddress(InetAddress.getByName("198.18.0.2"), 5),
            List.of(IpPrefix.parse("203.0.113.2/32"), IpPrefix.parse("2001:db8::2/128")), 0);
        assertEquals(List.of("peer", PEER1.toBase64(), "endpoint", "198.18.0.2:5", "persistent-keepalive", "off",
            "allowed-ips", "203.0.113.2/32,2001:db8::2/128"), WgCommandDriver.peerArgs(peer));
        assertEquals(List.of("peer", PEER2.toBase64(), "persistent-keepalive", "30", "allowed-ips", ""),
            WgCommandDriver.peerArgs(new PeerConfig(PEER2, null, List.of(), 30)));
    }

    @Test
    void plansSyncs() throws Exception {
        final WireGuardKey own = WireGuardKeyPair.generate().publicKey();
        final WireGuardKey stranger = WireGuardKeyPair.generate().publicKey();
        final InetSocketAddress roamed = new InetSocketAddress(InetAddress.getByName("198.18.0.7"), 9);
        final InterfaceState current = new InterfaceState(own, 1, List.of(
            new PeerState(PeerConfig.of(PEER1, roamed, IpPrefix.parse("203.0.113.0/24")), null, 0, 0),
            new PeerState(PeerConfig.of(PEER2, null, IpPrefix.parse("203.0.113.9/32")), null, 0, 0),
            new PeerState(PeerConfig.of(stranger, null), null, 0, 0)));
        final PeerConfig same = PeerConfig.of(PEER1, null, IpPrefix.parseMasked("203.0.113.1/24"));
        final PeerConfig changed = PeerConfig.of(PEER2, null, IpPrefix.parse("203.0.113.10/32"));
        final PeerConfig added = PeerConfig.of(WireGuardKeyPair.generate().publicKey(), roamed);
        final PeerPlan plan = PeerPlan.of("wg0", current, List.of(same, changed, added));
        assertEquals(List.of(stranger), plan.remove());
        assertEquals(List.of(changed, added), plan.set());
        assertFalse(plan.isEmpty());
        assertTrue(PeerPlan.of("wg0", current, current.peers().stream().map(PeerState::config).toList()).isEmpty());
        assertEquals(3, PeerPlan.of("wg0", current, List.of()).remove().size());

        final WireGuardException twice = assertThrows(WireGuardException.class,
            () -> PeerPlan.of("wg0", current, List.of(same, same)));
        assertEquals(WireGuardException.Reason.INVALID_ARGUMENT, twice.reason());
        assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
        final WireGuardException self = assertThrows(WireGuardException.class,
            () -> PeerPlan.of("wg0", current, List.of(PeerConfig.of(own, null))));
        assertTrue(self.getMessage().contains("own public key"), self.getMessage());
    }
}
