/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.lisp.codec.LispAuthentication;
import io.wgcp.types.IpPrefix;
import io.wgcp.wireguard.WireGuardKeyPair;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
    private static final String MINIMAL = """
        instance-id = 7
        eid-prefixes = 203.0.113.1/32
        overlay-prefixes = 203.0.113.0/24
        data-interface = wgd0
        control-interface = wgc0
        control-address = 192.0.2.11
        map-server-public-key = %s
        map-server-endpoint = 198.18.0.1:51820
        map-server-address = 192.0.2.1
        key-secret = s3cret
        """.formatted(WireGuardKeyPair.generate().publicKey().toBase64());

    @TempDir
    Path dir;

    private AgentConfig parse(final String text) throws IOException {
        final var properties = new Properties();
        properties.load(new StringReader(text));
        return AgentConfig.parse(properties, dir);
    }

    @Test
    void minimalConfigurationTakesTheDefaults() throws IOException {
        final var config = parse(MINIMAL);
        assertEquals(7, config.edge().instanceId());
        assertEquals(List.of(IpPrefix.parse("203.0.113.1/32")), config.edge().eidPrefixes());
        assertEquals(IpPrefix.parse("203.0.113.1").address(), config.localEid());
        assertEquals(51820, config.data().listenPort());
        assertEquals(4342, config.mapServer().port());
        assertEquals(LispAuthentication.HMAC_SHA256_128, config.key().algorithm());
        assertEquals(0, config.key().id(), "the key id set-map-register-key stores by default");
        assertEquals(Duration.ofSeconds(60), config.timing().registerInterval());
        assertEquals("auto", config.local().wireGuardBackend());
        assertTrue(config.data().startWireGuardGo());
        assertNull(config.local().endpointAddress());
        assertEquals(Path.of("/var/lib/wgcp-agent/agent.sock"), config.local().statusSocket());
        assertEquals(198 << 24 | 18 << 16 | 1, java.nio.ByteBuffer.wrap(config.mapServer().endpoint().getAddress()
            .getAddress()).getInt());
    }

    @Test
    void everyOptionIsRead() throws IOException {
        Files.writeString(dir.resolve("secret"), "from a file\n");
        final var config = parse(MINIMAL.replace("key-secret = s3cret", "key-secret-file = secret") + """
            key-algorithm = hmac-sha-256-128-hkdf-sha-256
            key-id = 3
            data-wireguard-go = false
            endpoint-address = 198.18.0.12
            state-dir = state
            idle-timeout-s = 30
            stale-after-s = 4
            metrics-port = 9100
            wireguard-backend = uapi
            """);
        assertEquals("from a file", config.key().secret());
        assertEquals(3, config.key().algorithm());
        assertEquals(3, config.key().id());
        assertFalse(config.data().startWireGuardGo());
        assertEquals(IpPrefix.parse("198.18.0.12").address(), config.local().endpointAddress());
        assertEquals(dir.resolve("state"), config.local().stateDirectory());
        assertEquals(dir.resolve("state/agent.sock"), config.local().statusSocket());
        assertEquals(Duration.ofSeconds(30), config.timing().idleTimeout());
        assertEquals(9100, config.local().metricsPort());
    }

    @Test
    void theStatePathsNeedNothingElse() throws IOException {
        // What "wgcp-agent keys" reads before the edge is provisioned: no secret, no map server yet.
        final Path file = dir.resolve("agent.properties");
        Files.writeString(file, "state-dir = state\ndata-interface = wgd0\n");
        final var paths = AgentConfig.StatePaths.load(file);
        assertEquals(dir.resolve("state"), paths.stateDirectory());
        assertEquals(dir.resolve("state/agent.sock"), paths.statusSocket());
        Files.writeString(file, "status-socket = /run/wgcp.sock\n");
        assertEquals(Path.of("/var/lib/wgcp-agent"), AgentConfig.StatePaths.load(file).stateDirectory());
        assertEquals(Path.of("/run/wgcp.sock"), AgentConfig.StatePaths.load(file).statusSocket());
    }

    @Test
    void aMissingSecretFileIsNamedAsSuch() {
        assertMessage("key-secret-file: no readable file " + dir.resolve("missing.secret"),
            MINIMAL.replace("key-secret = s3cret", "key-secret-file = missing.secret"));
    }

    @Test
    void mistakesNameTheKey() {
        assertMessage("unknown configuration keys: [data-intreface]", MINIMAL + "data-intreface = x\n");
        assertMessage("key-secret: missing", MINIMAL.replace("key-secret = s3cret", ""));
        assertMessage("map-server-endpoint: address:port expected", MINIMAL.replace("198.18.0.1:51820",
            "198.18.0.1"));
        assertMessage("key-algorithm:", MINIMAL + "key-algorithm = md5\n");
        assertMessage("data-listen-port: 70000 is not in", MINIMAL + "data-listen-port = 70000\n");
        assertMessage("control-address: not an IP address", MINIMAL.replace("192.0.2.11", "example.org"));
    }

    @Test
    void overlayCoveringTheControlTunnelIsRefused() throws IOException {
        final var config = parse(MINIMAL.replace("overlay-prefixes = 203.0.113.0/24",
            "overlay-prefixes = 192.0.2.0/24"));
        final var keys = WireGuardKeyPair.generate();
        final var e = assertThrows(IllegalArgumentException.class, () -> new EdgeAgent(config, keys, keys));
        assertTrue(e.getMessage().contains("control traffic must never enter the data TUN"), e.getMessage());
    }

    @Test
    void keysAreCreatedOnceWithModeSixHundred() throws IOException {
        final Path file = dir.resolve("keys/data.key");
        final var first = KeyFiles.loadOrCreate(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(first, KeyFiles.loadOrCreate(file));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        final var e = assertThrows(IOException.class, () -> KeyFiles.loadOrCreate(file));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }


    private void assertMessage(final String expected, final String text) {
        final var e = assertThrows(IllegalArgumentException.class, () -> parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
