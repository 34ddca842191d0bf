/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.bench.lisp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import io.wgcp.bench.lisp.LispLoadGenerator.Mode;
import io.wgcp.bench.lisp.LispLoadGenerator.Transport;
import io.wgcp.bench.lisp.LispPayloads.Payload;
import io.wgcp.bench.lisp.LispPayloads.Signing;
import io.wgcp.lisp.codec.EidPrefix;
import io.wgcp.lisp.codec.IpAddress;
import io.wgcp.lisp.codec.LispAuthentication;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.lisp.codec.XtrSiteId;
import io.wgcp.testing.MachineLoad;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The command line of the LISP load generator: runs one or more configurations of {@link LispLoadGenerator} against
 * a target, prints one line per run and a Markdown table. See {@link #USAGE} ({@code --help}).
 *
 * <p>Run it from the module's test classpath (after {@code test-compile}), for example:
 * <pre>
 *   ./mvnw -o -q -pl benchmarks test-compile dependency:build-classpath \
 *       -Dmdep.includeScope=test -Dmdep.outputFile=target/lisp-bench.classpath
 *   java -cp benchmarks/target/test-classes:$(cat benchmarks/target/lisp-bench.classpath) \
 *       io.wgcp.bench.lisp.LispBenchmark --suite ceiling
 * </pre>
 */
@SuppressWarnings("checkstyle:RegexpSinglelineJava")
public final class LispBenchmark {
    /** The help text. */
    static final String USAGE = """
        LISP load generator (Netty UDP): Map-Request -> Map-Reply, Map-Register -> Map-Notify.

        Usage: LispBenchmark [options]
          --target T          sockperf (start `sockperf server` on the bind address, default), echo (an in-JVM
                              Netty echo), or HOST:PORT (e.g. 127.0.0.1:4342, the map server)
          --bind ADDR[:PORT]  local address of every thread's socket (default 127.0.0.1, ephemeral ports; PORT p
                              binds thread i to p+i). The map server authorises by source address: bind the edge's
                              control address.
          --mode closed|open  closed loop (a window per thread, default) or open loop (a fixed offered rate)
          --threads LIST      threads (one socket and event loop each), e.g. 1,2 (default: cores = %d)
          --window LIST       closed loop: requests outstanding per thread, e.g. 1,16,64 (default 16)
          --rate LIST         open loop: offered requests/s over all threads, e.g. 50000,100000
          --warmup S          warm-up seconds, not recorded (default 2)
          --duration S        measurement seconds (default 10)
          --timeout MS        a request unanswered this long is lost (default 1000)
          --payload request|register
                              Map-Requests (default) or authenticated Map-Registers with M=1
          --eids SPEC         Map-Request destinations: mappingset:N (the host EIDs of the first N mappings of the
                              RESTCONF provisioning benchmark, io.wgcp.bench.MappingSet; default mappingset:1000),
                              mappingset:N@IID (only those in instance IID), or hosts:IID:FIRST:COUNT (COUNT host
                              EIDs from address FIRST in instance IID)
          --order random|sequential   order of the destination ring (default random, fixed seed)
          --source-eid IID:ADDR       the requesting edge's EID (default 0:192.0.2.1)
          --itr-rloc ADDR     where Map-Replies must go (default: the bind address)
          --subscribe         Map-Requests with N=1 and an xTR-ID (I=1)
          --register-eids hosts:IID:FIRST:COUNT
                              the EIDs registered, one record each (default hosts:0:192.0.2.1:1)
          --endpoint ADDR:PORT  WireGuard endpoint in registered records (default: bind address, port 51820)
          --psk TEXT          Map-Register key, its UTF-8 bytes (default wgcp-benchmark-key-0123456789)
          --key-id N          Key ID (default 0)
          --algorithm N       1 HMAC-SHA-1-96, 2 HMAC-SHA-256-128 (default), 3 with HKDF
          --signing cached-mac|sign-template|encode-and-sign   how registers are signed per nonce (default cached-mac)
          --xtr-id            registers carry an xTR-ID/Site-ID (I=1)
          --server-pid PID    also measure the CPU use of this process (set automatically for sockperf)
          --unconnected       do not connect the sockets to the target (needed when the target answers from another
                              address than the one it is sent to; connected sockets are about 20 %% faster here)
          --read-batch N      epoll: datagrams per read system call, recvmmsg (default 16; 1 = recvmsg)
          --transport auto|epoll|nio  (default auto: epoll when it loads)
          --suite ceiling     the echo-ceiling matrix: closed loop, threads 1,2 x window 1,16,64, then open loop
                              with 2 threads at 25k, 50k, 100k, 150k, 200k/s (other options still apply)
          --signing-cost      measure what signing one Map-Register costs in each --signing way, and exit
          --repeat N          run the whole list N times, round after round, and add a table of the medians
          --max-other CORES   the median table counts only rounds in which the rest of the machine (neither the
                              generator nor the server) used at most CORES (default 0.15): on a shared machine
          --report FILE       also write the results as Markdown
          --help
        """;
    private static final String TABLE_HEAD = "| target | mode | threads | window / offered | answers/s | p50 us | "
        + "p90 us | p99 us | p99.9 us | lost | generator cores | server cores | other cores |\n"
        + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);

    private LispBenchmark() {
        // command line only
    }

    /**
     * Runs the command line; exits with status 2 on a usage error, 1 when a run failed.
     *
     * @param args the arguments
     * @throws Exception on an I/O or start-up failure
     */
    @SuppressWarnings("checkstyle:IllegalThrows")
    public static void main(final String[] args) throws Exception {
        // Netty would otherwise find pax-logging's SLF4J on this module's test classpath, which prints DEBUG.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        final Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LispBenchmark: " + e.getMessage());
            System.err.println("Try --help.");
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.print(usage());
            return;
        }
        if (options.signingCost) {
            signingCost(options, System.out);
            return;
        }
        final var results = run(options, System.out);
        System.exit(results.stream().allMatch(result -> result.failure() == null) ? 0 : 1);
    }

    /**
     * Returns the help text.
     *
     * @return the usage
     */
    static String usage() {
        return String.format(Locale.ROOT, USAGE, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Runs every configuration the options describe against one target (started here when it is sockperf or the
     * in-JVM echo), prints each result and the Markdown table, and writes the report when asked.
     *
     * @param options the options
     * @param out where to print
     * @return the results, in order
     * @throws IOException if the target cannot start or the report cannot be written
     * @throws InterruptedException if interrupted
     */
    static List<LispLoadGenerator.Result> run(final Options options, final PrintStream out) throws IOException,
            InterruptedException {
        final var started = ZonedDateTime.now();
        final List<LispLoadGenerator.Result> results = new ArrayList<>();
        SockperfEcho sockperf = null;
        NettyEcho echo = null;
        try {
            final InetSocketAddress target;
            long serverPid = options.serverPid;
            Payload payload = options.payload();
            switch (options.target) {
                case "sockperf" -> {
                    sockperf = SockperfEcho.start(options.bind.getAddress(), Duration.ofSeconds(10));
                    target = sockperf.address();
                    serverPid = sockperf.pid();
                    payload = payload.framedForSockperf();
                }
                case "echo" -> {
                    echo = NettyEcho.start(new InetSocketAddress(options.bind.getAddress(), 0));
                    target = echo.address();
                }
                default -> target = parseSocketAddress(options.target, -1);
            }
            out.println("Target " + options.target + " " + target + (serverPid > 0 ? " (pid " + serverPid + ")" : "")
                + ", bind " + options.bind + ", payload: " + payload.description());
            final var configs = options.configs(target, payload, serverPid);
            // Rounds of the whole list, so that a disturbance of the machine spreads over configurations.
            for (int round = 1; round <= options.repeat; round++) {
                for (var config : configs) {
                    final var result = LispLoadGenerator.run(config);
                    results.add(result);
                    out.println((options.repeat > 1 ? "round " + round + ": " : "") + result.summary());
                    out.flush();
                    if (sockperf != null && !sockperf.isAlive()) {
                        throw new IllegalStateException("sockperf server died during " + config.label());
                    }
                }
            }
        } finally {
            if (sockperf != null) {
                sockperf.close();
            }
            if (echo != null) {
                echo.close();
            }
        }
        String table = table(options.target, results);
        if (options.repeat > 1) {
            table = "Every run:\n\n" + table + String.format(Locale.ROOT, "%nMedian of the rounds in which the rest "
                + "of the machine used at most %.2f cores (the run with the median answer rate; rounds: how many "
                + "counted; min - max: the rates of all rounds):%n%n", options.maxOther)
                + medianTable(options.target, results, options.repeat, options.maxOther);
        }
        out.println();
        out.print(table);
        if (options.report != null) {
            final var report = new StringBuilder()
                .append("LISP load generator, ").append(started.format(WHEN)).append(" - ")
                .append(ZonedDateTime.now().format(WHEN)).append(", ").append(Runtime.getRuntime()
                    .availableProcessors()).append(" cores, load average ").append(MachineLoad.loadAverage())
                .append("\n\n")
                .append("Arguments: ").append(String.join(" ", options.args)).append("\n\n")
                .append("Payload: ").append(results.isEmpty() ? "-" : results.get(0).config().payload().description())
                .append("\n\n").append(table);
            final Path parent = options.report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(options.report, report, StandardCharsets.UTF_8);
        }
        return results;
    }

    /**
     * Formats results as a Markdown table.
     *
     * @param target the target's name
     * @param results the results
     * @return the table
     */
    static String table(final String target, final List<LispLoadGenerator.Result> results) {
        final var out = new StringBuilder(TABLE_HEAD);
        for (var result : results) {
            row(out, target, result, null);
        }
        return out.toString();
    }

    /**
     * Formats, per configuration, the run with the median answer rate among the undisturbed rounds (those in which
     * the rest of the machine used at most {@code maxOther} cores; all rounds when none was), the number of those
     * rounds, and the range of rates over all rounds.
     *
     * @param target the target's name
     * @param results the results of {@code rounds} rounds of the same configurations, round after round
     * @param rounds the number of rounds
     * @param maxOther the most cores the rest of the machine may have used in a round that counts
     * @return the table
     */
    static String medianTable(final String target, final List<LispLoadGenerator.Result> results, final int rounds,
            final double maxOther) {
        final int perRound = results.size() / rounds;
        final var out = new StringBuilder(TABLE_HEAD.replace("| answers/s |", "| answers/s | rounds | min - max |")
            .replace("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n", "|---:|---:|---:|---:|---:|---:|---:|---:|"
                + "---:|---:|---:|\n"));
        for (int i = 0; i < perRound; i++) {
            final List<LispLoadGenerator.Result> same = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                same.add(results.get(round * perRound + i));
            }
            same.sort(Comparator.comparingDouble(LispLoadGenerator.Result::rate));
            final String range = String.format(Locale.ROOT, "%,.0f - %,.0f", same.get(0).rate(),
                same.get(same.size() - 1).rate());
            final List<LispLoadGenerator.Result> quiet = same.stream().filter(result -> otherCores(result) <= maxOther)
                .toList();
            final var counted = quiet.isEmpty() ? same : quiet;
            row(out, target, counted.get((counted.size() - 1) / 2), (quiet.isEmpty() ? "none of " + rounds
                : quiet.size() + " of " + rounds) + " | " + range);
        }
        return out.toString();
    }

    /**
     * Returns what the rest of the machine used during a run: busy share x cores - generator - server.
     *
     * @param result the run
     * @return cores, at least 0
     */
    static double otherCores(final LispLoadGenerator.Result result) {
        return Math.max(0, result.machineBusy() * Runtime.getRuntime().availableProcessors()
            - result.generatorCores() - (Double.isNaN(result.serverCores()) ? 0 : result.serverCores()));
    }

    private static void row(final StringBuilder out, final String target, final LispLoadGenerator.Result result,
            final String range) {
        final var config = result.config();
        out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %,.0f |%s %.1f | %.1f | %.1f | %.1f | %d | %.2f "
            + "| %.2f | %.2f |%n", target, config.mode() == Mode.CLOSED ? "closed" : "open", config.threads(),
            config.mode() == Mode.CLOSED ? Integer.toString(config.window())
                : String.format(Locale.ROOT, "%,.0f/s", config.rate()), result.rate(),
            range == null ? "" : " " + range + " |", result.micros(50), result.micros(90), result.micros(99),
            result.micros(99.9), result.lost(), result.generatorCores(), result.serverCores(), otherCores(result)));
    }

    /**
     * Measures what signing one Map-Register costs in each {@link Signing} way, on this thread, and checks that the
     * three ways write the same bytes.
     *
     * @param options the register options
     * @param out where to print
     * @return nanoseconds per register, by way
     */
    static Map<Signing, Double> signingCost(final Options options, final PrintStream out) {
        final int warmup = 300_000;
        final int measured = 1_000_000;
        final Map<Signing, Double> costs = new LinkedHashMap<>();
        final ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(512);
        try {
            byte[] reference = null;
            for (var signing : Signing.values()) {
                final var writer = options.registers(signing).newWriter(0);
                buf.clear();
                writer.write(buf, 0x0123_4567_89ab_cdefL);
                final byte[] bytes = new byte[buf.readableBytes()];
                buf.getBytes(0, bytes);
                if (reference == null) {
                    reference = bytes;
                } else if (!Arrays.equals(reference, bytes)) {
                    throw new IllegalStateException(signing + " writes other bytes than " + Signing.values()[0]);
                }
                for (int i = 0; i < warmup; i++) {
                    buf.clear();
                    writer.write(buf, i + 1);
                }
                final long start = System.nanoTime();
                for (int i = 0; i < measured; i++) {
                    buf.clear();
                    writer.write(buf, i + 1);
                }
                final double nanos = (System.nanoTime() - start) / (double) measured;
                costs.put(signing, nanos);
                out.println(String.format(Locale.ROOT, "%-16s %8.0f ns per Map-Register (%d bytes) = %,.0f/s on one "
                    + "core", signing, nanos, bytes.length, 1e9 / nanos));
            }
        } finally {
            buf.release();
        }
        return costs;
    }


    static InetSocketAddress parseSocketAddress(final String text, final int defaultPort) {
        final int colon = text.lastIndexOf(':');
        final boolean bracketed = text.startsWith("[");
        final String host;
        final int port;
        if (bracketed) {
            final int close = text.indexOf(']');
            host = text.substring(1, close);
            port = close + 1 < text.length() ? Integer.parseInt(text.substring(close + 2)) : defaultPort;
        } else if (colon > 0 && text.indexOf(':') == colon) {
            host = text.substring(0, colon);
            port = Integer.parseInt(text.substring(colon + 1));
        } else {
            host = text;
            port = defaultPort;
        }
        if (port < 0) {
            throw new IllegalArgumentException("no port in " + text);
        }
        return new InetSocketAddress(literal(host), port);
    }

    private static InetAddress literal(final String text) {
        try {
            return IpAddress.parse(text).toInetAddress();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP address literal: " + text, e);
        }
    }

    /**
     * The parsed command line.
     */
    static final class Options {
        private final List<String> args;
        private String target = "sockperf";
        private InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private Mode mode = Mode.CLOSED;
        private List<Integer> threads = List.of(Runtime.getRuntime().availableProcessors());
        private List<Integer> windows = List.of(16);
        private List<Double> rates = List.of();
        private Duration warmup = Duration.ofSeconds(2);
        private Duration duration = Duration.ofSeconds(10);
        private Duration timeout = Duration.ofSeconds(1);
        private String payloadKind = "request";
        private String eids = "mappingset:1000";
        private boolean randomOrder = true;
        private String sourceEid = "0:192.0.2.1";
        private IpAddress itrRloc;
        private boolean subscribe;
        private String registerEids = "hosts:0:192.0.2.1:1";
        private InetSocketAddress endpoint;
        private String psk = "wgcp-benchmark-key-0123456789";
        private int keyId;
        private int algorithm = LispAuthentication.HMAC_SHA256_128;
        private Signing signing = Signing.CACHED_MAC;
        private boolean xtrId;
        private long serverPid;
        private boolean connected = true;
        private int readBatch = 16;
        private int repeat = 1;
        private double maxOther = 0.15;
        private Transport transport = Transport.AUTO;
        private boolean ceilingSuite;
        private boolean signingCost;
        private Path report;
        private boolean help;

        private Options(final List<String> args) {
            this.args = args;
        }

        static Options parse(final String... argv) {
            final var options = new Options(List.of(argv));
            for (int i = 0; i < argv.length; i++) {
                final String arg = argv[i];
                switch (arg) {
                    case "--help", "-h" -> options.help = true;
                    case "--subscribe" -> options.subscribe = true;
                    case "--xtr-id" -> options.xtrId = true;
                    case "--unconnected" -> options.connected = false;
                    case "--signing-cost" -> options.signingCost = true;
                    default -> {
                        if (!arg.startsWith("--") || i + 1 >= argv.length) {
                            throw new IllegalArgumentException(arg.startsWith("--") ? "missing value for " + arg
                                : "unexpected argument " + arg);
                        }
                        options.set(arg, argv[++i]);
                    }
                }
            }
            if (options.mode == Mode.OPEN && options.rates.isEmpty() && !options.ceilingSuite) {
                throw new IllegalArgumentException("--mode open needs --rate");
            }
            return options;
        }

        @SuppressWarnings("checkstyle:CyclomaticComplexity")
        private void set(final String name, final String value) {
            try {
                switch (name) {
                    case "--target" -> target = value;
                    case "--bind" -> bind = parseSocketAddress(value, 0);
                    case "--mode" -> mode = Mode.valueOf(value.toUpperCase(Locale.ROOT));
                    case "--threads" -> threads = list(value).stream().map(Integer::valueOf).toList();
                    case "--window" -> windows = list(value).stream().map(Integer::valueOf).toList();
                    case "--rate" -> rates = list(value).stream().map(Double::valueOf).toList();
                    case "--warmup" -> warmup = seconds(value);
                    case "--duration" -> duration = seconds(value);
                    case "--timeout" -> timeout = Duration.ofMillis(Long.parseLong(value));
                    case "--payload" -> payloadKind = oneOf(value, "request", "register");
                    case "--eids" -> eids = value;
                    case "--order" -> randomOrder = "random".equals(oneOf(value, "random", "sequential"));
                    case "--source-eid" -> sourceEid = value;
                    case "--itr-rloc" -> itrRloc = IpAddress.parse(value);
                    case "--register-eids" -> registerEids = value;
                    case "--endpoint" -> endpoint = parseSocketAddress(value, -1);
                    case "--psk" -> psk = value;
                    case "--key-id" -> keyId = Integer.parseInt(value);
                    case "--algorithm" -> algorithm = Integer.parseInt(value);
                    case "--signing" -> signing = Signing.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
                    case "--server-pid" -> serverPid = Long.parseLong(value);
                    case "--read-batch" -> readBatch = Integer.parseInt(value);
                    case "--repeat" -> repeat = Math.max(1, Integer.parseInt(value));
                    case "--max-other" -> maxOther = Double.parseDouble(value);
                    case "--transport" -> transport = Transport.valueOf(value.toUpperCase(Locale.ROOT));
                    case "--suite" -> ceilingSuite = "ceiling".equals(oneOf(value, "ceiling"));
                    case "--report" -> report = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " " + value + ": " + e.getMessage(), e);
            }
        }

        /** Every configuration to run, in order. */
        List<LispLoadGenerator.Config> configs(final InetSocketAddress destination, final Payload payload,
                final long pid) {
            final List<LispLoadGenerator.Config> configs = new ArrayList<>();
            if (ceilingSuite) {
                for (int threadCount : List.of(1, 2)) {
                    for (int window : List.of(1, 16, 64)) {
                        configs.add(builder(destination, payload, pid).threads(threadCount).closedLoop(window).build());
                    }
                }
                for (double rate : List.of(25_000.0, 50_000.0, 100_000.0, 150_000.0, 200_000.0)) {
                    configs.add(builder(destination, payload, pid).threads(2).openLoop(rate).build());
                }
                return configs;
            }
            for (int threadCount : threads) {
                if (mode == Mode.CLOSED) {
                    for (int window : windows) {
                        configs.add(builder(destination, payload, pid).threads(threadCount).closedLoop(window).build());
                    }
                } else {
                    for (double rate : rates) {
                        configs.add(builder(destination, payload, pid).threads(threadCount).openLoop(rate).build());
                    }
                }
            }
            return configs;
        }

        private LispLoadGenerator.Builder builder(final InetSocketAddress destination, final Payload payload,
                final long pid) {
            return LispLoadGenerator.Config.builder(bind, destination, payload).periods(warmup, duration)
                .timeout(timeout).connected(connected).transport(transport).readBatch(readBatch).serverPid(pid);
        }

        /** The payload the options describe, not framed. */
        Payload payload() {
            return "register".equals(payloadKind) ? registers(signing) : requests();
        }

        Payload requests() {
            final List<EidPrefix> destinations;
            if (eids.startsWith("mappingset:")) {
                final String spec = eids.substring(11);
                final int at = spec.indexOf('@');
                destinations = LispPayloads.mappingSetHosts(Integer.parseInt(at < 0 ? spec : spec.substring(0, at)),
                    randomOrder ? 0x5eed_2026L : 0);
                if (at >= 0) {
                    final long instance = Long.parseLong(spec.substring(at + 1));
                    destinations.removeIf(prefix -> prefix.instanceId() != instance);
                }
            } else {
                destinations = new ArrayList<>(hosts(eids));
                if (randomOrder) {
                    Collections.shuffle(destinations, new Random(0x5eed_2026L));
                }
            }
            final int colon = sourceEid.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("--source-eid IID:ADDR, not " + sourceEid);
            }
            final var source = LispPayloads.inInstance(Long.parseLong(sourceEid.substring(0, colon)),
                IpAddress.parse(sourceEid.substring(colon + 1)));
            final var rloc = itrRloc != null ? itrRloc : IpAddress.parse(bind.getAddress().getHostAddress());
            return LispPayloads.mapRequests(destinations, source, rloc, subscribe);
        }

        Payload registers(final Signing way) {
            final var wireGuard = endpoint != null ? endpoint : new InetSocketAddress(bind.getAddress(), 51820);
            final List<MappingRecord> records = new ArrayList<>();
            long seed = 1;
            for (var eid : hosts(registerEids)) {
                records.add(LispPayloads.wireGuardRecord(eid, seed++, wireGuard));
            }
            return LispPayloads.mapRegisters(records, keyId, algorithm, psk.getBytes(StandardCharsets.UTF_8),
                xtrId ? new XtrSiteId(0x5767_6370, 0x6265_6e63_6800_0001L, 1) : null, way);
        }

        private static List<EidPrefix> hosts(final String spec) {
            final String[] parts = spec.split(":", 2);
            if (parts.length != 2 || !"hosts".equals(parts[0])) {
                throw new IllegalArgumentException("expected hosts:IID:FIRST:COUNT, not " + spec);
            }
            final String rest = parts[1];
            final int first = rest.indexOf(':');
            final int last = rest.lastIndexOf(':');
            if (first < 0 || last == first) {
                throw new IllegalArgumentException("expected hosts:IID:FIRST:COUNT, not " + spec);
            }
            return LispPayloads.consecutiveHosts(Long.parseLong(rest.substring(0, first)),
                IpAddress.parse(rest.substring(first + 1, last)), Integer.parseInt(rest.substring(last + 1)));
        }

        private static List<String> list(final String value) {
            return Stream.of(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
        }

        private static Duration seconds(final String value) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        }

        private static String oneOf(final String value, final String... allowed) {
            if (!Arrays.asList(allowed).contains(value)) {
                throw new IllegalArgumentException("expected one of " + Arrays.toString(allowed));
            }
            return value;
        }
    }
}
