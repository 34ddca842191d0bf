/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.bench.lisp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The echo ceiling of the LISP load generator, run by the {@code benchmark} profile
 * ({@code ./mvnw -pl benchmarks -Pbenchmark verify}; alone: add {@code -Dit.test=LispCeilingBenchmark}):
 * {@link LispBenchmark} with the arguments in {@code wgcp.bench.lisp.args} (default
 * {@code --suite ceiling --repeat 3}, against {@code sockperf server}, which must be installed), its tables written to
 * {@code wgcp.bench.lisp.report}. The test fails when a run did not complete or got no answer; the figures themselves
 * are reported, not asserted.
 */
@SuppressWarnings("checkstyle:RegexpSinglelineJava")
class LispCeilingBenchmark {
    @Test
    void echoCeiling() throws IOException, InterruptedException {
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        final List<String> args = new ArrayList<>(Arrays.asList(System.getProperty("wgcp.bench.lisp.args",
            "--suite ceiling --repeat 3").trim().split("\\s+")));
        args.add("--report");
        args.add(Path.of(System.getProperty("wgcp.bench.lisp.report", "target/bench-report/lisp-ceiling.md"))
            .toAbsolutePath().toString());
        final var results = LispBenchmark.run(LispBenchmark.Options.parse(args.toArray(String[]::new)), System.out);
        assertFalse(results.isEmpty(), "no run");
        for (var result : results) {
            assertTrue(result.failure() == null && result.answered() > 0, result.summary());
        }
    }
}
