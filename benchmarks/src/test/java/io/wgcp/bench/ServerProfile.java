/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A Java Flight Recorder profile of the controller while it loads mappings ({@code jcmd JFR.start}, the default
 * settings: an execution sample of every running Java thread every 20 ms, about 1 % overhead), summed up as the share
 * of samples per component of the write path, the busiest threads and the hottest methods.
 */
final class ServerProfile {
    private static final String NAME = "wgcp-bench";
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /**
     * Components, most specific first: a sample counts for the first component that matches a frame, walking from
     * the top of the stack down, so that time in shared code (the JDK, Guava, yangtools' NormalizedNode, TrieMap and
     * schema utilities) counts for the component that called it.
     */
    private static final Map<String, List<String>> COMPONENTS = new LinkedHashMap<>();
    /** Entry points, counted inclusively: a sample counts for every one of them anywhere in its stack. */
    private static final Map<String, List<String>> ENTRY_POINTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("wgcp index (io.wgcp.mapserver.index: trie, lookup table)",
            List.of("io.wgcp.mapserver.index."));
        COMPONENTS.put("wgcp binding -> index entry conversion (BindingConversions)",
            List.of("io.wgcp.mapserver.impl.BindingConversions"));
        COMPONENTS.put("wgcp MappingStore listener (own code)", List.of("io.wgcp.mapserver.impl.MappingStore"));
        COMPONENTS.put("wgcp validation (ProvisioningCohort, ProvisioningValidator)",
            List.of("io.wgcp.mapserver.impl.Provisioning"));
        COMPONENTS.put("wgcp, other", List.of("io.wgcp."));
        COMPONENTS.put("mdsal binding codec and adapters", List.of("org.opendaylight.mdsal.binding."));
        COMPONENTS.put("RESTCONF request: JSON body to NormalizedNode (restconf-nb, yangtools gson codec)",
            List.of("org.opendaylight.yangtools.yang.data.codec.gson.", "org.opendaylight.restconf."));
        COMPONENTS.put("data tree (yangtools data.tree: validate, apply, candidates)",
            List.of("org.opendaylight.yangtools.yang.data.tree."));
        COMPONENTS.put("CDS journal (payload serialization, segmented journal)",
            List.of("org.opendaylight.controller.cluster.datastore.persisted.",
                "org.opendaylight.yangtools.yang.data.codec.binfmt.",
                "org.opendaylight.controller.akka.segjournal.", "io.atomix.",
                "org.opendaylight.controller.cluster.io."));
        COMPONENTS.put("CDS shard, transactions, listener dispatch (controller)",
            List.of("org.opendaylight.controller.", "org.opendaylight.mdsal.dom."));
        COMPONENTS.put("AAA (Basic authentication, Shiro)", List.of("org.opendaylight.aaa.", "org.apache.shiro."));
        COMPONENTS.put("Jetty / Jersey", List.of("org.eclipse.jetty.", "org.glassfish.jersey."));
        COMPONENTS.put("Akka", List.of("akka.", "scala."));

