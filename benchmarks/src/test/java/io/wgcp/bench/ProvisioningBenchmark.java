/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.bench.LoadRun.Method;
import io.wgcp.testing.BuiltArtifacts;
import io.wgcp.testing.MachineLoad;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * RESTCONF provisioning rate and memory per mapping of the built wgcp distribution. It is not an integration test
 * (failsafe's default includes skip it): run it alone with the {@code benchmark} profile,
 * {@code flock /tmp/wgcp-karaf.lock ./mvnw -B -o -pl benchmarks -Pbenchmark verify}.
 *
 * <p>One controller (heap {@code wgcp.bench.heap}, default 2048m) serves the whole run:
 * <ol>
 *   <li>rate: the unbatched baseline (PUT of one list entry per request) and batched writes (PATCH merge of
 *       {@code wgcp:mappings}, POST of list entries) at several batch sizes and client counts, each run starting
 *       from an empty mapping list; after each run the benchmark waits until every client's last mapping resolves
 *       (the in-memory index has all of it), checks the published count and reads samples back from the
 *       datastore and through {@code resolve}, then deletes the mappings;</li>
 *   <li>memory: the heap after full collections (jcmd GC.run) with no mappings, then with
 *       {@code wgcp.bench.memoryCount} (default 1,000,000) mappings provisioned in batches; the difference over the
 *       count is the cost of one mapping (datastore, index and everything else), and the class-histogram difference
 *       shows where it goes.</li>
 * </ol>
 * The results are logged and written as Markdown to {@code wgcp.bench.report}
 * (default {@code target/bench-report/restconf-provisioning.md}). The test fails when data did not land or a
 * request failed, so that it cannot measure nothing; the goals themselves are reported, not asserted.
 */
class ProvisioningBenchmark {
    private static final System.Logger LOG = System.getLogger(ProvisioningBenchmark.class.getName());
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(300);
    private static final double MIB = 1024.0 * 1024.0;

    private final Params params = Params.fromSystemProperties();
    private final List<LoadRun.Result> rateResults = new ArrayList<>();
    private final List<Double> visibleRates = new ArrayList<>();
    /** Per rate run: the controller's average cores used, and the whole machine's busy share. */
    private final List<double[]> rateCpu = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final StringBuilder report = new StringBuilder();
    private final SplittableRandom random = new SplittableRandom(42);
    private WgcpProbe probe;
    private String yangPatchText = "";
    private String floorText = "";
    private boolean rateTableWritten;

    @Test
    void provisioningRateAndMemory() throws IOException, InterruptedException {
        final var started = ZonedDateTime.now();
        header(started);
        try (var karaf = BenchKaraf.copyOf(params.assembly(), params.workDir(), params.heap())) {
            probe = new WgcpProbe(newClient());
            final long bootNanos = System.nanoTime();
            karaf.start();
            awaitReady(karaf);
            final double bootSeconds = (System.nanoTime() - bootNanos) / 1e9;
            final long largestRun = Math.max(params.memoryCount(), Math.max(params.unbatchedCount(),
                params.batches().stream().mapToLong(batch -> batchedCount(batch, maxClients())).max().orElse(0)));
            for (int vn = 1; vn < MappingSet.virtualNetworksNeeded(largestRun); vn++) {
                final var answer = probe.createVirtualNetwork(vn);
                assertTrue(answer.isSuccess(), "cannot create virtual network " + vn + ": " + answer.describe());
            }
            final var heapAtStart = karaf.heapAfterFullGc();
            LOG.log(Level.INFO, "Controller ready after {0} s; heap after full GC: {1}",
                String.format("%.0f", bootSeconds), heapAtStart.describe());

            report.append(String.format("Controller started from an empty datastore: RESTCONF and the wgcp RPCs "
                + "answered %.0f s after bin/karaf server; heap after full GC %.0f MiB.%n", bootSeconds,
                heapAtStart.usedBytes() / MIB));
            yangPatchText = probeYangPatch();
            warmUp();
            floorText = requestFloor();
            rateRuns(karaf);
            rateTable();
            if (params.memoryCount() > 0) {
                memoryRun(karaf, heapAtStart);
            }
        } finally {
            if (!rateTableWritten && !rateResults.isEmpty()) {
                rateTable();
            }
            report.append("\nFinished ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(" (").append(Duration.between(started, ZonedDateTime.now()).toSeconds())
                .append(" s), load average ").append(MachineLoad.loadAverage()).append(".\n");
            if (!failures.isEmpty()) {
                report.append("\nFAILURES:\n");
                failures.forEach(failure -> report.append("- ").append(failure).append('\n'));
            }
            Files.createDirectories(params.report().getParent());
            Files.writeString(params.report(), report, StandardCharsets.UTF_8);
            LOG.log(Level.INFO, "Benchmark report ({0}):\n{1}", params.report(), report);
        }
        assertTrue(failures.isEmpty(), "benchmark failures: " + failures);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Phases

    private void awaitReady(final BenchKaraf karaf) throws InterruptedException {
        final long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        karaf.awaitCondition("RESTCONF", STARTUP_TIMEOUT,
            () -> probe.http().get("/data/ietf-restconf-monitoring:restconf-state").status() == 200);
        karaf.awaitCondition("the wgcp resolve RPC and statistics", Duration.ofNanos(Math.max(deadline
            - System.nanoTime(), 10_000_000_000L)), () -> probe.resolve(0).status() == 200
                && probe.provisionedCount() >= 0);
    }

    /** Finds out whether this RESTCONF's YANG-PATCH is usable: how it answers, and whether the data lands. */
    private String probeYangPatch() throws InterruptedException {
        // RFC 8072 answers with a yang-patch-status in application/yang-data+json; application/json gets 406 here.
        final var answer = probe.http().send("PATCH", "/data/wgcp:mappings", BenchHttp.YANG_PATCH_JSON,
            MappingSet.yangPatchBody(0, 10), BenchHttp.YANG_DATA_JSON);
        Thread.sleep(2000);
        final boolean landed = probe.resolvesToItself(0) && probe.resolvesToItself(9);
        clear(List.of(9L));
        final var text = "YANG-PATCH probe (" + BenchHttp.YANG_PATCH_JSON + ", Accept " + BenchHttp.YANG_DATA_JSON
            + ", 10 create edits): "
            + answer.describe().replace('\n', ' ') + "; data " + (landed ? "committed" : "not committed") + ".";
        LOG.log(Level.INFO, text);
        return text;
    }

    private void warmUp() throws InterruptedException {
        if (params.warmupCount() <= 0) {
            return;
        }
        LOG.log(Level.INFO, "Warm-up: {0} mappings by PUT, {1} by PATCH (not measured)", params.warmupCount() / 20,
            params.warmupCount());
        final var put = LoadRun.run(new LoadRun.Config(Method.PUT, 1, 2, params.warmupCount() / 20, 0,
            params.runLimit()), this::newClient);
        final var patch = LoadRun.run(new LoadRun.Config(Method.PATCH, 1000, 2, params.warmupCount(),
            params.warmupCount() / 20, params.runLimit()), this::newClient);
        for (var result : List.of(put, patch)) {
            if (result.failure() != null) {
                failures.add("warm-up: " + result.failure());
            }
        }
        clear(patch.lastSeqs());
    }

    /**
     * Measures what one request costs by kind, sequentially on one connection, to separate the HTTP, AAA and
     * RESTCONF cost of a request from the cost of a datastore commit.
     */
    private String requestFloor() throws InterruptedException {
        final int rounds = 300;
        final long seq = 1;
        final var body = MappingSet.single(seq);
        final var http = probe.http();
        final Map<String, List<Long>> nanos = new LinkedHashMap<>();
        for (var kind : List.of("GET restconf-state", "POST resolve (RPC, no datastore)", "GET one mapping",
                "PUT one mapping (rewrite)")) {
            nanos.put(kind, new ArrayList<>());
        }
        assertTrue(http.send("PUT", MappingSet.path(seq), BenchHttp.JSON, body).isSuccess(), "cannot PUT");
        for (int i = 0; i < rounds; i++) {
            nanos.get("GET restconf-state").add(http.get("/data/ietf-restconf-monitoring:restconf-state").nanos());
            nanos.get("POST resolve (RPC, no datastore)").add(probe.resolve(seq).nanos());
            nanos.get("GET one mapping").add(http.get(MappingSet.path(seq) + "?content=config").nanos());
            final var put = http.send("PUT", MappingSet.path(seq), BenchHttp.JSON, body);
            assertTrue(put.isSuccess(), "PUT failed: " + put.describe());
            nanos.get("PUT one mapping (rewrite)").add(put.nanos());
        }
        clear(List.of(seq));
        final var out = new StringBuilder("Latency of single requests, sequential on one connection (").append(rounds)
            .append(" each, p50/p99 ms):");
        nanos.forEach((kind, list) -> {
            list.sort(Long::compare);
            out.append(String.format(" %s %.2f/%.2f;", kind, quantileMillis(list, 0.5), quantileMillis(list, 0.99)));
        });
        final var text = out.toString().replaceAll(";$", ".") + "\n";
        LOG.log(Level.INFO, text);
        return text;
    }

    private void rateRuns(final BenchKaraf karaf) throws InterruptedException {
        final List<LoadRun.Config> configs = new ArrayList<>();
        for (int clients : params.clients()) {
            configs.add(new LoadRun.Config(Method.PUT, 1, clients, params.unbatchedCount(), 0, params.runLimit()));
        }
        for (int batch : params.batches()) {
            for (int clients : params.clients()) {
                configs.add(new LoadRun.Config(Method.PATCH, batch, clients, batchedCount(batch, clients), 0,
                    params.runLimit()));
            }
        }
        for (int batch : params.postBatches()) {
            for (int clients : params.postClients()) {
                configs.add(new LoadRun.Config(Method.POST, batch, clients, batchedCount(batch, clients), 0,
                    params.runLimit()));
            }
        }
        for (var config : configs) {
            final String load = MachineLoad.loadAverage();
            final var cpuBefore = CpuMeter.snapshot(karaf.javaPid());
            final var result = LoadRun.run(config, this::newClient);
            final var cpuAfter = CpuMeter.snapshot(karaf.javaPid());
            rateCpu.add(new double[] { cpuAfter.processCoresSince(cpuBefore), cpuAfter.machineBusySince(cpuBefore) });
            rateResults.add(result);
            visibleRates.add(verify(result));
            LOG.log(Level.INFO, "  (load average before the run: {0})", load);
            clear(result.lastSeqs());
        }
    }

    private void memoryRun(final BenchKaraf karaf, final BenchKaraf.HeapFigure heapAtStart)
            throws IOException, InterruptedException {
        probe.awaitCount(0, Duration.ofSeconds(30));
        final var before = karaf.heapAfterFullGc();
        final var histogramBefore = karaf.classHistogram();
        final long gcLinesBefore = lineCount(karaf.gcLog());
        final long logLinesBefore = lineCount(karaf.karafLog());
        LOG.log(Level.INFO, "Memory run: heap with no mappings after the rate runs: {0}", before.describe());

        final var config = new LoadRun.Config(Method.PATCH, params.memoryBatch(), params.memoryClients(),
            params.memoryCount(), 0, params.loadLimit());
        final var profile = params.profile() ? ServerProfile.start(karaf, params.report().resolveSibling(
            "memory-load.jfr")) : null;
        final var progress = new AtomicLong();
        final var timeline = new Timeline(progress, params.memoryCount());
        final var timelineThread = new Thread(timeline, "bench-timeline");
        timelineThread.setDaemon(true);
        final var cpuBefore = CpuMeter.snapshot(karaf.javaPid());
        timelineThread.start();
        final LoadRun.Result result;
        final double visibleRate;
        final CpuMeter cpuAcked;
        try {
            result = LoadRun.run(config, this::newClient, progress);
            cpuAcked = CpuMeter.snapshot(karaf.javaPid());
            visibleRate = verify(result);
        } finally {
            timeline.stop();
            timelineThread.join(15_000);
        }
        final var cpuVisible = CpuMeter.snapshot(karaf.javaPid());
        final String profileSummary = profile != null ? profile.stopAndSummarize() : "";
        final double visibleSeconds = result.acked() / visibleRate;

        // resolve still answers, and how fast, with the full index: sequential RPCs on random mappings.
        final List<Long> resolveNanos = new ArrayList<>();
        int wrong = 0;
        for (int i = 0; i < params.resolveSamples(); i++) {
            final long seq = random.nextLong(result.acked());
            final var resolved = probe.resolve(seq);
            resolveNanos.add(resolved.nanos());
            if (!resolved.found() || !MappingSet.prefix(seq).equals(resolved.prefix())
                    || !MappingSet.publicKey(seq).equals(resolved.publicKey())) {
                wrong++;
                failures.add("after the memory run, resolve of mapping " + seq + " answered " + resolved.detail());
            }
        }
        resolveNanos.sort(Long::compare);

        final var after = karaf.heapAfterFullGc();
        final var histogramAfter = karaf.classHistogram();
        final double bytesPerMapping = (after.usedBytes() - before.usedBytes()) / (double) result.acked();
        final double bytesPerMappingFromStart = (after.usedBytes() - heapAtStart.usedBytes())
            / (double) result.acked();
        final long heapMax = parseSize(params.heap());
        LOG.log(Level.INFO, "Memory run: {0} mappings: {1}; {2} bytes per mapping", result.acked(),
            after.describe(), String.format("%.0f", bytesPerMapping));

        report.append("\n### Memory: ").append(String.format("%,d", result.acked()))
            .append(" provisioned mappings, heap -Xmx").append(params.heap()).append("\n\n")
            .append("Loaded with ").append(config.method().description()).append(", ")
            .append(String.format("%,d", config.batch())).append(" mappings per request, ").append(config.clients())
            .append(" clients: acknowledged in ").append(String.format("%.1f", result.seconds())).append(" s (")
            .append(String.format("%,.0f", result.rate())).append(" mappings/s), all in the index after ")
            .append(String.format("%.1f", visibleSeconds)).append(" s (").append(String.format("%,.0f", visibleRate))
            .append(" mappings/s); p50/p99 request latency ").append(String.format("%.0f/%.0f ms",
                result.latencyMillis(0.5), result.latencyMillis(0.99))).append(".\n\n")
            .append("| heap after full GC (jcmd GC.run x2, GC.heap_info) | used MiB | committed MiB | RSS MiB |\n")
            .append("|---|---:|---:|---:|\n")
            .append(heapRow("fresh start, no mappings", heapAtStart))
            .append(heapRow("after the rate runs, mappings deleted (baseline)", before))
            .append(heapRow(String.format("%,d mappings", result.acked()), after))
            .append('\n')
            .append(String.format("- Controller CPU: %.2f cores on average until the last acknowledgement "
                + "(machine %.0f %% busy), %.2f cores until the index had everything (machine %.0f %% busy).%n",
                cpuAcked.processCoresSince(cpuBefore), 100 * cpuAcked.machineBusySince(cpuBefore),
                cpuVisible.processCoresSince(cpuBefore), 100 * cpuVisible.machineBusySince(cpuBefore)))
            .append(String.format("- **Bytes per mapping: %.0f** (heap used with the mappings minus the baseline, "
                + "over %,d); %.0f counted from the fresh start.%n", bytesPerMapping, result.acked(),
                bytesPerMappingFromStart))
            .append(String.format("- Heap used with %,d mappings: %.0f MiB of %.0f MiB (%.0f %%); a million "
                + "mappings at this rate would take %.0f MiB plus the %.0f MiB baseline.%n", result.acked(),
                after.usedBytes() / MIB, heapMax / MIB, 100.0 * after.usedBytes() / heapMax,
                bytesPerMapping * 1e6 / MIB, before.usedBytes() / MIB))
            .append(String.format("- resolve with the full index: %d sequential RPCs on random mappings, %d wrong; "
                + "latency p50 %.2f ms, p99 %.2f ms (HTTP round trip included).%n", resolveNanos.size(), wrong,
                quantileMillis(resolveNanos, 0.5), quantileMillis(resolveNanos, 0.99)))
            .append("- Datastore on disk after the load: ").append(diskUsage(karaf.home())).append(".\n")
            .append(gcSummary(karaf.gcLog(), gcLinesBefore))
            .append(timeline.table())
            .append(profileSummary)
            .append(logSummary(karaf.karafLog(), logLinesBefore))
            .append(histogramDiff(histogramBefore, histogramAfter, result.acked()));
        if (result.failure() != null || result.timedOut()) {
            failures.add("memory run: " + (result.failure() != null ? result.failure() : "time limit of "
                + params.loadLimit().toSeconds() + " s reached after " + result.acked() + " mappings"));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Verification

    /**
     * Checks that a run's mappings landed: waits until each client's last mapping resolves (the index has applied
     * every committed transaction), checks the published count, resolves random samples and reads random samples
     * from the configuration datastore.
     *
     * @return the rate counted until everything was in the index
     */
    private double verify(final LoadRun.Result result) throws InterruptedException {
        if (result.failure() != null) {
            failures.add(result.config().label() + ": " + result.failure());
            return 0;
        }
        assertTrue(result.acked() > 0, result.config().label() + ": nothing was written");
        final long visibleAt = probe.awaitResolvable(result.lastSeqs(), VISIBLE_TIMEOUT);
        final double visibleRate = result.acked() / ((visibleAt - result.startNanos()) / 1e9);
        probe.awaitCount(result.acked(), Duration.ofSeconds(60));
        final long first = result.config().firstSeq();
        for (int i = 0; i < 20; i++) {
            final long seq = first + random.nextLong(result.acked());
            assertTrue(probe.resolvesToItself(seq), result.config().label() + ": mapping " + seq
                + " does not resolve: " + probe.resolve(seq).detail());
        }
        for (int i = 0; i < 5; i++) {
            final long seq = first + random.nextLong(result.acked());
            final var mismatch = probe.datastoreMismatch(seq);
            assertEquals(null, mismatch, result.config().label() + ": mapping " + seq + " not in the datastore");
        }
        return visibleRate;
    }

    private void clear(final List<Long> someSeqs) throws InterruptedException {
        final var answer = probe.deleteAllMappings();
        assertTrue(answer.isSuccess() || answer.status() == 404 || answer.status() == 409,
            "cannot delete the mappings: " + answer.describe());
        if (!someSeqs.isEmpty()) {
            probe.awaitUnresolvable(someSeqs.get(0), Duration.ofSeconds(120));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Report

    private void header(final ZonedDateTime started) {
        report.append("Run ").append(started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(" on ")
            .append(Runtime.getRuntime().availableProcessors()).append(" cores (").append(cpuModel())
            .append("), JDK ").append(System.getProperty("java.vm.version")).append(", controller heap -Xmx")
            .append(params.heap()).append(", load average at start ").append(MachineLoad.loadAverage()).append(".\n")
            .append("Parameters: ").append(params).append("\n");
    }

    private void rateTable() {
        rateTableWritten = true;
        report.append("\n### Provisioning rate\n\n")
            .append("Each run starts from an empty mapping list. \"acked\": mappings / time until the last HTTP 2xx; "
                + "\"in index\": until every mapping resolves through the `resolve` RPC (the listeners and the "
                + "index have applied it). \"controller cores\": CPU time of the controller process over the run's "
                + "wall time; \"machine busy\": all CPUs, including the load generator and anything else running.\n\n")
            .append("| method | mappings/request | clients | mappings | requests | seconds | mappings/s (acked) "
                + "| mappings/s (in index) | p50 ms | p99 ms | vs PUT, same clients | controller cores "
                + "| machine busy |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double bestPut = 0;
        double bestBatched = 0;
        String bestBatchedLabel = "";
        for (int i = 0; i < rateResults.size(); i++) {
            final var result = rateResults.get(i);
            final var config = result.config();
            final double put = putRate(config.clients());
            if (config.method() == Method.PUT) {
                bestPut = Math.max(bestPut, result.rate());
            } else if (result.rate() > bestBatched) {
                bestBatched = result.rate();
                bestBatchedLabel = config.method() + " x" + config.batch() + ", " + config.clients()
                    + (config.clients() == 1 ? " client" : " clients");
            }
            report.append(String.format("| %s | %,d | %d | %,d%s | %,d | %.2f | %,.0f | %,.0f | %.1f | %.1f | %s "
                + "| %.2f | %.0f %% |%n",
                config.method() == Method.PUT ? "PUT entry" : config.method() == Method.PATCH ? "PATCH merge"
                    : "POST entries", config.batch(), config.clients(), result.acked(),
                result.failure() != null ? " (FAILED)" : result.timedOut() ? " (time limit)" : "",
                result.requests(), result.seconds(), result.rate(),
                i < visibleRates.size() ? visibleRates.get(i) : Double.NaN, result.latencyMillis(0.5),
                result.latencyMillis(0.99), put > 0 ? String.format("%.1fx", result.rate() / put) : "-",
                rateCpu.get(i)[0], 100 * rateCpu.get(i)[1]));
        }
        report.append(String.format("%nBest unbatched: %,.0f mappings/s; best batched: %,.0f mappings/s (%s); "
            + "ratio batched/unbatched %.1fx. Goal >= 5,000 mappings/s batched: %s.%n", bestPut, bestBatched,
            bestBatchedLabel, bestPut > 0 ? bestBatched / bestPut : 0, bestBatched >= 5000 ? "met" : "NOT met"))
            .append(floorText).append(yangPatchText).append('\n');
    }

    private double putRate(final int clients) {
        return rateResults.stream().filter(r -> r.config().method() == Method.PUT && r.config().clients() == clients)
            .mapToDouble(LoadRun.Result::rate).findFirst().orElse(0);
    }

    private static String heapRow(final String label, final BenchKaraf.HeapFigure figure) {
        return String.format("| %s | %.1f | %.1f | %.1f |%n", label, figure.usedBytes() / MIB,
            figure.committedBytes() / MIB, figure.residentBytes() / MIB);
    }

    private static String histogramDiff(final Map<String, long[]> before, final Map<String, long[]> after,
            final long mappings) {
        record Delta(String name, long instances, long bytes) {
        }

        final List<Delta> deltas = new ArrayList<>();
        after.forEach((name, counts) -> {
            final var old = before.getOrDefault(name, new long[2]);
            deltas.add(new Delta(name, counts[0] - old[0], counts[1] - old[1]));
        });
        deltas.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        final var out = new StringBuilder("\nWhere the memory goes (jcmd GC.class_histogram, with the mappings "
            + "minus the baseline, top 20):\n\n| class | instances | MiB | bytes per mapping |\n"
            + "|---|---:|---:|---:|\n");
        long total = 0;
        for (var delta : deltas) {
            total += delta.bytes();
        }
        for (var delta : deltas.subList(0, Math.min(20, deltas.size()))) {
            out.append(String.format("| `%s` | %,d | %.1f | %.1f |%n", delta.name(), delta.instances(),
                delta.bytes() / MIB, delta.bytes() / (double) mappings));
        }
        out.append(String.format("| all classes | | %.1f | %.1f |%n", total / MIB, total / (double) mappings));
        long wgcp = 0;
        long odl = 0;
        for (var delta : deltas) {
            if (delta.name().startsWith("io.wgcp.")) {
                wgcp += delta.bytes();
            } else if (delta.name().startsWith("org.opendaylight.") || delta.name().startsWith("tech.pantheon.")) {
                odl += delta.bytes();
            }
        }
        return out.append(String.format("%nBy owner of the class, bytes per mapping: wgcp classes (index, entries) "
            + "%.0f; OpenDaylight classes (datastore tree: yangtools nodes, identifiers, TrieMap) %.0f; JDK classes "
            + "used by both (byte[], Object[], String, LinkedHashMap, InetAddress, ...) %.0f.%n",
            wgcp / (double) mappings, odl / (double) mappings, (total - wgcp - odl) / (double) mappings)).toString();
    }

    /**
     * Sums up the GC log lines written during the load: pauses, full collections forced by a lack of free heap
     * (those that jcmd asks for are counted apart), evacuation failures (G1 found no free region to copy live objects
     * to: the heap was full), and the highest occupancy right after a young or mixed collection (old garbage that such
     * a collection does not reclaim included, so it is an upper bound of the live set, not the live set).
     */
    private static String gcSummary(final Path gcLog, final long fromLine) throws IOException {
        long pauses = 0;
        long fullForced = 0;
        long fullDiagnostic = 0;
        long toSpaceExhausted = 0;
        double pauseMillis = 0;
        long maxAfterMib = 0;
        try (Stream<String> lines = Files.lines(gcLog, StandardCharsets.UTF_8)) {
            for (var line : (Iterable<String>) lines.skip(fromLine)::iterator) {
                if (line.contains("To-space exhausted")) {
                    toSpaceExhausted++;
                }
                final int pause = line.indexOf(" Pause ");
                final int arrow = line.indexOf("->");
                if (pause < 0 || arrow < 0 || !line.endsWith("ms")) {
                    continue;
                }
                pauses++;
                pauseMillis += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1, line.length() - 2));
                if (line.contains("Pause Full")) {
                    if (line.contains("Diagnostic Command") || line.contains("Heap Inspection")) {
                        fullDiagnostic++;
                    } else {
                        fullForced++;
                    }
                    continue;
                }
                final int mib = line.indexOf('M', arrow);
                if (mib > arrow) {
                    maxAfterMib = Math.max(maxAfterMib, Long.parseLong(line.substring(arrow + 2, mib)));
                }
            }
        }
        return String.format("- GC from the start of the load to the last measurement (-Xlog:gc): %d pauses, %.1f s "
            + "paused in total; %d full collections forced by a full heap and %d evacuation failures (to-space "
            + "exhausted)%s; %d full collections asked for by the benchmark (jcmd); highest occupancy right after a "
            + "young/mixed collection %d MiB (an upper bound of the live set during the load).%n", pauses,
            pauseMillis / 1000, fullForced, toSpaceExhausted, fullForced + toSpaceExhausted > 0
                ? ": the heap ran full while loading" : "", fullDiagnostic, maxAfterMib);
    }

    /** Counts the karaf.log warnings and errors written during the load, and the datastore snapshot messages. */
    private static String logSummary(final Path karafLog, final long fromLine) throws IOException {
        final var counts = new TreeMap<String, Integer>();
        int snapshots = 0;
        try (Stream<String> lines = Files.lines(karafLog, StandardCharsets.UTF_8)) {
            for (var line : (Iterable<String>) lines.skip(fromLine)::iterator) {
                final var fields = line.split("\\|", 6);
                if (fields.length < 6) {
                    continue;
                }
                if (fields[5].contains("napshot")) {
                    snapshots++;
                }
                final var level = fields[1].trim();
                if ("WARN".equals(level) || "ERROR".equals(level)) {
                    final var message = fields[5].trim();
                    counts.merge(level + " " + fields[3].trim() + ": " + message.substring(0,
                        Math.min(110, message.length())), 1, Integer::sum);
                }
            }
        }
        final var out = new StringBuilder(String.format("- karaf.log during the load: %d lines about datastore "
            + "snapshots, %d distinct warnings/errors%s%n", snapshots, counts.size(), counts.isEmpty() ? "." : ":"));
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
            .forEach(entry -> out.append("  - ").append(entry.getValue()).append("x `")
                .append(entry.getKey().replace('`', '\'')).append("`\n"));
        return out.toString();
    }

    /** Returns the disk space that the datastore's journal and snapshots take (du: files may be preallocated). */
    private static String diskUsage(final Path home) throws InterruptedException {
        final var out = new StringBuilder();
        for (var dir : List.of("segmented-journal", "snapshots")) {
            String size = "n/a";
            try {
                final var du = new ProcessBuilder("du", "-sk", "--apparent-size", home.resolve(dir).toString())
                    .redirectErrorStream(true).start();
                final var apparent = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                final var used = new ProcessBuilder("du", "-sk", home.resolve(dir).toString())
                    .redirectErrorStream(true).start();
                final var allocated = new String(used.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (du.waitFor() == 0 && used.waitFor() == 0) {
                    size = String.format("%.0f MiB allocated (%.0f MiB apparent)",
                        Long.parseLong(allocated.split("\\s+")[0]) / 1024.0,
                        Long.parseLong(apparent.split("\\s+")[0]) / 1024.0);
                }
            } catch (IOException | NumberFormatException e) {
                size = "n/a (" + e.getMessage() + ")";
            }
            out.append(out.length() > 0 ? ", " : "").append(dir).append(' ').append(size);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    private BenchHttp newClient() {
        return new BenchHttp(params.restconf(), "admin", "admin", Duration.ofSeconds(180));
    }

    private int maxClients() {
        return Math.max(params.clients().stream().mapToInt(Integer::intValue).max().orElse(1),
            params.postClients().stream().mapToInt(Integer::intValue).max().orElse(1));
    }

    /** At least {@code batchedCount} mappings, and at least three requests per client. */
    private long batchedCount(final int batch, final int clients) {
        return Math.max(params.batchedCount(), 3L * batch * clients);
    }

    private static double quantileMillis(final List<Long> sortedNanos, final double quantile) {
        if (sortedNanos.isEmpty()) {
            return Double.NaN;
        }
        final int index = (int) Math.min(sortedNanos.size() - 1, Math.ceil(quantile * sortedNanos.size()) - 1);
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }

    private static long lineCount(final Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }


    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':')
                + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static long parseSize(final String size) {
        final var lower = size.trim().toLowerCase(Locale.ROOT);
        final char unit = lower.charAt(lower.length() - 1);
        final long multiplier = unit == 'g' ? 1L << 30 : unit == 'm' ? 1L << 20 : unit == 'k' ? 1L << 10 : 1;
        return Long.parseLong(Character.isDigit(unit) ? lower : lower.substring(0, lower.length() - 1)) * multiplier;
    }

    /**
     * Samples, every 10 s during the memory load, how many mappings were acknowledged and how many the index holds
     * (the published {@code provisioned-mappings}, refreshed every 5 s), and the controller's heap after its last
     * collection is not needed: the GC log has it.
     */
    private final class Timeline implements Runnable {
        private final AtomicLong acked;
        private final long target;
        private final StringBuilder rows = new StringBuilder();
        private volatile boolean stopped;

        Timeline(final AtomicLong acked, final long target) {
            this.acked = acked;
            this.target = target;
        }

        @Override
        public void run() {
            final var http = newClient();
            final var timelineProbe = new WgcpProbe(http);
            final long start = System.nanoTime();
            while (!stopped) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    return;
                }
                final long indexed = timelineProbe.provisionedCount();
                rows.append(String.format("| %.0f | %,d | %,d |%n", (System.nanoTime() - start) / 1e9, acked.get(),
                    indexed));
                if (indexed >= target) {
                    return;
                }
            }
        }

        void stop() {
            stopped = true;
        }

        String table() {
            return "\nProgress during the load (every 10 s; the index count is published every 5 s):\n\n"
                + "| s | acknowledged | in the index |\n|---:|---:|---:|\n" + rows;
        }
    }

    /**
     * The benchmark's parameters, all system properties {@code wgcp.bench.*}.
     */
    record Params(Path assembly, Path workDir, Path report, String restconf, String heap, List<Integer> clients,
            List<Integer> batches, List<Integer> postBatches, List<Integer> postClients, long unbatchedCount,
            long batchedCount, long warmupCount, Duration runLimit, long memoryCount, int memoryBatch,
            int memoryClients, Duration loadLimit, int resolveSamples, boolean profile) {
        static Params fromSystemProperties() {
            return new Params(
                Path.of(System.getProperty("wgcp.bench.assembly", BuiltArtifacts.assembly().toString())),
                Path.of(System.getProperty("wgcp.bench.workdir", "target/bench-karaf")).toAbsolutePath(),
                Path.of(System.getProperty("wgcp.bench.report", "target/bench-report/restconf-provisioning.md"))
                    .toAbsolutePath(),
                System.getProperty("wgcp.bench.restconf", "http://127.0.0.1:8181/rests"),
                System.getProperty("wgcp.bench.heap", "2048m"),
                ints("wgcp.bench.clients", "1,2,4"),
                ints("wgcp.bench.batches", "100,1000,10000"),
                ints("wgcp.bench.postBatches", "1000,10000"),
                ints("wgcp.bench.postClients", "2"),
                Long.getLong("wgcp.bench.unbatchedCount", 2000),
                Long.getLong("wgcp.bench.batchedCount", 30_000),
                Long.getLong("wgcp.bench.warmupCount", 20_000),
                Duration.ofSeconds(Long.getLong("wgcp.bench.runSeconds", 120)),
                Long.getLong("wgcp.bench.memoryCount", 1_000_000),
                Integer.getInteger("wgcp.bench.memoryBatch", 10_000),
                Integer.getInteger("wgcp.bench.memoryClients", 2),
                Duration.ofSeconds(Long.getLong("wgcp.bench.loadSeconds", 420)),
                Integer.getInteger("wgcp.bench.resolveSamples", 500),
                Boolean.parseBoolean(System.getProperty("wgcp.bench.profile", "true")));
        }

        private static List<Integer> ints(final String property, final String defaults) {
            final var text = System.getProperty(property, defaults).trim();
            return text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(String::trim)
                .map(Integer::valueOf).toList();
        }

        @Override
        public String toString() {
            return "clients " + clients + ", batches " + batches + " (PATCH), POST batches " + postBatches
                + " with clients " + postClients + ", unbatchedCount " + unbatchedCount + ", batchedCount "
                + batchedCount + " (at least 3 requests per client), warmupCount " + warmupCount + ", runSeconds "
                + runLimit.toSeconds() + ", memoryCount " + memoryCount + " (batch " + memoryBatch + ", "
                + memoryClients + " clients, loadSeconds " + loadLimit.toSeconds() + "), resolveSamples "
                + resolveSamples + ", profile " + profile;
        }
    }
}
