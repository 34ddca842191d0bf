/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.bench;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One provisioning run: {@code clients} threads, each with its own HTTP connection, take the next slice of
 * {@code batch} mappings from a shared counter and write it with one request, until {@code count} mappings are
 * written or the time limit has passed (requests in flight then finish, no new one starts). A request that the
 * datastore refuses because a concurrent transaction touched the same data is retried (counted); any other failure
 * stops the run and is reported.
 */
final class LoadRun {
    private static final System.Logger LOG = System.getLogger(LoadRun.class.getName());
    private static final int MAX_RETRIES = 5;

    /** How mappings are written. */
    enum Method {
        /** PUT of one list entry per request: the unbatched baseline. */
        PUT("PUT one list entry"),
        /** Plain PATCH (RFC 8040 merge) of the mappings container with a slice of entries. */
        PATCH("PATCH merge of wgcp:mappings"),
        /** POST to the mappings container with a slice of list entries (create; fails if one exists). */
        POST("POST of list entries"),
        /** RFC 8072 YANG-PATCH with one create edit per entry. */
        YANG_PATCH("YANG-PATCH, one create edit per entry");

        private final String description;

        Method(final String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    /**
     * What to run.
     *
     * @param method how mappings are written
     * @param batch mappings per request (1 for PUT)
     * @param clients concurrent clients
     * @param count mappings to write
     * @param firstSeq the first mapping's sequence number
     * @param limit the time after which no new request starts
     */
    record Config(Method method, int batch, int clients, long count, long firstSeq, Duration limit) {
        String label() {
            return method + " x" + batch + ", " + clients + (clients == 1 ? " client" : " clients") + ", " + count
                + " mappings";
        }
    }

    /**
     * What a run did.
     *
     * @param config what was asked
     * @param acked mappings acknowledged with HTTP 2xx
     * @param requests successful requests
     * @param retries requests sent again after a datastore conflict
     * @param nanos from the start to the last acknowledgement
     * @param latenciesNanos the latency of each successful request, sorted
     * @param lastSeqs the last mapping of each client's last acknowledged request
     * @param failure the first failure, or null
     * @param timedOut whether the time limit stopped the run before {@code count}
     * @param startNanos {@link System#nanoTime()} at the start
     */
    record Result(Config config, long acked, long requests, long retries, long nanos, List<Long> latenciesNanos,
            List<Long> lastSeqs, String failure, boolean timedOut, long startNanos) {
        double seconds() {
            return nanos / 1e9;
        }

        double rate() {
            return nanos == 0 ? 0 : acked / seconds();
        }

        double latencyMillis(final double quantile) {
            if (latenciesNanos.isEmpty()) {
                return Double.NaN;
            }
            final int index = (int) Math.min(latenciesNanos.size() - 1, Math.ceil(quantile * latenciesNanos.size())
                - 1);
            return latenciesNanos.get(Math.max(0, index)) / 1e6;
        }
    }

    private LoadRun() {
        // utility class
    }

    /**
     * Runs one configuration.
     *
     * @param config what to run
     * @param clientFactory makes one HTTP client per thread
     * @return what happened
     */
    static Result run(final Config config, final Supplier<BenchHttp> clientFactory) throws InterruptedException {
        return run(config, clientFactory, new AtomicLong());
    }

    /**
     * Runs one configuration, counting acknowledged mappings as they come.
     *
     * @param config what to run
     * @param clientFactory makes one HTTP client per thread
     * @param acked a fresh counter (0) that the run adds acknowledged mappings to, for progress reports
     * @return what happened
     */
    static Result run(final Config config, final Supplier<BenchHttp> clientFactory, final AtomicLong acked)
            throws InterruptedException {
        final long batches = (config.count() + config.batch() - 1) / config.batch();
        final var nextBatch = new AtomicLong();
        final var requests = new AtomicLong();
        final var retries = new AtomicLong();
        final var lastAck = new AtomicLong();
        final var stop = new AtomicBoolean();
        final var timedOut = new AtomicBoolean();
        final var failure = new AtomicReference<String>();
        final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        final List<Long> lastSeqs = Collections.synchronizedList(new ArrayList<>());
        final var pool = Executors.newFixedThreadPool(config.clients(), runnable -> {
            final var thread = new Thread(runnable, "bench-client");
            thread.setDaemon(true);
            return thread;
        });
        final long start = System.nanoTime();
        final long deadline = start + config.limit().toNanos();
        try {
            final List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < config.clients(); i++) {
                futures.add(pool.submit(() -> {
                    final var http = clientFactory.get();
                    long myLast = -1;
                    while (!stop.get()) {
                        if (System.nanoTime() > deadline) {
                            timedOut.set(true);
                            break;
                        }
                        final long index = nextBatch.getAndIncrement();
                        if (index >= batches) {
                            break;
                        }
                        final long from = config.firstSeq() + index * config.batch();
                        final long to = Math.min(from + config.batch(), config.firstSeq() + config.count());
                        final var answer = send(http, config.method(), from, to, retries);
                        if (!answer.isSuccess()) {
                            failure.compareAndSet(null, config.method() + " of mappings " + from + ".." + (to - 1)
                                + ": " + answer.describe());
                            stop.set(true);
                            break;
                        }
                        latencies.add(answer.nanos());
                        acked.addAndGet(to - from);
                        requests.incrementAndGet();
                        lastAck.accumulateAndGet(System.nanoTime() - start, Math::max);
                        myLast = to - 1;
                    }
                    if (myLast >= 0) {
                        lastSeqs.add(myLast);
                    }
                    return null;
                }));
            }
            for (var future : futures) {
                try {
                    // The limit plus one request's timeout: a client that hangs longer is a failure.
                    future.get(config.limit().toSeconds() + 180, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    failure.compareAndSet(null, "client failed: " + e);
                    stop.set(true);
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        final List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        final var result = new Result(config, acked.get(), requests.get(), retries.get(), lastAck.get(), sorted,
            List.copyOf(lastSeqs), failure.get(), timedOut.get() && acked.get() < config.count(), start);
        LOG.log(Level.INFO, "{0}: {1} mappings in {2} s = {3} mappings/s ({4} requests, {5} retries{6})",
            config.label(), result.acked(), String.format("%.2f", result.seconds()),
            String.format("%.0f", result.rate()), result.requests(), result.retries(),
            result.failure() != null ? ", FAILED: " + result.failure() : result.timedOut() ? ", time limit" : "");
        return result;
    }

    private static BenchHttp.Answer send(final BenchHttp http, final Method method, final long from, final long to,
            final AtomicLong retries) {
        BenchHttp.Answer answer = null;
        for (int attempt = 0; attempt <= MAX_RETRIES; attempt++) {
            answer = switch (method) {
                case PUT -> http.send("PUT", MappingSet.path(from), BenchHttp.JSON, MappingSet.single(from));
                case PATCH -> http.send("PATCH", "/data/wgcp:mappings", BenchHttp.JSON,
                    MappingSet.mergeBody(from, to));
                case POST -> http.send("POST", "/data/wgcp:mappings", BenchHttp.JSON, MappingSet.postBody(from, to));
                case YANG_PATCH -> http.send("PATCH", "/data/wgcp:mappings", BenchHttp.YANG_PATCH_JSON,
                    MappingSet.yangPatchBody(from, to), BenchHttp.YANG_DATA_JSON);
            };
            if (answer.isSuccess() || !isConflict(answer)) {
                return answer;
            }
            retries.incrementAndGet();
        }
        return answer;
    }

    /**
     * Tells whether the datastore refused a transaction because a concurrent one changed the same data first (an
     * optimistic-lock failure), which a client should simply retry.
     */
    private static boolean isConflict(final BenchHttp.Answer answer) {
        return (answer.status() == 409 || answer.status() >= 500) && (answer.body().contains("ptimisticLock")
            || answer.body().contains("onflictingModification") || answer.body().contains("ptimistic lock"));
    }
}