        ENTRY_POINTS.put("HTTP requests (Jetty threads)", List.of("org.eclipse.jetty."));
        ENTRY_POINTS.put("wgcp commit cohort (canCommit)", List.of("io.wgcp.mapserver.impl.ProvisioningCohort"));
        ENTRY_POINTS.put("wgcp MappingStore listener (apply, incl. index)",
            List.of("io.wgcp.mapserver.impl.MappingStore"));
        ENTRY_POINTS.put("wgcp index", List.of("io.wgcp.mapserver.index."));
    }

    private final BenchKaraf karaf;
    private final Path file;

    private ServerProfile(final BenchKaraf karaf, final Path file) {
        this.karaf = karaf;
        this.file = file;
    }

    /**
     * Starts a recording in the controller.
     *
     * @param karaf the controller
     * @param file where the recording goes
     * @return the running profile
     */
    static ServerProfile start(final BenchKaraf karaf, final Path file) throws IOException, InterruptedException {
        karaf.jcmd("JFR.start name=" + NAME + " settings=default");
        return new ServerProfile(karaf, file);
    }

    /**
     * Stops the recording and sums it up.
     *
     * @return a Markdown summary
     */
    String stopAndSummarize() throws IOException, InterruptedException {
        karaf.jcmd("JFR.dump name=" + NAME + " filename=" + file);
        karaf.jcmd("JFR.stop name=" + NAME);
        return summarize(file);
    }

    /**
     * Sums up a recording.
     *
     * @param file the recording
     * @return a Markdown summary
     */
    static String summarize(final Path file) throws IOException {
        final Map<String, Integer> components = new LinkedHashMap<>();
        COMPONENTS.keySet().forEach(component -> components.put(component, 0));
        components.put("other (no known component on the stack)", 0);
        final Map<String, Integer> entryPoints = new LinkedHashMap<>();
        ENTRY_POINTS.keySet().forEach(entry -> entryPoints.put(entry, 0));
        final Map<String, Integer> threads = new HashMap<>();
        final Map<String, Integer> topFrames = new HashMap<>();
        int samples = 0;
        try (var recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                final var event = recording.readEvent();
                if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
                    continue;
                }
                samples++;
                final var thread = event.getThread("sampledThread");
                threads.merge(thread == null ? "?" : DIGITS.matcher(String.valueOf(thread.getJavaName()))
                    .replaceAll("N"), 1, Integer::sum);
                final List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (!frames.isEmpty()) {
                    topFrames.merge(frameName(frames.get(0)), 1, Integer::sum);
                }
                components.merge(innermostComponent(frames), 1, Integer::sum);
                final Set<String> seen = new HashSet<>();
                for (var frame : frames) {
                    final var type = frame.getMethod().getType().getName();
                    ENTRY_POINTS.forEach((entry, prefixes) -> {
                        if (prefixes.stream().anyMatch(type::startsWith)) {
                            seen.add(entry);
                        }
                    });
                }
                seen.forEach(entry -> entryPoints.merge(entry, 1, Integer::sum));
            }
        }
        final int total = Math.max(1, samples);
        final var out = new StringBuilder(String.format("%nController CPU profile during the load (JFR execution "
            + "samples of Java threads every 20 ms, %,d samples; GC threads are not sampled). Each sample counts for "
            + "the innermost known component on its stack (shared JDK, Guava and yangtools utility code counts for "
            + "its caller):%n%n| component | share "
            + "of samples |%n|---|---:|%n", samples));
        components.entrySet().stream().filter(entry -> entry.getValue() > 0)
            .sorted((a, b) -> b.getValue() - a.getValue())
            .forEach(entry -> out.append(String.format("| %s | %.0f %% |%n", entry.getKey(),
                100.0 * entry.getValue() / total)));
        out.append("\nInclusive (anywhere on the stack): ");
        final var first = new boolean[] { true };
        entryPoints.forEach((entry, count) -> {
            out.append(first[0] ? "" : "; ").append(entry).append(String.format(" %.0f %%", 100.0 * count / total));
            first[0] = false;
        });
        out.append('.');
        out.append("\nBusiest threads (digits in names replaced by N): ");
        appendTop(out, threads, total, 8);
        out.append("\n\nHottest methods (top frame): ");
        appendTop(out, topFrames, total, 12);
        return out.append('\n').toString();
    }

    private static void appendTop(final StringBuilder out, final Map<String, Integer> counts, final int total,
            final int limit) {
        final var first = new boolean[] { true };
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(limit).forEach(entry -> {
            out.append(first[0] ? "" : "; ").append('`').append(entry.getKey()).append("` ")
                .append(String.format("%.0f %%", 100.0 * entry.getValue() / total));
            first[0] = false;
        });
    }

    private static String innermostComponent(final List<RecordedFrame> frames) {
        for (var frame : frames) {
            final var type = frame.getMethod().getType().getName();
            for (var component : COMPONENTS.entrySet()) {
                if (component.getValue().stream().anyMatch(type::startsWith)) {
                    return component.getKey();
                }
            }
        }
        return "other (no known component on the stack)";
    }

    private static String frameName(final RecordedFrame frame) {
        final var type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }
}
