/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The wgcp WireGuard locator: one WireGuard endpoint of the edge that owns an EID, as the profile encodes it.
 *
 * <p>Wire form: Loc-AFI 16387, LCAF type 11 (Security Key) with Key Count 1, Key Algorithm 6
 * (LISP_256_EC25519_CHACHA20_POLY1305), R = 0 and the 32-byte WireGuard public key, whose locator address is an LCAF
 * type 7 (NAT Traversal) with MS port 0, ETR port = the WireGuard listen port, global ETR RLOC = the endpoint address,
 * MS RLOC AFI 0, private ETR RLOC = the edge's local address or AFI 0, and no RTRs.
 *
 * @param publicKey the 32-byte WireGuard public key (the raw bytes whose base64 {@code wg} prints)
 * @param endpoint the address peers send to
 * @param port the WireGuard listen port, 1 to 65535
 * @param privateAddress the edge's local address when it differs from the endpoint, or null
 * @param priority the locator priority (255 = do not use)
 * @param weight the locator weight
 */
public record WireGuardLocator(ImmutableBytes publicKey, IpAddress endpoint, int port, IpAddress privateAddress,
        int priority, int weight) {
    /** The Key Algorithm of the profile: X25519 with ChaCha20-Poly1305, the WireGuard primitives. */
    public static final int KEY_ALGORITHM = 6;
    /** The length of a WireGuard public key. */
    public static final int KEY_LENGTH = 32;

    /** Validates the components. */
    public WireGuardLocator {
        if (publicKey.length() != KEY_LENGTH) {
            throw new IllegalArgumentException("a WireGuard public key has 32 bytes, not " + publicKey.length());
        }
        Objects.requireNonNull(endpoint);
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Checks.u8(priority, "priority");
        Checks.u8(weight, "weight");
    }

    /**
     * Creates a locator from JDK types.
     *
     * @param publicKey the 32-byte public key (copied)
     * @param endpoint the endpoint address and listen port (must be resolved)
     * @param privateAddress the local address when it differs, or null
     * @param priority the priority
     * @param weight the weight
     * @return the locator
     */
    public static WireGuardLocator of(final byte[] publicKey, final InetSocketAddress endpoint,
            final InetAddress privateAddress, final int priority, final int weight) {
        if (endpoint.isUnresolved()) {
            throw new IllegalArgumentException("unresolved endpoint " + endpoint);
        }
        return new WireGuardLocator(ImmutableBytes.of(publicKey), IpAddress.of(endpoint.getAddress()),
            endpoint.getPort(), privateAddress == null ? null : IpAddress.of(privateAddress), priority, weight);
    }

    /**
     * Recognises a WireGuard locator. Strict on what wgcp needs (LCAF 11 with one 32-byte key of algorithm 6, not
     * revoked, around an LCAF 7 whose global RLOC is an IP address, whose private RLOC is an IP address or AFI 0 and
     * whose ETR port is not 0), lenient on what it ignores (MS port, MS RLOC, RTRs).
     *
     * @param locator a locator of a mapping record
     * @return the WireGuard locator, or empty when the locator does not follow the profile
     */
    public static Optional<WireGuardLocator> fromLocator(final Locator locator) {
        if (!(locator.address() instanceof SecurityKeyAddress key) || key.keyAlgorithm() != KEY_ALGORITHM
                || key.revoked() || key.keyCount() != 1 || key.keys().get(0).length() != KEY_LENGTH
                || !(key.locatorAddress() instanceof NatTraversalAddress nat)
                || !(nat.globalEtrRloc() instanceof IpAddress global) || nat.etrPort() == 0) {
            return Optional.empty();
        }
        final IpAddress privateAddress;
        if (nat.privateEtrRloc() instanceof IpAddress ip) {
            privateAddress = ip;
        } else if (nat.privateEtrRloc() instanceof NoAddress) {
            privateAddress = null;
        } else {
            return Optional.empty();
        }
        return Optional.of(new WireGuardLocator(key.keys().get(0), global, nat.etrPort(), privateAddress,
            locator.priority(), locator.weight()));
    }

    /**
     * Returns the locator address: the LCAF 11 around the LCAF 7.
     *
     * @return the address
     */
    public SecurityKeyAddress toAddress() {
        return new SecurityKeyAddress(KEY_ALGORITHM, false, List.of(publicKey),
            new NatTraversalAddress(0, port, endpoint, NoAddress.INSTANCE,
                privateAddress == null ? NoAddress.INSTANCE : privateAddress, List.of()));
    }

    /**
     * Returns the locator: this address with the priority and weight, reachable, no multicast (priority 255).
     *
     * @return the locator
     */
    public Locator toLocator() {
        return Locator.of(priority, weight, toAddress());
    }

    /**
     * Returns the endpoint as a socket address.
     *
     * @return the endpoint address and port
     */
    public InetSocketAddress endpointSocketAddress() {
        return new InetSocketAddress(endpoint.toInetAddress(), port);
    }

}
