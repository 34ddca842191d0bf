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
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The text of the cross-platform userspace API (https://www.wireguard.com/xplatform/): requests and replies.
 *
 * <p>A request is {@code get=1} or {@code set=1}, then {@code key=value} lines, then an empty line; a reply is
 * {@code key=value} lines ending with {@code errno=N} and an empty line. Keys are hex there.
 */
final class Uapi {
    /** The request that reads an interface. */
    static final String GET = "get=1\n\n";

    private static final Map<Integer, String> ERRNO_NAMES = Map.ofEntries(Map.entry(1, "EPERM operation not permitted"),
        Map.entry(2, "ENOENT no such file or directory"), Map.entry(5, "EIO input/output error"),
        Map.entry(12, "ENOMEM out of memory"), Map.entry(13, "EACCES permission denied"),
        Map.entry(16, "EBUSY device or resource busy"), Map.entry(17, "EEXIST file exists"),
        Map.entry(19, "ENODEV no such device"), Map.entry(22, "EINVAL invalid argument"),
        Map.entry(55, "ENOBUFS no buffer space / unknown error"), Map.entry(71, "EPROTO protocol error"),
        Map.entry(95, "EOPNOTSUPP operation not supported"), Map.entry(98, "EADDRINUSE address already in use"),
        Map.entry(99, "EADDRNOTAVAIL cannot assign requested address"));

    private Uapi() {
        // utility class
    }

    /**
     * Builds the request that sets the private key (unless null) and the listen port.
     *
     * @param privateKey the key or null
     * @param listenPort the port
     * @return the request
     */
    static String setInterface(final WireGuardPrivateKey privateKey, final int listenPort) {
        final StringBuilder sb = new StringBuilder("set=1\n");
        if (privateKey != null) {
            sb.append("private_key=").append(privateKey.toHex()).append('\n');
        }
        return sb.append("listen_port=").append(listenPort).append("\n\n").toString();
    }

    /**
     * Builds the request that removes some peers and adds or updates others, in place.
     *
     * @param remove the keys of the peers to remove
     * @param set the peers to add or update
     * @return the request
     */
    static String setPeers(final Collection<WireGuardKey> remove, final Collection<PeerConfig> set) {
        final StringBuilder sb = new StringBuilder("set=1\n");
        for (WireGuardKey key : remove) {
            sb.append("public_key=").append(key.toHex()).append("\nremove=true\n");
        }
        for (PeerConfig peer : set) {
            sb.append("public_key=").append(peer.publicKey().toHex()).append('\n');
            if (peer.endpoint() != null) {
                sb.append("endpoint=").append(IpLiteral.formatEndpoint(peer.endpoint())).append('\n');
            }
            sb.append("persistent_keepalive_interval=").append(peer.persistentKeepaliveSeconds()).append('\n');
            sb.append("replace_allowed_ips=true\n");
            for (IpPrefix network : peer.allowedIps()) {
                sb.append("allowed_ip=").append(network).append('\n');
            }
        }
        return sb.append('\n').toString();
    }

    /**
     * Builds the request that sets the keepalive of an existing peer ({@code update_only}: never creates it).
     *
     * @param key the peer
     * @param seconds the interval
     * @return the request
     */
    static String setKeepalive(final WireGuardKey key, final int seconds) {
        return "set=1\npublic_key=" + key.toHex() + "\nupdate_only=true\npersistent_keepalive_interval=" + seconds
            + "\n\n";
    }

    /**
     * Checks the errno line that ends a reply.
     *
     * @param iface the interface, for messages
     * @param what what the request did, for messages
     * @param reply the whole reply, ending with an empty line
     * @return the reply's lines before the errno line
     * @throws WireGuardException when the errno is not 0 or the reply is malformed
     */
    static List<String> checkReply(final String iface, final String what, final String reply)
            throws WireGuardException {
        final List<String> lines = new ArrayList<>(List.of(reply.split("\n", -1)));
        // A reply ends with "errno=N\n\n": the split leaves two empty strings.
        if (lines.size() < 3 || !lines.get(lines.size() - 1).isEmpty() || !lines.get(lines.size() - 2).isEmpty()
                || !lines.get(lines.size() - 3).startsWith("errno=")) {
            throw new WireGuardException(WireGuardException.Reason.PROTOCOL,
                "UAPI reply of " + iface + " to " + what + " does not end with an errno line");
        }
        final String errnoText = lines.get(lines.size() - 3).substring("errno=".length());
        final int errno;
        try {
            errno = Math.abs(Integer.parseInt(errnoText));
        } catch (NumberFormatException e) {
            throw new WireGuardException(WireGuardException.Reason.PROTOCOL,
                "UAPI reply of " + iface + " to " + what + " has a malformed errno \"" + errnoText + "\"", e);
        }
        if (errno != 0) {
            throw new WireGuardException(WireGuardException.Reason.REJECTED, "WireGuard interface " + iface
                + " refused to " + what + ": errno=" + errno + " (" + ERRNO_NAMES.getOrDefault(errno, "unknown") + ")");
        }
        return lines.subList(0, lines.size() - 3);
    }

    /**
     * Parses the reply to {@link #GET}.
     *
     * @param iface the interface, for messages
     * @param reply the whole reply
     * @return the state
     * @throws WireGuardException when the errno is not 0 or the reply is malformed
     */
    static InterfaceState parseGet(final String iface, final String reply) throws WireGuardException {
        final List<String> lines = checkReply(iface, "get", reply);
        final GetParser parser = new GetParser();
        for (String line : lines) {
            final int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new WireGuardException(WireGuardException.Reason.PROTOCOL,
                    "UAPI reply of " + iface + " has a line without key=value: \"" + line + "\"");
            }
            try {
                parser.accept(line.substring(0, eq), line.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new WireGuardException(WireGuardException.Reason.PROTOCOL,
                    "UAPI reply of " + iface + " has a malformed line \"" + redact(line) + "\": " + e.getMessage(), e);
            }
        }
        return parser.finish();
    }

    private static String redact(final String line) {
        return line.startsWith("private_key=") || line.startsWith("preshared_key=") ? line.substring(0,
            line.indexOf('=') + 1) + "(secret)" : line;
    }

    private static long parseCounter(final String value) {
        try {
            final long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw new IllegalArgumentException("negative value " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + value, e);
        }
    }

    /** Accumulates the lines of a get reply. */
    private static final class GetParser {
        private final List<PeerState> peers = new ArrayList<>();
        private WireGuardKey publicKey;
        private int listenPort;
        // The peer being read.
        private WireGuardKey peerKey;
        private InetSocketAddress endpoint;
        private final List<IpPrefix> allowedIps = new ArrayList<>();
        private int keepalive;
        private long handshakeSeconds;
        private long handshakeNanos;
        private long rxBytes;
        private long txBytes;

        void accept(final String key, final String value) {
            if (peerKey == null) {
                acceptInterface(key, value);
                return;
            }
            switch (key) {
                case "public_key" -> {
                    endPeer();
                    peerKey = WireGuardKey.fromHex(value);
                }
                case "endpoint" -> endpoint = IpLiteral.parseEndpoint(value);
                case "allowed_ip" -> allowedIps.add(IpPrefix.parseMasked(value));
                case "persistent_keepalive_interval" -> keepalive = (int) bounded(value, 0xFFFF);
                case "last_handshake_time_sec" -> handshakeSeconds = parseCounter(value);
                case "last_handshake_time_nsec" -> handshakeNanos = bounded(value, 999_999_999);
                case "rx_bytes" -> rxBytes = parseCounter(value);
                case "tx_bytes" -> txBytes = parseCounter(value);
                default -> {
                    // preshared_key, protocol_version and keys of later versions: not part of the model
                }
            }
        }

        private void acceptInterface(final String key, final String value) {
            switch (key) {
                case "private_key" -> publicKey = WireGuardPrivateKey.fromHex(value).publicKey();
                case "listen_port" -> listenPort = (int) bounded(value, 0xFFFF);
                case "public_key" -> peerKey = WireGuardKey.fromHex(value);
                default -> {
                    // fwmark and keys of later versions: not part of the model
                }
            }
        }

        private static long bounded(final String value, final long max) {
            final long parsed = parseCounter(value);
            if (parsed > max) {
                throw new IllegalArgumentException("value " + value + " above " + max);
            }
            return parsed;
        }

        private void endPeer() {
            final Instant handshake = handshakeSeconds == 0 && handshakeNanos == 0 ? null
                : Instant.ofEpochSecond(handshakeSeconds, handshakeNanos);
            peers.add(new PeerState(new PeerConfig(peerKey, endpoint, allowedIps, keepalive), handshake, rxBytes,
                txBytes));
            endpoint = null;
            allowedIps.clear();
            keepalive = 0;
            handshakeSeconds = 0;
            handshakeNanos = 0;
            rxBytes = 0;
            txBytes = 0;
        }

        InterfaceState finish() {
            if (peerKey != null) {
                endPeer();
            }
            return new InterfaceState(publicKey, listenPort, peers);
        }
    }
}
