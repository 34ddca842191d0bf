/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the benchmark asks the controller to check that data landed: the {@code resolve} RPC (the in-memory index,
 * fed by the datastore listeners), the published {@code provisioned-mappings} count, and reads of single mappings
 * from the configuration datastore.
 */
final class WgcpProbe {
    private static final String RESOLVE = "/operations/wgcp:resolve";
    private static final String STATISTICS = "/data/wgcp:statistics?content=nonconfig";

    private final BenchHttp http;

    WgcpProbe(final BenchHttp http) {
        this.http = http;
    }

    BenchHttp http() {
        return http;
    }

    /**
     * Resolves the host address of a mapping.
     *
     * @param seq the mapping's sequence number
     * @return the answer
     */
    Resolved resolve(final long seq) {
        final var answer = http.postJson(RESOLVE, "{\"input\":{\"instance-id\":" + MappingSet.instanceId(seq)
            + ",\"address\":\"" + MappingSet.address(seq) + "\"}}");
        if (answer.status() != 200) {
            return new Resolved(answer.status(), false, null, null, answer.nanos(), answer.describe());
        }
        final var output = member(parse(answer.body()), "wgcp:output", "output");
        if (output == null || !output.isJsonObject()) {
            return new Resolved(answer.status(), false, null, null, answer.nanos(), answer.describe());
        }
        final var out = output.getAsJsonObject();
        return new Resolved(200, out.has("found") && out.get("found").getAsBoolean(), string(out, "eid-prefix"),
            string(out, "public-key"), answer.nanos(), answer.describe());
    }

    /**
     * Tells whether resolve answers with exactly this mapping.
     *
     * @param seq the mapping's sequence number
     * @return true when found with the mapping's own prefix and key
     */
    boolean resolvesToItself(final long seq) {
        final var resolved = resolve(seq);
        return resolved.found() && MappingSet.prefix(seq).equals(resolved.prefix())
            && MappingSet.publicKey(seq).equals(resolved.publicKey());
    }

    /**
     * Waits until every given mapping resolves to itself. The index follows the datastore through listeners that
     * receive committed transactions in commit order, so when the last mapping of every client resolves, every
     * acknowledged mapping is in the index.
     *
     * @param seqs the mappings
     * @param timeout the longest wait
     * @return {@link System#nanoTime()} when all resolved
     * @throws AssertionError on timeout
     */
    long awaitResolvable(final Collection<Long> seqs, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final List<Long> pending = new ArrayList<>(seqs);
        while (true) {
            pending.removeIf(this::resolvesToItself);
            if (pending.isEmpty()) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("mappings " + pending + " do not resolve " + timeout.toSeconds()
                    + " s after they were acknowledged; last answer: " + resolve(pending.get(0)).detail());
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until resolve no longer finds a mapping (after a delete).
     *
     * @param seq the mapping
     * @param timeout the longest wait
     */
    void awaitUnresolvable(final long seq, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final var resolved = resolve(seq);
            if (resolved.status() == 200 && !resolved.found()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("mapping " + seq + " still resolves " + timeout.toSeconds()
                    + " s after the delete: " + resolved.detail());
            }
            Thread.sleep(50);
        }
    }

    /**
     * Returns the {@code provisioned-mappings} counter that the map server publishes every few seconds.
     *
     * @return the count, or -1 when it cannot be read
     */
    long provisionedCount() {
        final var answer = http.get(STATISTICS);
        if (answer.status() != 200) {
            return -1;
        }
        final var statistics = member(parse(answer.body()), "wgcp:statistics", "statistics");
        if (statistics == null || !statistics.isJsonObject()
                || !statistics.getAsJsonObject().has("provisioned-mappings")) {
            return -1;
        }
        return statistics.getAsJsonObject().get("provisioned-mappings").getAsLong();
    }

    /**
     * Waits until the published count equals an expected value.
     *
     * @param expected the count
     * @param timeout the longest wait (the counter is published every 5 s)
     * @throws AssertionError on timeout
     */
    void awaitCount(final long expected, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        long seen;
        while ((seen = provisionedCount()) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("wgcp:statistics provisioned-mappings is " + seen + ", expected " + expected
                    + " (waited " + timeout.toSeconds() + " s)");
            }
            Thread.sleep(250);
        }
    }

    /**
     * Tells whether the configuration datastore holds a mapping with the key it was written with.
     *
     * @param seq the mapping's sequence number
     * @return the GET answer when it does not, null when it does
     */
    String datastoreMismatch(final long seq) {
        final var answer = http.get(MappingSet.path(seq) + "?content=config");
        if (answer.status() == 200 && answer.body().contains(MappingSet.publicKey(seq))
                && answer.body().contains(MappingSet.prefix(seq))) {
            return null;
        }
        return "GET " + MappingSet.path(seq) + ": " + answer.describe();
    }

    /**
     * Deletes every provisioned mapping.
     *
     * @return the answer (204, or 404/409 when there was none)
     */
    BenchHttp.Answer deleteAllMappings() {
        return http.send("DELETE", "/data/wgcp:mappings", null, null);
    }

    /**
     * Creates a virtual network (benchmark EIDs reuse 198.18.0.0/15 in networks 1, 2, ...).
     *
     * @param instanceId the instance id
     * @return the answer
     */
    BenchHttp.Answer createVirtualNetwork(final long instanceId) {
        return http.send("PUT", "/data/wgcp:virtual-networks/virtual-network=" + instanceId, BenchHttp.JSON,
            ("{\"wgcp:virtual-network\":[{\"instance-id\":" + instanceId + ",\"name\":\"bench-" + instanceId
                + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    private static JsonElement parse(final String body) {
        try {
            return JsonParser.parseString(body);
        } catch (JsonParseException e) {
            return null;
        }
    }

    private static JsonElement member(final JsonElement root, final String... names) {
        if (root == null || !root.isJsonObject()) {
            return null;
        }
        for (var name : names) {
            final var member = root.getAsJsonObject().get(name);
            if (member != null) {
                return member;
            }
        }
        return null;
    }

    private static String string(final JsonObject object, final String name) {
        final var member = object.get(name);
        return member != null && member.isJsonPrimitive() ? member.getAsString() : null;
    }

    /**
     * One resolve answer.
     *
     * @param status the HTTP status
     * @param found whether a mapping holds the address
     * @param prefix the matched prefix (or the negative prefix)
     * @param publicKey the mapping's key, or null
     * @param nanos the request's latency
     * @param detail the answer, for failure messages
     */
    record Resolved(int status, boolean found, String prefix, String publicKey, long nanos, String detail) {
    }
}
