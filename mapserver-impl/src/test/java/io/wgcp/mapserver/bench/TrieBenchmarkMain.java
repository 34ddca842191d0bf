/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link TrieLookupBenchmark}, {@link HotSetLookupBenchmark} and the calibrations {@link MemoryLatencyBaseline}
 * and {@link HotSetLatencyBaseline} (plus any JMH command-line options given, e.g. a regexp to narrow it down) and
 * prints a summary with the ratio of the cost at 1M entries to the cost at 1k entries, then the lookup path length
 * ({@link LookupPath}) and the heap footprint per entry. Started by
 * {@code ./mvnw -Pbenchmark -pl mapserver-impl test}; extra arguments go to JMH, except {@value #NO_FOOTPRINT}
 * which skips the footprint part, {@value #FOOTPRINT_ONLY} which runs only that, {@value #NO_PATH} which skips the
 * path part and {@value #PATH_ONLY} which runs only that; {@value #WRITERS_ONLY} times the writer
 * ({@link WriterCost}) and nothing else.
 */
@SuppressWarnings("checkstyle:RegexpSinglelineJava")
public final class TrieBenchmarkMain {
    private static final String NO_FOOTPRINT = "-nofootprint";
    private static final String FOOTPRINT_ONLY = "-footprint-only";
    private static final String NO_PATH = "-nopath";
    private static final String PATH_ONLY = "-path-only";
    private static final String WRITERS_ONLY = "-writers-only";

    private TrieBenchmarkMain() {
        // main class
    }

    public static void main(final String[] args) throws RunnerException, CommandLineOptionException {
        final PrintStream out = System.out;
        // Our own switches, not JMH options: skip the footprint or path measurement, or run only one of them.
        final List<String> argList = Arrays.asList(args);
        final boolean footprint = !argList.contains(NO_FOOTPRINT);
        final boolean path = !argList.contains(NO_PATH);
        if (argList.contains(FOOTPRINT_ONLY)) {
            printFootprint(out);
            return;
        }
        if (argList.contains(PATH_ONLY)) {
            printPath(out);
            return;
        }
        if (argList.contains(WRITERS_ONLY)) {
            out.println();
            out.println("Writer cost at 1M host routes, one thread");
            for (final WriterCost.Result result : WriterCost.measure(1_000_000)) {
                out.println(result);
            }
            return;
        }
        final CommandLineOptions cli = new CommandLineOptions(argList.stream()
            .filter(arg -> !NO_FOOTPRINT.equals(arg) && !NO_PATH.equals(arg)).toArray(String[]::new));
        final OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(TrieLookupBenchmark.class.getName() + ".*");
            options.include(HotSetLookupBenchmark.class.getName() + ".*");
            options.include(MemoryLatencyBaseline.class.getName() + ".*");
            options.include(HotSetLatencyBaseline.class.getName() + ".*");
        }
        final Collection<RunResult> results = new Runner(options.build()).run();

        // benchmark|dataset -> size -> ns/op
        final Map<String, Map<Integer, double[]>> table = new TreeMap<>();
        for (final RunResult result : results) {
            if (result.getParams().getParam("size") == null) {
                // Calibration rows: print every parameter.
                final StringBuilder params = new StringBuilder();
                for (final String name : result.getParams().getParamsKeys()) {
                    params.append(params.length() == 0 ? "" : ", ").append(name).append('=')
                        .append(result.getParams().getParam(name));
                }
                out.printf(Locale.ROOT, "%s (%s): %.1f +- %.1f ns per dependent random read%n",
                    result.getParams().getBenchmark().replaceAll(".*\\.", ""), params,
                    result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError());
                continue;
            }
            final String method = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            final String key = method + " " + result.getParams().getParam("dataset");
            final int size = Integer.parseInt(result.getParams().getParam("size"));
            table.computeIfAbsent(key, ignored -> new TreeMap<>()).put(size, new double[] {
                result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()});
        }
        out.println();
        out.println("Trie lookup, ns per lookup (average, +- 99.9% error)");
        out.printf(Locale.ROOT, "%-30s %16s %16s %16s %10s%n", "benchmark dataset", "1k", "100k", "1M",
            "1M / 1k");
        for (final Map.Entry<String, Map<Integer, double[]>> row : table.entrySet()) {
            final double[] small = row.getValue().get(1000);
            final double[] mid = row.getValue().get(100_000);
            final double[] large = row.getValue().get(1_000_000);
            out.printf(Locale.ROOT, "%-30s %16s %16s %16s %10s%n", row.getKey(), cell(small), cell(mid), cell(large),
                small != null && large != null ? String.format(Locale.ROOT, "%.2fx", large[0] / small[0]) : "-");
        }
        if (path) {
            printPath(out);
        }
        if (footprint) {
            printFootprint(out);
        }
    }

    private static void printPath(final PrintStream out) {
        out.println();
        out.println("Lookup path per lookup (longestMatchValue): node records visited and dependent loads (direct"
            + " slot + nodes or direct leaf record + leaf key and answer); hot set: distinct table-array lines and"
            + " pages it touches");
        out.println(LookupPath.Result.header());
        for (final LookupPath.Result result : LookupPath.measure()) {
            out.println(result);
        }
    }

    private static void printFootprint(final PrintStream out) {
        out.println();
        out.println("Heap per entry at 1M entries (values excluded)");
        for (final TrieFootprint.Result result : TrieFootprint.measure(1_000_000)) {
            out.println(result);
        }
    }

    private static String cell(final double[] score) {
        return score == null ? "-" : String.format(Locale.ROOT, "%.1f +- %.1f", score[0], score[1]);
    }
}
