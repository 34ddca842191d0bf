/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code wg show <iface> dump}: a line {@code private-key public-key listen-port fwmark}, then one line per peer
 * {@code public-key preshared-key endpoint allowed-ips latest-handshake rx tx persistent-keepalive}, tab-separated,
 * {@code (none)} and {@code off} for absent values.
 */
final class WgDump {
    private static final String NONE = "(none)";

    private WgDump() {
        // utility class
    }

    static InterfaceState parse(final String iface, final String dump) throws WireGuardException {
        final String[] lines = dump.split("\n");
        if (lines.length == 0 || lines[0].isEmpty()) {
            throw malformed(iface, "empty output", null);
        }
        try {
            final String[] head = lines[0].split("\t", -1);
            if (head.length != 4) {
                throw new IllegalArgumentException("the interface line has " + head.length + " fields, not 4");
            }
            final WireGuardKey publicKey = NONE.equals(head[1]) ? null : WireGuardKey.fromBase64(head[1]);
            final int listenPort = number(head[2], 0xFFFF);
            final List<PeerState> peers = new ArrayList<>(lines.length - 1);
            for (int i = 1; i < lines.length; i++) {
                peers.add(peer(lines[i]));
            }
            return new InterfaceState(publicKey, listenPort, peers);
        } catch (IllegalArgumentException e) {
            throw malformed(iface, e.getMessage(), e);
        }
    }

    private static PeerState peer(final String line) {
        final String[] fields = line.split("\t", -1);
        if (fields.length != 8) {
            throw new IllegalArgumentException("a peer line has " + fields.length + " fields, not 8");
        }
        final WireGuardKey key = WireGuardKey.fromBase64(fields[0]);
        final InetSocketAddress endpoint = NONE.equals(fields[2]) ? null : IpLiteral.parseEndpoint(fields[2]);
        final List<IpPrefix> allowedIps = new ArrayList<>();
        if (!NONE.equals(fields[3]) && !fields[3].isEmpty()) {
            for (String network : fields[3].split(",", -1)) {
                allowedIps.add(IpPrefix.parseMasked(network));
            }
        }
        final long handshake = counter(fields[4]);
        final int keepalive = "off".equals(fields[7]) ? 0 : number(fields[7], 0xFFFF);
        return new PeerState(new PeerConfig(key, endpoint, allowedIps, keepalive),
            handshake == 0 ? null : Instant.ofEpochSecond(handshake), counter(fields[5]), counter(fields[6]));
    }

    private static int number(final String text, final int max) {
        final int value = IpLiteral.parseDecimal(text, max);
        if (value < 0) {
            throw new IllegalArgumentException("bad number \"" + text + "\"");
        }
        return value;
    }

    private static long counter(final String text) {
        try {
            final long value = Long.parseLong(text);
            if (value < 0) {
                throw new IllegalArgumentException("negative counter \"" + text + "\"");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad counter \"" + text + "\"", e);
        }
    }

    private static WireGuardException malformed(final String iface, final String why, final Throwable cause) {
        return new WireGuardException(WireGuardException.Reason.PROTOCOL,
            "cannot parse wg show " + iface + " dump: " + why, cause);
    }
}
