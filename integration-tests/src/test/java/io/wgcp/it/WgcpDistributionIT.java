/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.it;

import static io.wgcp.it.RestconfClient.key;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;

/**
 * Drives the built wgcp Karaf distribution as an operator and an orchestrator would: RESTCONF over HTTP (virtual
 * network, edges, provisioned mappings, the {@code resolve} and {@code set-map-register-key} RPCs, rejected bad
 * input), the Karaf console through {@code bin/client}, and a controller restart.
 *
 * <p>The tests share one controller and build on each other's data, in the order given by {@link Order}. Only
 * documentation address ranges are used (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WgcpDistributionIT {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final long VN = 7;
    private static final long UNKNOWN_VN = 99;
    private static final String EDGES = "/data/wgcp:edges";
    private static final String MAPPINGS = "/data/wgcp:mappings";
    private static final String VIRTUAL_NETWORKS = "/data/wgcp:virtual-networks";
    private static final String CONFIG = "?content=config";
    private static final String RESOLVE = "/operations/wgcp:resolve";
    private static final String SET_KEY = "/operations/wgcp:set-map-register-key";

    private final String keyE1 = randomKey(32);
    private final String keyE2 = randomKey(32);
    private final String keyE3 = randomKey(32);
    private final String keyE4 = randomKey(32);
    private final String keyE9 = randomKey(32);
    private final String mappingKey1 = randomKey(32);
    private final String mappingKey2 = randomKey(32);

    /** The provisioned edges by id, as written. */
    private final Map<String, JsonObject> edges = new LinkedHashMap<>();
    /** The provisioned mappings by "instance-id,eid-prefix", as written. */
    private final Map<String, JsonObject> mappings = new LinkedHashMap<>();

    private Controller controller;
    private KarafDistribution karaf;
    private RestconfClient rest;
    private boolean provisioned;

    @BeforeAll
    void startController() throws IOException, InterruptedException {
        controller = Controller.start("distribution", Map.of());
        karaf = controller.karaf();
        rest = controller.rest();
    }

    @AfterAll
    void stopController() throws InterruptedException {
        if (controller != null) {
            controller.shutdown();
        }
    }

    @Test
    @Order(0)
    void theHeapIsWhatJavaMaxMemSays() throws Exception {
        // The suite starts the controller with bin/wgcp and JAVA_MAX_MEM=1g (wgcp.it.heap), as the README says.
        final String heap = System.getProperty("wgcp.it.heap", "1g");
        final long expected = Long.parseLong(heap.substring(0, heap.length() - 1)) << switch (heap.charAt(
            heap.length() - 1)) {
            case 'g' -> 30;
            case 'm' -> 20;
            default -> throw new IllegalArgumentException("wgcp.it.heap: 1g or 1024m, not " + heap);
        };
        assertEquals(expected, karaf.maxHeapBytes(), "the running JVM's MaxHeapSize");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Provisioning and read-back

    @Test
    @Order(1)
    void provisionsVirtualNetworkEdgesAndMappings() {
        final var vn = new JsonObject();
        vn.addProperty("instance-id", VN);
        vn.addProperty("name", "it-vn-7");
        expectCreated(rest.put(VIRTUAL_NETWORKS + "/virtual-network=" + key(VN),
            Json.wrap("wgcp:virtual-network", vn)));

        edges.put("e1", edge("e1", keyE1, "2001:db8:c::1", eid(VN, "192.0.2.0/24"), eid(VN, "2001:db8:1::/48")));
        edges.put("e2", edge("e2", keyE2, "2001:db8:c::2", eid(VN, "198.51.100.0/24")));
        for (var entry : edges.entrySet()) {
            expectCreated(rest.put(EDGES + "/edge=" + key(entry.getKey()), Json.wrap("wgcp:edge", entry.getValue())));
        }

        // 192.0.2.0/28 is nested in 192.0.2.0/24: resolution must pick the longest match.
        addMapping(mapping(VN, "192.0.2.0/24", mappingKey1, 60, "e1", locator("203.0.113.10", 51820, 1, 100)));
        addMapping(mapping(VN, "192.0.2.0/28", mappingKey1, 30, "e1", locator("203.0.113.11", 51821, 1, 100)));
        addMapping(mapping(VN, "198.51.100.0/25", mappingKey2, 1440, "e2", locator("203.0.113.20", 51820, 1, 50),
            locator("2001:db8:ffff::20", 51820, 2, 100)));
        addMapping(mapping(VN, "2001:db8:1::/48", mappingKey1, 60, "e1", locator("2001:db8:ffff::10", 51820, 1,
            100)));
        for (var entry : mappings.entrySet()) {
            final var mapping = entry.getValue();
            expectCreated(rest.put(mappingPath(mapping), Json.wrap("wgcp:mapping", mapping)));
        }
        provisioned = true;
    }

    @Test
    @Order(2)
    void readsBackWhatWasProvisioned() {
        requireProvisioned();
        final List<Executable> checks = new ArrayList<>();

        final var vn = rest.get(VIRTUAL_NETWORKS + "/virtual-network=" + key(VN) + CONFIG);
        checks.add(() -> {
            expectStatus(200, vn);
            final var entry = single(Json.object(vn), "wgcp:virtual-network", vn);
            assertEquals(VN, entry.get("instance-id").getAsLong(), vn.describe());
            assertEquals("it-vn-7", entry.get("name").getAsString(), vn.describe());
        });

        for (var entry : edges.entrySet()) {
            final var response = rest.get(EDGES + "/edge=" + key(entry.getKey()) + CONFIG);
            checks.add(() -> {
                expectStatus(200, response);
                assertEquals(Json.canonical(entry.getValue()),
                    Json.canonical(single(Json.object(response), "wgcp:edge", response)),
                    "edge " + entry.getKey() + " read back differs from what was written\n" + response.describe());
            });
        }
        for (var entry : mappings.entrySet()) {
            final var response = rest.get(mappingPath(entry.getValue()) + CONFIG);
            checks.add(() -> {
                expectStatus(200, response);
                assertEquals(Json.canonical(entry.getValue()),
                    Json.canonical(single(Json.object(response), "wgcp:mapping", response)),
                    "mapping " + entry.getKey() + " read back differs from what was written\n" + response.describe());
            });
        }

        // The containers hold exactly what was written.
        final var allEdges = rest.get(EDGES + CONFIG);
        checks.add(() -> assertEquals(new TreeSet<>(edges.keySet()), listKeys(allEdges, "wgcp:edges", "edge",
            "edge-id"), allEdges.describe()));
        final var allMappings = rest.get(MAPPINGS + CONFIG);
        checks.add(() -> assertEquals(new TreeSet<>(mappings.keySet()), listKeys(allMappings, "wgcp:mappings",
            "mapping", "instance-id", "eid-prefix"), allMappings.describe()));
        assertAll("read back", checks);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // RPCs

    @Test
    @Order(3)
    void resolvesLongestMatchAndWidestNegativePrefix() {
        requireProvisioned();
        assertAll("resolve",
            () -> expectFound(VN, "192.0.2.5", "192.0.2.0/28"),
            () -> expectFound(VN, "192.0.2.15", "192.0.2.0/28"),
            () -> expectFound(VN, "192.0.2.16", "192.0.2.0/24"),
            () -> expectFound(VN, "192.0.2.200", "192.0.2.0/24"),
            () -> expectFound(VN, "198.51.100.7", "198.51.100.0/25"),
            () -> expectFound(VN, "2001:db8:1::5", "2001:db8:1::/48"),
            // 198.51.100.0/25 is mapped: the widest empty prefix around .200 is the other half of the /24.
            () -> expectNegative(VN, "198.51.100.200", "198.51.100.128/25"),
            // 203 = 11001011b; the mapped 192.0.2.0/24 and 198.51.100.0/25 both start 11000b: 200.0.0.0/5 is empty.
            () -> expectNegative(VN, "203.0.113.9", "200.0.0.0/5"),
            // 2001:db8:1::/48 is mapped; 2001:db8:2:: first differs from it in bit 47.
            () -> expectNegative(VN, "2001:db8:2::1", "2001:db8:2::/47"),
            // Virtual networks are separate: nothing is mapped in the default one.
            () -> expectNegative(0, "192.0.2.5", "0.0.0.0/0"),
            () -> expectNegative(0, "2001:db8:1::5", "::/0"));
    }

    @Test
    @Order(4)
    void setMapRegisterKeyStoresTheSecretEncryptedOnly() {
        requireProvisioned();

        // Without a secret: the map server generates one and returns it once.
        final var generated = rest.post(SET_KEY, input(Map.of("edge-id", "e1")));
        expectStatus(200, generated);
        final var output = output(generated);
        assertTrue(output.has("generated-secret"), "no generated-secret in the output\n" + generated.describe());
        final var secret = output.get("generated-secret").getAsString();
        assertEquals(32, decodeBase64(secret, generated).length,
            "the generated secret is not 256 bits of base64\n" + generated.describe());

        final var edge = rest.get(EDGES + "/edge=e1" + CONFIG);
        expectStatus(200, edge);
        final var key = mapRegisterKey(edge);
        assertEquals(new TreeSet<>(List.of("algorithm", "encrypted-secret", "key-id")), new TreeSet<>(key.keySet()),
            "the edge's map-register-key must show only key-id, algorithm and encrypted-secret\n" + edge.describe());
        final var encrypted = key.get("encrypted-secret").getAsString();
        assertFalse(encrypted.isBlank(), edge.describe());
        assertNotEquals(secret, encrypted, "the secret is stored in clear\n" + edge.describe());
        assertFalse(edge.body().contains(secret), "the secret appears in the edge\n" + edge.describe());
        assertEquals("hmac-sha-256-128", key.get("algorithm").getAsString(), edge.describe());
        assertEquals(0, key.get("key-id").getAsInt(), edge.describe());
        final var full = rest.get(EDGES + "/edge=e1");
        assertFalse(full.body().contains(secret), "the secret appears in config+operational\n" + full.describe());

        // With a secret: nothing is returned, the secret is stored encrypted.
        final var operatorSecret = "correct horse battery staple " + randomKey(8);
        final var given = rest.post(SET_KEY, input(Map.of("edge-id", "e2", "key-id", 1, "algorithm", "hmac-sha-1-96",
            "secret", operatorSecret)));
        assertTrue(given.status() == 200 || given.status() == 204, "expected 200 or 204\n" + given.describe());
        if (given.status() == 200 && !given.body().isBlank()) {
            assertFalse(output(given).has("generated-secret"), "a secret was generated although one was given\n"
                + given.describe());
        }
        final var edge2 = rest.get(EDGES + "/edge=e2" + CONFIG);
        expectStatus(200, edge2);
        final var key2 = mapRegisterKey(edge2);
        assertEquals(1, key2.get("key-id").getAsInt(), edge2.describe());
        assertEquals("hmac-sha-1-96", key2.get("algorithm").getAsString(), edge2.describe());
        assertFalse(edge2.body().contains(operatorSecret), "the secret is stored in clear\n" + edge2.describe());
        assertFalse(edge2.body().contains("\"secret\""), edge2.describe());

        // Both edges now carry their key: remember them for the later comparisons.
        edges.put("e1", single(Json.object(edge), "wgcp:edge", edge));
        edges.put("e2", single(Json.object(edge2), "wgcp:edge", edge2));

        final var before = state();
        assertAll("set-map-register-key rejections",
            () -> expectRejected("set-map-register-key for an unknown edge",
                rest.post(SET_KEY, input(Map.of("edge-id", "no-such-edge"))), before, "no-such-edge"),
            () -> expectRejected("set-map-register-key with a 5-character secret",
                rest.post(SET_KEY, input(Map.of("edge-id", "e1", "secret", "short"))), before, null),
            () -> expectRejected("set-map-register-key without edge-id",
                rest.post(SET_KEY, input(Map.of("secret", operatorSecret))), before, null));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bad input: 4xx with a message, nothing written

    @Test
    @Order(10)
    void rejectsMalformedBodies() {
        requireProvisioned();
        final var before = state();
        final var e9 = edge("e9", keyE9, "2001:db8:c::9", eid(VN, "203.0.113.0/24"));
        final var e9Text = Json.wrap("wgcp:edge", e9);
        final var wrongKey = edge("e10", keyE9, "2001:db8:c::9", eid(VN, "203.0.113.0/24"));
        final var unknownLeaf = e9.deepCopy();
        unknownLeaf.addProperty("colour", "blue");
        assertAll("malformed bodies",
            () -> expectRejected("truncated JSON", rest.put(EDGES + "/edge=e9",
                e9Text.substring(0, e9Text.length() / 2)), before, null),
            () -> expectRejected("not JSON at all", rest.post(MAPPINGS, "this is not JSON"), before, null),
            () -> expectRejected("JSON array instead of object", rest.put(EDGES + "/edge=e9", "[1, 2, 3]"), before,
                null),
            () -> expectRejected("unknown leaf", rest.put(EDGES + "/edge=e9", Json.wrap("wgcp:edge", unknownLeaf)),
                before, null),
            () -> expectRejected("list key in the URI differs from the body", rest.put(EDGES + "/edge=e9",
                Json.wrap("wgcp:edge", wrongKey)), before, null),
            () -> expectRejected("edge without its mandatory control-public-key", rest.put(EDGES + "/edge=e9",
                Json.wrap("wgcp:edge", without(e9, "control-public-key"))), before, null));
    }

    @Test
    @Order(11)
    void rejectsPublicKeysThatAreNot32BytesOfBase64() {
        requireProvisioned();
        final var before = state();
        final Map<String, String> badKeys = new LinkedHashMap<>();
        badKeys.put("a 3-character key", "abc");
        badKeys.put("31 bytes of base64", randomKey(31));
        badKeys.put("33 bytes of base64", randomKey(33));
        badKeys.put("44 characters that are not base64", "!".repeat(43) + "=");
        badKeys.put("32 bytes of base64 with non-zero padding bits", keyE9.substring(0, 42) + "B=");
        final List<Executable> checks = new ArrayList<>();
        for (var bad : badKeys.entrySet()) {
            checks.add(() -> expectRejected("edge control-public-key: " + bad.getKey() + " (" + bad.getValue() + ")",
                rest.put(EDGES + "/edge=e9", Json.wrap("wgcp:edge", edge("e9", bad.getValue(), "2001:db8:c::9",
                    eid(VN, "203.0.113.0/24")))), before, null));
        }
        final var mapping = mapping(VN, "192.0.2.64/26", randomKey(16), 60, "e1", locator("203.0.113.10", 51820, 1,
            100));
        checks.add(() -> expectRejected("mapping public-key: 16 bytes of base64", rest.put(mappingPath(mapping),
            Json.wrap("wgcp:mapping", mapping)), before, null));
        assertAll("bad public keys", checks);
    }

    @Test
    @Order(12)
    void rejectsInvalidPrefixes() {
        requireProvisioned();
        final var before = state();
        final List<Executable> checks = new ArrayList<>();
        for (var bad : List.of("203.0.113.300/24", "203.0.113.0/33", "203.0.113.1/24", "2001:db8:5::1/48",
                "2001:db8:5::/129", "203.0.113.0")) {
            checks.add(() -> expectRejected("edge authorized-eid " + bad, rest.put(EDGES + "/edge=e9",
                Json.wrap("wgcp:edge", edge("e9", keyE9, "2001:db8:c::9", eid(VN, bad)))), before, null));
        }
        for (var bad : List.of("203.0.113.1/24", "2001:db8:5::1/48", "203.0.113.300/24")) {
            final var mapping = mapping(VN, bad, mappingKey1, 60, null, locator("203.0.113.10", 51820, 1, 100));
            checks.add(() -> expectRejected("mapping eid-prefix " + bad, rest.put(mappingPath(mapping),
                Json.wrap("wgcp:mapping", mapping)), before, null));
        }
        checks.add(() -> expectRejected("edge control-address 203.0.113.300", rest.put(EDGES + "/edge=e9",
            Json.wrap("wgcp:edge", edge("e9", keyE9, "203.0.113.300", eid(VN, "203.0.113.0/24")))), before, null));
        assertAll("invalid prefixes", checks);
    }

    @Test
    @Order(13)
    void rejectsOverlappingEidPrefixesOfTwoEdges() {
        requireProvisioned();
        final var before = state();
        final var e2Grabbing = edges.get("e2").deepCopy();
        e2Grabbing.getAsJsonArray("authorized-eid").add(eid(VN, "192.0.2.0/24"));
        assertAll("overlapping EID prefixes",
            () -> expectRejected("new edge inside edge e1's 192.0.2.0/24", rest.put(EDGES + "/edge=e9",
                Json.wrap("wgcp:edge", edge("e9", keyE9, "2001:db8:c::9", eid(VN, "192.0.2.128/25")))), before,
                "overlap"),
            () -> expectRejected("new edge covering edge e1's 192.0.2.0/24", rest.put(EDGES + "/edge=e9",
                Json.wrap("wgcp:edge", edge("e9", keyE9, "2001:db8:c::9", eid(VN, "192.0.0.0/16")))), before,
                "overlap"),
            () -> expectRejected("new edge inside edge e1's 2001:db8:1::/48", rest.put(EDGES + "/edge=e9",
                Json.wrap("wgcp:edge", edge("e9", keyE9, "2001:db8:c::9", eid(VN, "2001:db8:1:5::/64")))), before,
                "overlap"),
            () -> expectRejected("new edge with the whole IPv4 space", rest.put(EDGES + "/edge=e9",
                Json.wrap("wgcp:edge", edge("e9", keyE9, "2001:db8:c::9", eid(VN, "0.0.0.0/0")))), before, "overlap"),
            () -> expectRejected("edge e2 rewritten to take e1's prefix too", rest.put(EDGES + "/edge=e2",
                Json.wrap("wgcp:edge", e2Grabbing)), before, "overlap"),
            () -> expectRejected("two new edges overlapping each other in one request", rest.patch(EDGES,
                wrapContainer("wgcp:edges", "edge", edge("e9", keyE9, "2001:db8:c::9", eid(VN, "203.0.113.0/24")),
                    edge("e10", keyE4, "2001:db8:c::a", eid(VN, "203.0.113.128/25")))), before, "overlap"));
    }

    @Test
    @Order(14)
    void rejectsUnknownVirtualNetworks() {
        requireProvisioned();
        final var before = state();
        final var mapping = mapping(UNKNOWN_VN, "203.0.113.0/24", mappingKey1, 60, null, locator("203.0.113.10",
            51820, 1, 100));
        final var outOfRange = new JsonObject();
        outOfRange.addProperty("instance-id", 16_777_216L);
        outOfRange.addProperty("name", "too big");
        assertAll("unknown virtual networks",
            () -> expectRejected("edge authorized in virtual network 99", rest.put(EDGES + "/edge=e9",
                Json.wrap("wgcp:edge", edge("e9", keyE9, "2001:db8:c::9", eid(UNKNOWN_VN, "203.0.113.0/24")))), before,
                "99"),
            () -> expectRejected("mapping in virtual network 99", rest.put(mappingPath(mapping),
                Json.wrap("wgcp:mapping", mapping)), before, "99"),
            () -> expectRejected("virtual network 16777216 (more than 24 bits)", rest.put(VIRTUAL_NETWORKS
                + "/virtual-network=16777216", Json.wrap("wgcp:virtual-network", outOfRange)), before, null),
            () -> expectRejected("removal of virtual network 7 that edges and mappings use",
                rest.delete(VIRTUAL_NETWORKS + "/virtual-network=" + key(VN)), before, null));
    }

    @Test
    @Order(15)
    void rejectsInconsistentEdgesAndMappings() {
        requireProvisioned();
        final var before = state();
        final var locator = locator("203.0.113.10", 51820, 1, 100);
        final var noKey = without(mapping(VN, "192.0.2.64/26", mappingKey1, 60, "e1", locator), "public-key");
        final var noLocator = without(mapping(VN, "192.0.2.64/26", mappingKey1, 60, "e1", locator), "locator");
        final var unknownEdge = mapping(VN, "192.0.2.64/26", mappingKey1, 60, "no-such-edge", locator);
        assertAll("inconsistent data",
            () -> expectRejected("edge with e1's control-address", rest.put(EDGES + "/edge=e9",
                Json.wrap("wgcp:edge", edge("e9", keyE9, "2001:db8:c::1", eid(VN, "203.0.113.0/24")))), before,
                "control-address"),
            () -> expectRejected("edge with e1's control-public-key", rest.put(EDGES + "/edge=e9",
                Json.wrap("wgcp:edge", edge("e9", keyE1, "2001:db8:c::9", eid(VN, "203.0.113.0/24")))), before,
                "control-public-key"),
            () -> expectRejected("mapping without public-key", rest.put(mappingPath(noKey),
                Json.wrap("wgcp:mapping", noKey)), before, "public-key"),
            () -> expectRejected("mapping without locator", rest.put(mappingPath(noLocator),
                Json.wrap("wgcp:mapping", noLocator)), before, "locator"),
            () -> expectRejected("mapping of an edge that does not exist", rest.put(mappingPath(unknownEdge),
                Json.wrap("wgcp:mapping", unknownEdge)), before, "no-such-edge"),
            () -> expectRejected("locator port 70000", rest.put(mappingPath(unknownEdge), Json.wrap("wgcp:mapping",
                mapping(VN, "192.0.2.64/26", mappingKey1, 60, "e1", locator("203.0.113.10", 70000, 1, 100)))),
                before, null));
    }

    @Test
    @Order(16)
    void rejectsABatchWithOneBadEntryAsAWhole() {
        requireProvisioned();
        final var before = state();
        final var good = mapping(VN, "192.0.2.64/26", mappingKey1, 60, "e1", locator("203.0.113.10", 51820, 1, 100));
        final var bad = mapping(UNKNOWN_VN, "203.0.113.0/24", mappingKey1, 60, null, locator("203.0.113.10", 51820, 1,
            100));
        final var goodEdge = edge("e9", keyE9, "2001:db8:c::9", eid(VN, "203.0.113.0/24"));
        final var badEdge = edge("e10", keyE4, "2001:db8:c::a", eid(VN, "198.51.100.128/25"));
        assertAll("batches",
            () -> expectRejected("PATCH of mappings: a good one and one in an unknown virtual network",
                rest.patch(MAPPINGS, wrapContainer("wgcp:mappings", "mapping", good, bad)), before, "99"),
            () -> expectRejected("PATCH of edges: a good one and one overlapping edge e2",
                rest.patch(EDGES, wrapContainer("wgcp:edges", "edge", goodEdge, badEdge)), before, "overlap"));
    }

    @Test
    @Order(17)
    void rejectsBadResolveInput() {
        requireProvisioned();
        final var before = state();
        assertAll("bad resolve input",
            () -> expectRejected("resolve 192.0.2.300", rest.post(RESOLVE, input(Map.of("instance-id", VN,
                "address", "192.0.2.300"))), before, null),
            () -> expectRejected("resolve 'not-an-address'", rest.post(RESOLVE, input(Map.of("instance-id", VN,
                "address", "not-an-address"))), before, null),
            () -> expectRejected("resolve a prefix instead of an address", rest.post(RESOLVE, input(Map.of(
                "instance-id", VN, "address", "192.0.2.0/24"))), before, null),
            () -> expectRejected("resolve in instance 16777216", rest.post(RESOLVE, input(Map.of("instance-id",
                16_777_216L, "address", "192.0.2.5"))), before, null),
            () -> expectRejected("resolve without address", rest.post(RESOLVE, input(Map.of("instance-id", VN))),
                before, null),
            () -> expectRejected("resolve with malformed JSON", rest.post(RESOLVE, "{\"input\": {\"address\": "),
                before, null));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Karaf console

    @Test
    @Order(20)
    void consoleEdgeListShowsTheEdgesInAnAlignedTable() throws IOException, InterruptedException {
        requireProvisioned();
        final var list = console("wgcp:edge-list");
        final var table = Table.parse(list);
        assertAll("wgcp:edge-list",
            () -> table.assertAligned(),
            () -> table.assertRow("e1", "e1", keyE1, "7:192.0.2.0/24,7:2001:db8:1::/48"),
            () -> table.assertRow("e2", "e2", keyE2, "7:198.51.100.0/24"),
            // Addresses as the operator wrote them and RESTCONF shows them (RFC 5952), not 2001:db8:c:0:0:0:0:1.
            () -> table.assertRow("e1", "2001:db8:c::1"),
            () -> table.assertRow("e2", "2001:db8:c::2"));
    }

    @Test
    @Order(21)
    void consoleResolvesAndListsMappingsAndVirtualNetworks() throws IOException, InterruptedException {
        requireProvisioned();
        final var hit = console("wgcp:resolve -i 7 192.0.2.5");
        final var miss = console("wgcp:resolve -i 7 198.51.100.200");
        final var vns = console("wgcp:vn-list");
        final var mappingList = console("wgcp:mapping-list -i 7");
        assertAll("console queries",
            () -> Table.parse(hit).assertRow("found", "192.0.2.0/28", mappingKey1, "203.0.113.11:51821", "e1"),
            () -> Table.parse(miss).assertRow("negative", "198.51.100.128/25"),
            () -> Table.parse(vns).assertRow("7", "it-vn-7"),
            () -> Table.parse(mappingList).assertAligned(),
            () -> {
                final var table = Table.parse(mappingList);
                table.assertRow("7", "192.0.2.0/24", mappingKey1, "203.0.113.10:51820", "e1");
                table.assertRow("7", "192.0.2.0/28", mappingKey1, "203.0.113.11:51821", "e1");
                table.assertRow("7", "198.51.100.0/25", mappingKey2, "e2");
                table.assertRow("7", "2001:db8:1::/48", mappingKey1, "e1");
            },
            () -> assertTrue(mappingList.output().contains("[2001:db8:ffff::20]:51820"),
                "IPv6 locators should be shown as [2001:db8:ffff::20]:51820 (RFC 5952)\n" + mappingList.describe()));
    }

    @Test
    @Order(22)
    void consoleEdgeAddIsVisibleOverRestconf() throws IOException, InterruptedException {
        requireProvisioned();
        final var before = state();
        final var added = console("wgcp:edge-add -e 7:203.0.113.0/24 e3 " + keyE3 + " 2001:db8:c::3");
        assertEquals(0, added.exitStatus(), added.describe());
        assertFalse(added.output().toLowerCase(Locale.ROOT).contains("error"), added.describe());
        final var e3 = rest.get(EDGES + "/edge=e3" + CONFIG);
        expectStatus(200, e3);
        final var expectedE3 = edge("e3", keyE3, "2001:db8:c::3", eid(VN, "203.0.113.0/24"));
        assertEquals(Json.canonical(expectedE3), Json.canonical(single(Json.object(e3), "wgcp:edge", e3)),
            "edge e3 added on the console reads back differently\n" + added.describe() + "\n" + e3.describe());
        edges.put("e3", expectedE3);
        assertNotEquals(before, state(), "the console edge-add changed nothing");
        final var list = console("wgcp:edge-list");
        Table.parse(list).assertRow("e3", "e3", keyE3, "7:203.0.113.0/24");
    }

    @Test
    @Order(23)
    void consoleEdgeAddRefusesAnOverlappingPrefixAndWritesNothing() throws IOException, InterruptedException {
        requireProvisioned();
        final var before = state();
        final var overlapping = console("wgcp:edge-add -e 7:198.51.100.0/26 e4 " + keyE4 + " 2001:db8:c::4");
        final var text = overlapping.output().toLowerCase(Locale.ROOT);
        assertAll("wgcp:edge-add with a prefix inside edge e2's",
            () -> assertTrue(text.contains("error") && text.contains("overlap"),
                "expected an error about the overlap\n" + overlapping.describe()),
            () -> assertEquals(before, state(), "the console wrote a rejected edge\n" + overlapping.describe()),
            () -> expectAbsent(rest.get(EDGES + "/edge=e4" + CONFIG)));
    }

    @Test
    @Order(24)
    void theServiceUnitsInstallAndVerify() throws IOException, InterruptedException {
        // What the README tells an operator to type, into a directory of the test, checked by systemd itself.
        final Path units = karaf.home().resolve("it-units");
        run(List.of(karaf.home().resolve("bin/wgcp-install-service").toString(), units.toString()));
        run(List.of(Path.of("..", "edge-agent", "wgcp-agent").toAbsolutePath().normalize().toString(),
            "install-service", units.toString()));
        final String installed = Files.readString(units.resolve("wgcp-controller.service"));
        assertTrue(installed.contains("ExecStart=" + karaf.home() + "/bin/wgcp server"), installed);
        // A template is verified through an instance of it.
        Files.copy(units.resolve("wgcp-agent@.service"), units.resolve("wgcp-agent@edge1.service"));
        for (var unit : List.of("wgcp-controller.service", "wgcp-agent@edge1.service")) {
            run(List.of("systemd-analyze", "verify", units.resolve(unit).toString()));
        }
    }

    private static void run(final List<String> command) throws IOException, InterruptedException {
        final var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0,
            String.join(" ", command) + " failed:\n" + output);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Restart

    @Test
    @Order(30)
    void keepsEverythingAcrossARestart() throws IOException, InterruptedException {
        requireProvisioned();
        final var before = state();
        final List<String> probes = List.of("7/192.0.2.5", "7/192.0.2.200", "7/198.51.100.7", "7/2001:db8:1::5",
            "7/198.51.100.200", "7/203.0.113.9", "0/192.0.2.5");
        final Map<String, String> answersBefore = new LinkedHashMap<>();
        for (var probe : probes) {
            answersBefore.put(probe, resolveCanonical(probe));
        }

        assertTrue(karaf.stop(), "bin/stop did not stop the controller within 60 s: it had to be killed");
        controller.startUntilReady();

        final var after = state();
        final List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(before, after, "the provisioned data changed across the restart"));
        for (var probe : probes) {
            checks.add(() -> assertEquals(answersBefore.get(probe), resolveCanonical(probe),
                "resolve " + probe + " answers differently after the restart"));
        }
        // The rebuilt index still answers longest-prefix matches, not just exact ones.
        checks.add(() -> expectFound(VN, "192.0.2.9", "192.0.2.0/28"));
        checks.add(() -> expectNegative(VN, "203.0.113.9", "200.0.0.0/5"));
        checks.add(() -> {
            final var table = Table.parse(console("wgcp:edge-list"));
            for (var edge : edges.entrySet()) {
                table.assertRow(edge.getKey(), edge.getKey(), edge.getValue().get("control-public-key").getAsString());
            }
        });
        assertAll("after restart", checks);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Console

    private KarafDistribution.ClientResult console(final String command) throws IOException, InterruptedException {
        return controller.console(command);
    }

    private void requireProvisioned() {
        assumeTrue(provisioned, "provisioning failed: see provisionsVirtualNetworkEdgesAndMappings");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Assertions

    private static void expectStatus(final int expected, final Response response) {
        assertEquals(expected, response.status(), "unexpected HTTP status\n" + response.describe());
    }

    private static void expectAbsent(final Response response) {
        // RFC 8040 says 404; this RESTCONF answers data-missing with 409.
        assertTrue(response.status() == 404 || response.status() == 409, "expected no data\n" + response.describe());
    }

    private static void expectCreated(final Response response) {
        assertTrue(response.status() == 201 || response.status() == 204,
            "expected 201 Created (or 204 for a replacement)\n" + response.describe());
    }

    /**
     * Asserts that the controller refused a request properly: a 4xx status, an RFC 8040 error-message in the body
     * (containing a given fragment, if any), and the provisioned data as it was before.
     */
    private void expectRejected(final String what, final Response response, final State before,
            final String fragment) {
        final var messages = Json.errorMessages(response);
        assertAll(what,
            () -> assertTrue(response.isClientError(), what + ": expected HTTP 4xx\n" + response.describe()),
            () -> assertFalse(messages.isEmpty(), what + ": the error reply has no error-message\n"
                + response.describe()),
            () -> {
                if (fragment != null && !messages.isEmpty()) {
                    assertTrue(String.join(" ", messages).toLowerCase(Locale.ROOT)
                        .contains(fragment.toLowerCase(Locale.ROOT)),
                        what + ": the error-message does not mention '" + fragment + "'\n" + response.describe());
                }
            },
            () -> {
                final var after = state();
                assertEquals(before, after, what + ": the datastore changed although the request was rejected\n"
                    + response.describe());
            });
    }

    private void expectFound(final long instanceId, final String address, final String prefix) {
        final var response = resolve(instanceId, address);
        expectStatus(200, response);
        final var out = output(response);
        final var expected = mappings.get(instanceId + "," + prefix);
        assertNotNull(expected, "test bug: no mapping " + prefix);
        assertAll("resolve " + instanceId + "/" + address,
            () -> assertTrue(out.has("found") && out.get("found").getAsBoolean(), "expected found=true\n"
                + response.describe()),
            () -> assertEquals(prefix, string(out, "eid-prefix"), "wrong longest match\n" + response.describe()),
            () -> assertEquals(string(expected, "public-key"), string(out, "public-key"), response.describe()),
            () -> assertEquals(string(expected, "edge-id"), string(out, "edge-id"), response.describe()),
            () -> assertEquals(expected.get("ttl").getAsLong(), out.has("ttl") ? out.get("ttl").getAsLong() : -1,
                response.describe()),
            () -> assertEquals("provisioned", string(out, "origin"), response.describe()),
            () -> assertEquals(Json.canonical(expected.get("locator")),
                out.has("locator") ? Json.canonical(out.get("locator")) : null, response.describe()),
            () -> assertFalse(out.has("action"), "a found mapping carries no negative action\n"
                + response.describe()));
    }

    private void expectNegative(final long instanceId, final String address, final String widestPrefix) {
        final var response = resolve(instanceId, address);
        expectStatus(200, response);
        final var out = output(response);
        assertAll("resolve " + instanceId + "/" + address,
            () -> assertTrue(out.has("found") && !out.get("found").getAsBoolean(), "expected found=false\n"
                + response.describe()),
            () -> assertEquals(widestPrefix, string(out, "eid-prefix"), "wrong widest negative prefix\n"
                + response.describe()),
            () -> assertEquals("drop-no-reason", string(out, "action"), response.describe()),
            () -> assertFalse(out.has("public-key") || out.has("locator"), "a negative answer carries no mapping\n"
                + response.describe()));
    }

    private Response resolve(final long instanceId, final String address) {
        return rest.post(RESOLVE, input(Map.of("instance-id", instanceId, "address", address)));
    }

    private String resolveCanonical(final String probe) {
        final int slash = probe.indexOf('/');
        final var response = resolve(Long.parseLong(probe.substring(0, slash)), probe.substring(slash + 1));
        return response.status() + " " + (response.status() == 200 ? Json.canonical(output(response))
            : response.body());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Datastore snapshots

    /**
     * The provisioned data as RESTCONF shows it (configuration datastore), in canonical form.
     */
    private record State(String virtualNetworks, String edges, String mappings) {
    }

    private State state() {
        return new State(snapshot(VIRTUAL_NETWORKS), snapshot(EDGES), snapshot(MAPPINGS));
    }

    private String snapshot(final String path) {
        final var response = rest.get(path + CONFIG);
        if (response.status() == 200) {
            return Json.canonical(response.body());
        }
        // 409 data-missing is how this RESTCONF answers an empty container.
        return "HTTP " + response.status() + " " + response.body();
    }

    private static TreeSet<String> listKeys(final Response response, final String container, final String list,
            final String... keys) {
        expectStatus(200, response);
        final var root = Json.object(response);
        final var top = root.getAsJsonObject(container);
        assertNotNull(top, "no " + container + "\n" + response.describe());
        final var names = new TreeSet<String>();
        final var entries = top.getAsJsonArray(list);
        if (entries != null) {
            for (var entry : entries) {
                final var parts = new ArrayList<String>();
                for (var keyName : keys) {
                    parts.add(entry.getAsJsonObject().get(keyName).getAsString());
                }
                names.add(String.join(",", parts));
            }
        }
        return names;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // JSON bodies

    private void addMapping(final JsonObject mapping) {
        mappings.put(mapping.get("instance-id").getAsLong() + "," + mapping.get("eid-prefix").getAsString(),
            mapping);
    }

    private static String mappingPath(final JsonObject mapping) {
        return MAPPINGS + "/mapping=" + key(mapping.get("instance-id").getAsLong(),
            mapping.get("eid-prefix").getAsString());
    }

    private static JsonObject edge(final String id, final String controlKey, final String controlAddress,
            final JsonObject... eids) {
        final var edge = new JsonObject();
        edge.addProperty("edge-id", id);
        edge.addProperty("control-public-key", controlKey);
        edge.addProperty("control-address", controlAddress);
        final var list = new JsonArray();
        for (var eid : eids) {
            list.add(eid);
        }
        edge.add("authorized-eid", list);
        return edge;
    }

    private static JsonObject eid(final long instanceId, final String prefix) {
        final var eid = new JsonObject();
        eid.addProperty("instance-id", instanceId);
        eid.addProperty("eid-prefix", prefix);
        return eid;
    }

    private static JsonObject mapping(final long instanceId, final String prefix, final String publicKey,
            final long ttl, final String edgeId, final JsonObject... locators) {
        final var mapping = new JsonObject();
        mapping.addProperty("instance-id", instanceId);
        mapping.addProperty("eid-prefix", prefix);
        mapping.addProperty("public-key", publicKey);
        mapping.addProperty("ttl", ttl);
        if (edgeId != null) {
            mapping.addProperty("edge-id", edgeId);
        }
        final var list = new JsonArray();
        for (var locator : locators) {
            list.add(locator);
        }
        mapping.add("locator", list);
        return mapping;
    }

    private static JsonObject locator(final String address, final int port, final int priority, final int weight) {
        final var locator = new JsonObject();
        locator.addProperty("address", address);
        locator.addProperty("port", port);
        locator.addProperty("priority", priority);
        locator.addProperty("weight", weight);
        return locator;
    }

    private static JsonObject without(final JsonObject object, final String member) {
        final var copy = object.deepCopy();
        copy.remove(member);
        return copy;
    }


    private static String wrapContainer(final String containerName, final String listName,
            final JsonObject... entries) {
        final var list = new JsonArray();
        for (var entry : entries) {
            list.add(entry);
        }
        final var container = new JsonObject();
        container.add(listName, list);
        final var root = new JsonObject();
        root.add(containerName, container);
        return root.toString();
    }

    private static String input(final Map<String, Object> leaves) {
        final var input = new JsonObject();
        for (var leaf : new TreeMap<>(leaves).entrySet()) {
            final var value = leaf.getValue();
            if (value instanceof Number number) {
                input.addProperty(leaf.getKey(), number);
            } else {
                input.addProperty(leaf.getKey(), value.toString());
            }
        }
        final var root = new JsonObject();
        root.add("input", input);
        return root.toString();
    }

    private static JsonObject output(final Response response) {
        final var out = Json.first(Json.object(response), "wgcp:output", "output");
        assertNotNull(out, "no output in the RPC reply\n" + response.describe());
        return out.getAsJsonObject();
    }

    private static JsonObject single(final JsonObject root, final String listName, final Response response) {
        final var list = root.getAsJsonArray(listName);
        assertNotNull(list, "no " + listName + " in the reply\n" + response.describe());
        assertEquals(1, list.size(), "expected one " + listName + "\n" + response.describe());
        return list.get(0).getAsJsonObject();
    }

    private static JsonObject mapRegisterKey(final Response edge) {
        final var entry = single(Json.object(edge), "wgcp:edge", edge);
        final var key = entry.getAsJsonObject("map-register-key");
        assertNotNull(key, "the edge has no map-register-key\n" + edge.describe());
        return key;
    }

    private static String string(final JsonObject object, final String member) {
        final JsonElement value = object.get(member);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    private static byte[] decodeBase64(final String text, final Response response) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("not base64: " + text + "\n" + response.describe(), e);
        }
    }

    private static String randomKey(final int bytes) {
        final var key = new byte[bytes];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
