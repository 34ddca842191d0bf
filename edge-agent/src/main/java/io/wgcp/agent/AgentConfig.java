/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.lisp.codec.LispAuthentication;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * The agent's configuration, read from a Java properties file (one {@code key = value} per line, {@code #} comments),
 * in one record per concern. Every key is documented in the module's README; unknown keys are refused so that a typo
 * does not go unnoticed.
 *
 * @param edge who this edge is in the overlay
 * @param data the data plane: TUN device and data WireGuard interface
 * @param control the control tunnel to the map server
 * @param mapServer the map server at the other end of the control tunnel
 * @param key the Map-Register key
 * @param timing intervals, timeouts and retries
 * @param local this host: WireGuard backend, state, endpoint address, status and metrics
 */
public record AgentConfig(Edge edge, Data data, Control control, MapServer mapServer, RegisterKey key, Timing timing,
        Local local) {
    /**
     * Who this edge is in the overlay.
     *
     * @param name a name for logs, status and metrics
     * @param instanceId the virtual network (LISP instance id) of this edge
     * @param eidPrefixes the prefixes this edge registers; the first address of the first is the local overlay address
     * @param overlayPrefixes the prefixes routed into the TUN device (where flows are detected)
     */
    public record Edge(String name, long instanceId, List<IpPrefix> eidPrefixes, List<IpPrefix> overlayPrefixes) {
        /** Freezes the lists. */
        public Edge {
            eidPrefixes = List.copyOf(eidPrefixes);
            overlayPrefixes = List.copyOf(overlayPrefixes);
            if (eidPrefixes.isEmpty()) {
                throw new IllegalArgumentException("eid-prefixes: at least one prefix is needed");
            }
        }

        /** The local overlay address: the first address of the first EID prefix, the source towards the overlay. */
        public InetAddress localEid() {
            return eidPrefixes.get(0).address();
        }
    }

    /**
     * The data plane.
     *
     * @param tunDevice the TUN device name
     * @param iface the data WireGuard interface
     * @param listenPort its listen port (the port registered in the locator)
     * @param startWireGuardGo whether the agent starts wireguard-go for it
     * @param keepaliveSeconds the persistent keepalive of data peers, 0 for none
     * @param holdPerDestination held packets per destination
     * @param holdTotal held packets in total
     */
    public record Data(String tunDevice, String iface, int listenPort, boolean startWireGuardGo, int keepaliveSeconds,
            int holdPerDestination, int holdTotal) {
    }

    /**
     * The control tunnel.
     *
     * @param iface the control WireGuard interface
     * @param listenPort its listen port, 0 for any
     * @param startWireGuardGo whether the agent starts wireguard-go for it
     * @param keepaliveSeconds the persistent keepalive towards the map server
     * @param address this edge's control address (on the control interface; the map server knows it)
     */
    public record Control(String iface, int listenPort, boolean startWireGuardGo, int keepaliveSeconds,
            InetAddress address) {
    }

    /**
     * The map server.
     *
     * @param publicKey its control WireGuard public key
     * @param endpoint its control WireGuard endpoint
     * @param address its address inside the control tunnel
     * @param port its LISP port
     */
    public record MapServer(WireGuardKey publicKey, InetSocketAddress endpoint, InetAddress address, int port) {
    }

    /**
     * The Map-Register key, as provisioned for this edge on the map server.
     *
     * @param id the key id
     * @param algorithm the authentication algorithm id
     * @param secret the key (its UTF-8 bytes are the HMAC key)
     */
    public record RegisterKey(int id, int algorithm, String secret) {
        @Override
        public String toString() {
            return "RegisterKey[id=" + id + ", algorithm=" + algorithm + "]";
        }
    }

    /**
     * Intervals, timeouts and retries.
     *
     * @param registerInterval the registration interval
     * @param mappingTtlMinutes the TTL of the registered records
     * @param endpointCheckInterval how often the endpoint address is checked for a change
     * @param idleTimeout how long a peer may stay without handshake and traffic before it is removed
     * @param staleAfter how long traffic may go out unanswered before the peer is re-resolved (double jump)
     * @param requestTimeout how long a Map-Request waits for its reply before it is sent again
     * @param requestAttempts how many times a Map-Request is sent
     */
    public record Timing(Duration registerInterval, int mappingTtlMinutes, Duration endpointCheckInterval,
            Duration idleTimeout, Duration staleAfter, Duration requestTimeout, int requestAttempts) {
    }

    /**
     * This host.
     *
     * @param wireGuardBackend {@code auto}, {@code uapi} or {@code kernel}
     * @param stateDirectory where keys and the status socket live
     * @param endpointAddress the fixed underlay endpoint address, or null to follow the route to the map server
     * @param statusSocket the Unix socket of the status command
     * @param metricsPort the localhost port of the Prometheus endpoint, 0 for none
     */
    public record Local(String wireGuardBackend, Path stateDirectory, InetAddress endpointAddress, Path statusSocket,
            int metricsPort) {
    }

    private static final String DEFAULT_STATE_DIR = "/var/lib/wgcp-agent";
    private static final Set<String> KEYS = Set.of("name", "instance-id", "eid-prefixes", "overlay-prefixes",
        "tun-device", "data-interface", "data-listen-port", "data-wireguard-go", "data-keepalive-s",
        "control-interface", "control-listen-port", "control-wireguard-go", "control-keepalive-s", "control-address",
        "map-server-public-key", "map-server-endpoint", "map-server-address", "map-server-port", "key-id",
        "key-algorithm", "key-secret", "key-secret-file", "wireguard-backend", "state-dir", "endpoint-address",
        "register-interval-s", "mapping-ttl-min", "endpoint-check-interval-ms", "idle-timeout-s", "stale-after-s",
        "request-timeout-ms", "request-attempts", "hold-per-destination", "hold-total", "status-socket",
        "metrics-port");

    /**
     * Reads a configuration file.
     *
     * @param file the properties file
     * @return the configuration
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if a value is missing or invalid (the message names the key)
     */
    public static AgentConfig load(final Path file) throws IOException {
        final var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return parse(properties, file.toAbsolutePath().getParent());
    }

    /**
     * Where an agent's state lives, read from a configuration that may be incomplete: {@code wgcp-agent keys} must
     * work before the edge is provisioned (its key is what the operator provisions), and {@code status} whatever
     * else the file says.
     *
     * @param stateDirectory {@code state-dir}: the key files
     * @param statusSocket {@code status-socket}
     */
    public record StatePaths(Path stateDirectory, Path statusSocket) {
        /**
         * Reads only {@code state-dir} and {@code status-socket} of a configuration file.
         *
         * @param file the properties file
         * @return the paths
         * @throws IOException if the file cannot be read
         */
        public static StatePaths load(final Path file) throws IOException {
            final var properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            final Path base = file.toAbsolutePath().getParent();
            final Path stateDir = base.resolve(properties.getProperty("state-dir", DEFAULT_STATE_DIR).strip());
            final String status = properties.getProperty("status-socket", "").strip();
            return new StatePaths(stateDir, status.isEmpty() ? stateDir.resolve("agent.sock") : base.resolve(status));
        }
    }

    /**
     * Parses configuration properties.
     *
     * @param properties the properties
     * @param baseDirectory resolves relative paths (state-dir, key-secret-file)
     * @return the configuration
     * @throws IOException if the secret file cannot be read
     */
    public static AgentConfig parse(final Properties properties, final Path baseDirectory) throws IOException {
        final Set<String> unknown = new HashSet<>(properties.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown configuration keys: " + unknown);
        }
        final var p = new Reading(properties);
        final String name = p.string("name", "edge");
        final Path stateDir = baseDirectory.resolve(p.string("state-dir", DEFAULT_STATE_DIR));
        final String secretFile = p.string("key-secret-file", "");
        final String secret;
        if (!secretFile.isEmpty()) {
            final Path path = baseDirectory.resolve(secretFile);
            if (!Files.isReadable(path)) {
                throw new IllegalArgumentException("key-secret-file: no readable file " + path + " (it holds the "
                    + "Map-Register secret that set-map-register-key set on the map server)");
            }
            secret = Files.readString(path, StandardCharsets.UTF_8).strip();
        } else {
            secret = p.required("key-secret");
        }
        final String endpoint = p.string("endpoint-address", "auto");
        final String backend = p.string("wireguard-backend", "auto");
        if (!List.of("auto", "uapi", "kernel").contains(backend)) {
            throw new IllegalArgumentException("wireguard-backend: auto, uapi or kernel, not " + backend);
        }
        final String status = p.string("status-socket", "");
        return new AgentConfig(
            new Edge(name, p.longValue("instance-id", 0, 0, 0xFFFF_FFFFL), p.prefixes("eid-prefixes", null),
                p.prefixes("overlay-prefixes", "")),
            new Data(p.string("tun-device", "wgcp-tun"), p.required("data-interface"),
                p.intValue("data-listen-port", 51820, 1, 65535), p.bool("data-wireguard-go", true),
                p.intValue("data-keepalive-s", 0, 0, 65535), p.intValue("hold-per-destination", 8, 1, 1024),
                p.intValue("hold-total", 1024, 1, 1_000_000)),
            new Control(p.required("control-interface"), p.intValue("control-listen-port", 0, 0, 65535),
                p.bool("control-wireguard-go", true), p.intValue("control-keepalive-s", 25, 0, 65535),
                p.address("control-address")),
            new MapServer(p.key("map-server-public-key"), p.socketAddress("map-server-endpoint"),
                p.address("map-server-address"), p.intValue("map-server-port", 4342, 1, 65535)),
            new RegisterKey(p.intValue("key-id", 0, 0, 255), algorithm(p.string("key-algorithm", "hmac-sha-256-128")),
                secret),
            new Timing(Duration.ofSeconds(p.intValue("register-interval-s", 60, 1, 3600)),
                p.intValue("mapping-ttl-min", 10, 1, 1440),
                Duration.ofMillis(p.intValue("endpoint-check-interval-ms", 500, 50, 600_000)),
                Duration.ofSeconds(p.intValue("idle-timeout-s", 180, 1, 86_400)),
                Duration.ofSeconds(p.intValue("stale-after-s", 3, 1, 3600)),
                Duration.ofMillis(p.intValue("request-timeout-ms", 1000, 10, 60_000)),
                p.intValue("request-attempts", 3, 1, 100)),
            new Local(backend, stateDir, "auto".equals(endpoint) ? null : Reading.literal("endpoint-address", endpoint),
                status.isEmpty() ? stateDir.resolve("agent.sock") : baseDirectory.resolve(status),
                p.intValue("metrics-port", 0, 0, 65535)));
    }

    /**
     * The local overlay address (see {@link Edge#localEid()}).
     *
     * @return the address that local senders use as source towards the overlay
     */
    public InetAddress localEid() {
        return edge.localEid();
    }

    private static int algorithm(final String text) {
        final int id = switch (text.toLowerCase(Locale.ROOT)) {
            case "hmac-sha-1-96", "1" -> LispAuthentication.HMAC_SHA1_96;
            case "hmac-sha-256-128", "2" -> LispAuthentication.HMAC_SHA256_128;
            case "hmac-sha-256-128-hkdf-sha-256", "3" -> LispAuthentication.HMAC_SHA256_128_HKDF_SHA256;
            default -> throw new IllegalArgumentException("key-algorithm: hmac-sha-1-96, hmac-sha-256-128 or "
                + "hmac-sha-256-128-hkdf-sha-256, not " + text);
        };
        return id;
    }

    /** Typed reads with messages that name the key. */
    private static final class Reading {
        private final Properties properties;

        Reading(final Properties properties) {
            this.properties = properties;
        }

        String string(final String key, final String fallback) {
            final String value = properties.getProperty(key);
            return value == null ? fallback : value.strip();
        }

        String required(final String key) {
            final String value = string(key, "");
            if (value.isEmpty()) {
                throw new IllegalArgumentException(key + ": missing");
            }
            return value;
        }

        long longValue(final String key, final long fallback, final long min, final long max) {
            final String text = string(key, "");
            if (text.isEmpty()) {
                return fallback;
            }
            final long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": not a number: " + text, e);
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(key + ": " + value + " is not in [" + min + ", " + max + "]");
            }
            return value;
        }

        int intValue(final String key, final int fallback, final int min, final int max) {
            return (int) longValue(key, fallback, min, max);
        }

        boolean bool(final String key, final boolean fallback) {
            final String text = string(key, "");
            if (text.isEmpty()) {
                return fallback;
            }
            if (!"true".equals(text) && !"false".equals(text)) {
                throw new IllegalArgumentException(key + ": true or false, not " + text);
            }
            return Boolean.parseBoolean(text);
        }

        List<IpPrefix> prefixes(final String key, final String fallback) {
            final String text = fallback == null ? required(key) : string(key, fallback);
            final List<IpPrefix> result = new ArrayList<>();
            for (var item : text.split(",")) {
                if (!item.isBlank()) {
                    try {
                        result.add(IpPrefix.parse(item.strip()));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
                    }
                }
            }
            return result;
        }

        InetAddress address(final String key) {
            return literal(key, required(key));
        }

        static InetAddress literal(final String key, final String text) {
            try {
                return IpPrefix.parse(text).address();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": not an IP address: " + text, e);
            }
        }

        InetSocketAddress socketAddress(final String key) {
            final String text = required(key);
            final int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(key + ": address:port expected, not " + text);
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new InetSocketAddress(literal(key, host), intPort(key, text.substring(colon + 1)));
        }

        private static int intPort(final String key, final String text) {
            try {
                final int port = Integer.parseInt(text);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": bad port " + text, e);
            }
            throw new IllegalArgumentException(key + ": bad port " + text);
        }

        WireGuardKey key(final String key) {
            try {
                return WireGuardKey.fromBase64(required(key));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }
    }
}
