/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.bench.lisp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.wgcp.bench.CpuMeter;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A LISP control-plane load generator on Netty UDP: {@code threads} event-loop threads, each with its own datagram
 * channel bound to the caller's local address (the map server authorises Map-Requests and Map-Registers by source
 * address) and its own writer of the {@link LispPayloads.Payload}, sending to one target.
 *
 * <p>Answers are matched by the 64-bit nonce (offset 4..12 of the LISP header, behind a sockperf header when
 * framed). A nonce is {@code tag (8 bits) | thread (8 bits) | sequence (48 bits)}; the sequence's low bits index the
 * thread's table of requests in flight, so matching is two array reads. An answer whose nonce is not in the table
 * (it came after its request timed out, or twice) is counted as late; one with a foreign tag or thread as unknown.
 *
 * <ul>
 *   <li><b>Closed loop</b>: each thread keeps {@code window} requests outstanding; an answer frees a slot and the
 *       next request goes out at once. Latency = answer time - send time.</li>
 *   <li><b>Open loop</b>: requests leave on a fixed schedule, {@code rate} per second over all threads, whatever
 *       the answers do. Latency = answer time - <em>intended</em> send time when a request leaves late, so a
 *       stalled target or generator shows as latency instead of silently lowering the offered load (no coordinated
 *       omission); requests may leave up to 100 us early (see {@code pace}), their latency then counts from the
 *       send. The send lag (actual - intended) is reported apart.</li>
 * </ul>
 *
 * <p>A run has a warm-up (sent and matched, not recorded), a measurement period (requests sent, or intended, in it
 * are recorded), then a drain of at most one timeout for the answers still outstanding; a request unanswered for
 * {@code timeout} is lost. Everything is bounded in time: {@link #run} returns at the latest
 * {@code warm-up + duration + timeout + 30 s} after it starts.
 */
public final class LispLoadGenerator {
    private static final System.Logger LOG = System.getLogger(LispLoadGenerator.class.getName());
    private static final long FREE = 0;
    private static final long SEQUENCE_MASK = (1L << 48) - 1;
    private static final long HIGHEST_LATENCY = TimeUnit.SECONDS.toNanos(120);
    /** At most this many open-loop sends in one go before the event loop reads again. */
    private static final int MAX_BURST = 64;
    /** The open-loop pacer sleeps at least this long; requests due meanwhile leave together. */
    private static final long MIN_TICK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    /** The open-loop pacer wakes this much (at most one interval) before a request is due. */
    private static final long LEAD_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final int RECEIVE_BUFFER = 2048;
    private static final int SOCKET_BUFFER = 4 << 20;
    private static final Duration GRACE = Duration.ofSeconds(30);

    /** How requests are paced. */
    public enum Mode {
        /** Each thread keeps a window of requests outstanding. */
        CLOSED,
        /** A fixed offered rate across threads, latency from the intended send time. */
        OPEN
    }

    /** Which Netty transport. */
    public enum Transport {
        /** Native epoll when it loads, else NIO. */
        AUTO,
        /** Native epoll (fails if it does not load). */
        EPOLL,
        /** The JDK's NIO selector. */
        NIO
    }

    private LispLoadGenerator() {
        // static entry point
    }

    /**
     * What to run.
     *
     * @param bind the local address of every thread's socket; port 0 = an ephemeral port per thread, port p = p + i
     *             for thread i
     * @param target where to send
     * @param connected whether each socket is connected to the target: saves the kernel a route lookup per
     *                  datagram, but answers from another source address than the target are then dropped (a server
     *                  bound to a wildcard address may answer from another one of its addresses)
     * @param threads the number of threads and sockets
     * @param mode closed or open loop
     * @param window closed loop: requests outstanding per thread
     * @param rate open loop: requests per second over all threads
     * @param warmup sent and matched but not recorded
     * @param duration the measurement period
     * @param timeout a request unanswered this long is lost
     * @param payload what to send
     * @param transport epoll or NIO
     * @param readBatch epoll: datagrams read per system call (recvmmsg), 1 for one recvmsg per datagram
     * @param serverPid the target's process id to measure its CPU use, or 0
     */
    public record Config(InetSocketAddress bind, InetSocketAddress target, boolean connected, int threads, Mode mode,
            int window, double rate, Duration warmup, Duration duration, Duration timeout,
            LispPayloads.Payload payload, Transport transport, int readBatch, long serverPid) {
        /** Validates the components. */
        public Config {
            if (threads < 1 || threads > 255) {
                throw new IllegalArgumentException("threads: 1 to 255, not " + threads);
            }
            if (mode == Mode.CLOSED && (window < 1 || window > 1 << 16)) {
                throw new IllegalArgumentException("window: 1 to 65536, not " + window);
            }
            if (mode == Mode.OPEN && !(rate > 0)) {
                throw new IllegalArgumentException("open loop needs a rate > 0, not " + rate);
            }
            if (readBatch < 1 || readBatch > 64) {
                throw new IllegalArgumentException("read batch: 1 to 64, not " + readBatch);
            }
            if (duration.isNegative() || duration.isZero() || warmup.isNegative() || timeout.isNegative()
                    || timeout.isZero()) {
                throw new IllegalArgumentException("duration and timeout must be > 0, warm-up >= 0");
            }
        }

        /**
         * Starts a builder with the defaults: as many threads as cores, closed loop, window 16, 2 s warm-up, 10 s
         * measurement, 1 s timeout, automatic transport, connected sockets, 16 datagrams per read.
         *
         * @param bind the local address
         * @param target the target
         * @param payload what to send
         * @return a builder
         */
        public static Builder builder(final InetSocketAddress bind, final InetSocketAddress target,
                final LispPayloads.Payload payload) {
            return new Builder(bind, target, payload);
        }

        /**
         * Returns a short label: mode, threads, window or rate.
         *
         * @return the label
         */
        public String label() {
            return (mode == Mode.CLOSED ? String.format("closed, %d thread%s, window %d", threads,
                threads == 1 ? "" : "s", window) : String.format(Locale.ROOT, "open, %d thread%s, %,.0f/s",
                threads, threads == 1 ? "" : "s", rate));
        }
    }

    /**
     * Builds a {@link Config}.
     */
    public static final class Builder {
        private final InetSocketAddress bind;
        private final InetSocketAddress target;
        private final LispPayloads.Payload payload;
        private boolean connected = true;
        private int readBatch = 16;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Mode mode = Mode.CLOSED;
        private int window = 16;
        private double rate;
        private Duration warmup = Duration.ofSeconds(2);
        private Duration duration = Duration.ofSeconds(10);
        private Duration timeout = Duration.ofSeconds(1);
        private Transport transport = Transport.AUTO;
        private long serverPid;

        private Builder(final InetSocketAddress bind, final InetSocketAddress target,
                final LispPayloads.Payload payload) {
            this.bind = bind;
            this.target = target;
            this.payload = payload;
        }

        /**
         * Sets closed loop with a window per thread.
         *
         * @param value requests outstanding per thread
         * @return this builder
         */
        public Builder closedLoop(final int value) {
            mode = Mode.CLOSED;
            window = value;
            return this;
        }

        /**
         * Sets open loop with an offered rate.
         *
         * @param value requests per second over all threads
         * @return this builder
         */
        public Builder openLoop(final double value) {
            mode = Mode.OPEN;
            rate = value;
            return this;
        }

        /**
         * Sets the number of threads (and sockets).
         *
         * @param value the count
         * @return this builder
         */
        public Builder threads(final int value) {
            threads = value;
            return this;
        }

        /**
         * Sets the warm-up and measurement periods.
         *
         * @param warmupPeriod the warm-up
         * @param measurement the measurement
         * @return this builder
         */
        public Builder periods(final Duration warmupPeriod, final Duration measurement) {
            warmup = warmupPeriod;
            duration = measurement;
            return this;
        }

        /**
         * Sets after how long an unanswered request is lost.
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder timeout(final Duration value) {
            timeout = value;
            return this;
        }

        /**
         * Sets whether the sockets are connected to the target.
         *
         * @param value true to connect
         * @return this builder
         */
        public Builder connected(final boolean value) {
            connected = value;
            return this;
        }

        /**
         * Sets the transport.
         *
         * @param value the transport
         * @return this builder
         */
        public Builder transport(final Transport value) {
            transport = value;
            return this;
        }

        /**
         * Sets how many datagrams one read system call takes (epoll only).
         *
         * @param value 1 (recvmsg) to 64 (recvmmsg)
         * @return this builder
         */
        public Builder readBatch(final int value) {
            readBatch = value;
            return this;
        }

        /**
         * Sets the target's process id, whose CPU use is then measured.
         *
         * @param value the pid, or 0
         * @return this builder
         */
        public Builder serverPid(final long value) {
            serverPid = value;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public Config build() {
            return new Config(bind, target, connected, threads, mode, window, rate, warmup, duration, timeout,
                payload, transport, readBatch, serverPid);
        }
    }

    /**
     * What a run measured. Counts are of the measurement period (requests sent, or in open loop intended, in it)
     * unless named otherwise.
     *
     * @param config what was asked
     * @param transport the transport used, {@code epoll} or {@code nio}
     * @param seconds the measurement period
     * @param sent requests sent
     * @param answered requests answered in time
     * @param lost requests unanswered after the timeout
     * @param late answers that came after their request timed out (or twice), over the whole run
     * @param unknown answers with a nonce this run never sent, over the whole run
     * @param malformed datagrams too short to hold a nonce, over the whole run
     * @param overruns open loop: requests not sent, because the table of requests in flight was full or because the
     *                 generator was still more than a timeout behind schedule at the end of the period
     * @param warmupLost requests of the warm-up unanswered after the timeout
     * @param answerTypes answers by LISP type (index 0..15), over the whole run
     * @param negativeReplies Map-Replies whose first record has no locator
     * @param latency answer latency in nanoseconds
     * @param sendLag open loop: how late requests left after their intended time (the generator's own delay, part of
     *                the latency), in nanoseconds; empty in closed loop
     * @param generatorCores CPU the generator's process used, in cores, during the measurement period
     * @param serverCores CPU the target's process used, or NaN when its pid is unknown
     * @param machineBusy the machine's busy share, 0..1
     * @param failure why the run did not complete, or null
     */
    public record Result(Config config, String transport, double seconds, long sent, long answered, long lost,
            long late, long unknown, long malformed, long overruns, long warmupLost, long[] answerTypes,
            long negativeReplies, Histogram latency, Histogram sendLag, double generatorCores, double serverCores,
            double machineBusy, String failure) {
        /**
         * Returns the answer rate.
         *
         * @return answers per second
         */
        public double rate() {
            return answered / seconds;
        }

        /**
         * Returns the send rate.
         *
         * @return requests per second
         */
        public double sendRate() {
            return sent / seconds;
        }

        /**
         * Returns a latency percentile.
         *
         * @param percentile 0..100
         * @return microseconds, NaN without answers
         */
        public double micros(final double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e3;
        }

        /**
         * Returns the lost share of the requests sent.
         *
         * @return 0..1
         */
        public double lossRatio() {
            return sent == 0 ? 0 : (double) lost / sent;
        }

        /**
         * Returns a one-line summary.
         *
         * @return the summary
         */
        public String summary() {
            return String.format(Locale.ROOT, "%s, %s: %,.0f answers/s (sent %,.0f/s), p50 %.1f us, p90 %.1f us, "
                + "p99 %.1f us, p99.9 %.1f us, max %.1f us; lost %d (%.4f %%), late %d, unknown %d, malformed %d, "
                + "overruns %d, warm-up lost %d; answers by type %s, negative %d;%s CPU generator %.2f, server %.2f "
                + "cores, machine %.0f %% busy%s", config.label(), transport, rate(), sendRate(), micros(50),
                micros(90), micros(99), micros(99.9), latency.getMaxValue() / 1e3, lost, lossRatio() * 100, late,
                unknown, malformed, overruns, warmupLost, types(), negativeReplies, sendLag.getTotalCount() == 0 ? ""
                    : String.format(Locale.ROOT, " send lag p50 %.1f us, p99 %.1f us;",
                        sendLag.getValueAtPercentile(50) / 1e3, sendLag.getValueAtPercentile(99) / 1e3),
                generatorCores, serverCores, machineBusy * 100, failure == null ? "" : "; FAILED: " + failure);
        }

        /**
         * Returns the answer counts by type, e.g. {@code {2=1234}}.
         *
         * @return the non-zero counts
         */
        public String types() {
            final var out = new StringBuilder("{");
            for (int type = 0; type < answerTypes.length; type++) {
                if (answerTypes[type] != 0) {
                    out.append(out.length() > 1 ? ", " : "").append(type).append('=').append(answerTypes[type]);
                }
            }
            return out.append('}').toString();
        }
    }

    /**
     * Runs one configuration.
     *
     * @param config what to run
     * @return what it measured
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result run(final Config config) throws InterruptedException {
        final boolean epoll = switch (config.transport()) {
            case EPOLL -> {
                Epoll.ensureAvailability();
                yield true;
            }
            case NIO -> false;
            case AUTO -> Epoll.isAvailable();
        };
        final EventLoopGroup group = epoll
            ? new EpollEventLoopGroup(config.threads(), new DefaultThreadFactory("lisp-load", true))
            : new NioEventLoopGroup(config.threads(), new DefaultThreadFactory("lisp-load", true));
        final long tag = ThreadLocalRandom.current().nextInt(1, 256);
        final List<Worker> workers = new ArrayList<>(config.threads());
        String failure = null;
        final long pid = ProcessHandle.current().pid();
        CpuMeter ownStart = null;
        CpuMeter ownEnd = null;
        CpuMeter serverStart = null;
        CpuMeter serverEnd = null;
        try {
            for (int i = 0; i < config.threads(); i++) {
                final var worker = new Worker(config, i, tag << 56 | (long) i << 48, group.next().newPromise());
                final var bootstrap = new Bootstrap().group(group)
                    .channelFactory((ChannelFactory<DatagramChannel>) () -> epoll ? new EpollDatagramChannel()
                        : new NioDatagramChannel())
                    .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                    .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER
                        * (epoll ? config.readBatch() : 1)))
                    .handler(worker);
                if (epoll && config.readBatch() > 1) {
                    // recvmmsg(2): up to readBatch datagrams per system call, each a slice of one buffer.
                    bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, RECEIVE_BUFFER);
                }
                final var local = config.bind().getPort() == 0 ? config.bind()
                    : new InetSocketAddress(config.bind().getAddress(), config.bind().getPort() + i);
                final var bound = bootstrap.bind(local);
                if (!bound.await(10, TimeUnit.SECONDS) || !bound.isSuccess()) {
                    throw new IllegalStateException("cannot bind " + local + ": " + bound.cause(), bound.cause());
                }
                final Channel channel = bound.channel();
                if (config.connected()) {
                    final var connected = channel.connect(config.target());
                    if (!connected.await(10, TimeUnit.SECONDS) || !connected.isSuccess()) {
                        throw new IllegalStateException("cannot connect to " + config.target() + ": "
                            + connected.cause(), connected.cause());
                    }
                }
                worker.channel = channel;
                workers.add(worker);
            }
            // One schedule for all threads, a little ahead so that every loop has picked up its start task.
            final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            final long warmupEnd = start + config.warmup().toNanos();
            final long measureEnd = warmupEnd + config.duration().toNanos();
            for (var worker : workers) {
                worker.channel.eventLoop().execute(() -> worker.begin(start, warmupEnd, measureEnd));
            }
            sleepUntil(warmupEnd);
            ownStart = CpuMeter.snapshot(pid);
            serverStart = config.serverPid() > 0 ? CpuMeter.snapshot(config.serverPid()) : null;
            sleepUntil(measureEnd);
            ownEnd = CpuMeter.snapshot(pid);
            serverEnd = config.serverPid() > 0 ? CpuMeter.snapshot(config.serverPid()) : null;
            // Sending stops at the latest one timeout after the period, the drain one timeout later.
            final long deadline = measureEnd + 2 * config.timeout().toNanos() + GRACE.toNanos();
            for (var worker : workers) {
                final long left = deadline - System.nanoTime();
                if (!worker.done.await(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
                    failure = "thread " + worker.index + " did not finish " + GRACE.toSeconds()
                        + " s after its drain period";
                    break;
                }
            }
        } finally {
            for (var worker : workers) {
                worker.channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
        return collect(config, epoll ? "epoll" : "nio", workers, failure, ownStart, ownEnd, serverStart, serverEnd);
    }

    private static Result collect(final Config config, final String transport, final List<Worker> workers,
            final String failure, final CpuMeter ownStart, final CpuMeter ownEnd, final CpuMeter serverStart,
            final CpuMeter serverEnd) {
        final var latency = new Histogram(HIGHEST_LATENCY, 3);
        final var sendLag = new Histogram(HIGHEST_LATENCY, 3);
        final long[] types = new long[16];
        long sent = 0;
        long answered = 0;
        long lost = 0;
        long late = 0;
        long unknown = 0;
        long malformed = 0;
        long overruns = 0;
        long warmupLost = 0;
        long negative = 0;
        // The workers' fields were last written on their event loops, which have terminated: visible here.
        for (var worker : workers) {
            latency.add(worker.histogram);
            sendLag.add(worker.sendLag);
            for (int i = 0; i < types.length; i++) {
                types[i] += worker.answerTypes[i];
            }
            sent += worker.sentMeasured;
            answered += worker.answeredMeasured;
            lost += worker.lost;
            late += worker.late;
            unknown += worker.unknown;
            malformed += worker.malformed;
            overruns += worker.overruns;
            warmupLost += worker.warmupLost;
            negative += worker.negative;
        }
        final double seconds = config.duration().toNanos() / 1e9;
        final var result = new Result(config, transport, seconds, sent, answered, lost, late, unknown, malformed,
            overruns, warmupLost, types, negative, latency, sendLag, ownEnd == null ? Double.NaN
                : ownEnd.processCoresSince(ownStart), serverEnd == null ? Double.NaN
                : serverEnd.processCoresSince(serverStart), ownEnd == null ? Double.NaN
                : ownEnd.machineBusySince(ownStart), failure);
        LOG.log(Level.DEBUG, result.summary());
        return result;
    }

    private static void sleepUntil(final long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /**
     * One thread's channel handler and state. Everything but the constructor runs on the channel's event loop.
     */
    private static final class Worker extends ChannelInboundHandlerAdapter {
        private final int index;
        private final long nonceBase;
        private final boolean closedLoop;
        private final int window;
        private final int threads;
        private final double intervalNanos;
        private final long leadNanos;
        private final long timeoutNanos;
        private final long sweepNanos;
        private final InetSocketAddress target;
        private final boolean connected;
        private final LispPayloads.Writer writer;
        private final int nonceOffset;
        private final int messageOffset;
        private final int maxLength;
        private final long[] nonces;
        /** When each request was due: the latency counts from there. */
        private final long[] sentAt;
        /** When each request actually left: its timeout counts from there. */
        private final long[] leftAt;
        private final boolean[] measured;
        private final int mask;
        private final Promise<Void> done;
        private final Histogram histogram = new Histogram(HIGHEST_LATENCY, 3);
        private final Histogram sendLag = new Histogram(HIGHEST_LATENCY, 3);
        private final long[] answerTypes = new long[16];
        private Channel channel;
        private long warmupEnd;
        private long measureEnd;
        private long sequence;
        private int outstanding;
        private boolean pendingFlush;
        private boolean sending;
        private long firstIntended;
        private long paced;
        private long lastSend;
        private ScheduledFuture<?> sweeper;
        private long sentMeasured;
        private long answeredMeasured;
        private long lost;
        private long late;
        private long unknown;
        private long malformed;
        private long overruns;
        private long warmupLost;
        private long negative;

        Worker(final Config config, final int index, final long nonceBase, final Promise<Void> done) {
            this.index = index;
            this.nonceBase = nonceBase;
            this.done = done;
            closedLoop = config.mode() == Mode.CLOSED;
            window = config.window();
            threads = config.threads();
            intervalNanos = closedLoop ? 0 : 1e9 * config.threads() / config.rate();
            leadNanos = Math.min(LEAD_NANOS, (long) intervalNanos);
            timeoutNanos = config.timeout().toNanos();
            sweepNanos = Math.max(timeoutNanos / 4, TimeUnit.MILLISECONDS.toNanos(1));
            target = config.target();
            connected = config.connected();
            writer = config.payload().newWriter(index);
            nonceOffset = config.payload().nonceOffset();
            messageOffset = config.payload().messageOffset();
            maxLength = config.payload().maxLength();
            // In flight at most: the window (closed), or what the rate sends in two timeouts (open).
            final long inFlight = closedLoop ? 4L * window
                : (long) Math.ceil(2 * config.rate() / config.threads() * config.timeout().toNanos() / 1e9);
            final int slots = Integer.highestOneBit((int) Math.min(1 << 22, Math.max(1024, inFlight)) * 2 - 1);
            nonces = new long[slots];
            sentAt = new long[slots];
            leftAt = new long[slots];
            measured = new boolean[slots];
            mask = slots - 1;
        }

        void begin(final long start, final long warmupStop, final long measureStop) {
            warmupEnd = warmupStop;
            measureEnd = measureStop;
            sending = true;
            final long now = System.nanoTime();
            if (now < start) {
                channel.eventLoop().schedule(() -> begin(start, warmupStop, measureStop), start - now,
                    TimeUnit.NANOSECONDS);
                return;
            }
            sweeper = channel.eventLoop().scheduleAtFixedRate(this::sweep, sweepNanos, sweepNanos,
                TimeUnit.NANOSECONDS);
            if (closedLoop) {
                for (int i = 0; i < window; i++) {
                    send(now, now);
                }
                flush();
            } else {
                // Threads interleave their schedules.
                firstIntended = start + (long) (intervalNanos * index / threads);
                pace();
            }
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
            final long now = System.nanoTime();
            try {
                final ByteBuf content = msg instanceof DatagramPacket packet ? packet.content() : (ByteBuf) msg;
                final int base = content.readerIndex();
                if (content.readableBytes() < nonceOffset + Long.BYTES) {
                    malformed++;
                    return;
                }
                answerTypes[content.getUnsignedByte(base + messageOffset) >>> 4]++;
                final long nonce = content.getLong(base + nonceOffset);
                if ((nonce & ~SEQUENCE_MASK) != nonceBase) {
                    unknown++;
                    return;
                }
                final int slot = (int) nonce & mask;
                if (nonces[slot] != nonce) {
                    late++;
                    return;
                }
                nonces[slot] = FREE;
                outstanding--;
                if (measured[slot]) {
                    answeredMeasured++;
                    histogram.recordValue(Math.min(now - sentAt[slot], HIGHEST_LATENCY));
                    if (isNegativeReply(content, base + messageOffset)) {
                        negative++;
                    }
                }
                if (closedLoop && sending) {
                    if (now < measureEnd) {
                        send(now, now);
                    } else {
                        sending = false;
                    }
                }
                if (!sending && outstanding == 0) {
                    finish();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(final ChannelHandlerContext ctx) {
            flush();
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            // ICMP port unreachable and the like: the requests concerned will time out and be counted as lost.
            LOG.log(Level.DEBUG, "thread {0}: {1}", index, cause.toString());
        }

        private static boolean isNegativeReply(final ByteBuf content, final int message) {
            // Map-Reply (type 2) with records: the first record's Locator Count is byte 4 of the record.
            return content.getUnsignedByte(message) >>> 4 == 2 && content.getUnsignedByte(message + 3) > 0
                && content.readableBytes() > message - content.readerIndex() + 16
                && content.getUnsignedByte(message + 16) == 0;
        }

        /**
         * Open loop: sends what is due (or due within the lead), then sleeps until the lead before the next request is
         * due. The lead makes up for the event loop waking late from its timer (timer slack and the wake-up of an
         * idle vCPU: 50-100 us here), which would otherwise add to every latency at low rates.
         */
        private void pace() {
            if (!sending) {
                return;
            }
            final long now = System.nanoTime();
            int burst = 0;
            long intended = firstIntended + (long) (paced * intervalNanos);
            if (now > measureEnd + timeoutNanos && intended < measureEnd) {
                // More than a timeout behind schedule at the end: what is left would only be lost; count it unsent.
                overruns += (long) Math.ceil((measureEnd - intended) / intervalNanos);
                intended = measureEnd;
            }
            while (intended <= now + leadNanos && intended < measureEnd && burst < MAX_BURST) {
                send(intended, now);
                paced++;
                burst++;
                intended = firstIntended + (long) (paced * intervalNanos);
            }
            flush();
            if (intended >= measureEnd) {
                sending = false;
                if (outstanding == 0) {
                    finish();
                }
            } else if (intended <= now + leadNanos) {
                // Behind schedule: go on after the event loop has read what arrived.
                channel.eventLoop().execute(this::pace);
            } else {
                channel.eventLoop().schedule(this::pace, Math.max(intended - leadNanos - now, MIN_TICK_NANOS),
                    TimeUnit.NANOSECONDS);
            }
        }

        /**
         * Sends one request due at {@code intended}. Its latency counts from when it was due if it leaves late (the
         * wait is part of what a client would see), from when it leaves if early (open loop: at most the lead).
         */
        private void send(final long intended, final long now) {
            int slot = -1;
            for (int probe = 0; probe <= mask; probe++) {
                final int candidate = (int) (sequence & mask);
                if (nonces[candidate] == FREE) {
                    slot = candidate;
                    break;
                }
                if (now - leftAt[candidate] > timeoutNanos) {
                    expire(candidate);
                    slot = candidate;
                    break;
                }
                sequence++;
            }
            if (slot < 0) {
                overruns++;
                return;
            }
            final long nonce = nonceBase | sequence & SEQUENCE_MASK;
            sequence++;
            final ByteBuf buf = channel.alloc().directBuffer(maxLength);
            writer.write(buf, nonce);
            nonces[slot] = nonce;
            sentAt[slot] = Math.min(intended, now);
            leftAt[slot] = now;
            lastSend = now;
            final boolean inPeriod = intended >= warmupEnd && intended < measureEnd;
            measured[slot] = inPeriod;
            if (inPeriod) {
                sentMeasured++;
                if (!closedLoop) {
                    sendLag.recordValue(Math.min(Math.max(now - intended, 0), HIGHEST_LATENCY));
                }
            }
            outstanding++;
            channel.write(connected ? buf : new DatagramPacket(buf, target), channel.voidPromise());
            pendingFlush = true;
        }

        private void flush() {
            if (pendingFlush) {
                pendingFlush = false;
                channel.flush();
            }
        }

        private void expire(final int slot) {
            if (measured[slot]) {
                lost++;
            } else {
                warmupLost++;
            }
            nonces[slot] = FREE;
            outstanding--;
        }

        /** Expires requests older than the timeout; the closed loop replaces them; ends the drain. */
        private void sweep() {
            final long now = System.nanoTime();
            int expired = 0;
            for (int slot = 0; slot <= mask; slot++) {
                if (nonces[slot] != FREE && now - leftAt[slot] > timeoutNanos) {
                    expire(slot);
                    expired++;
                }
            }
            if (closedLoop && sending) {
                if (now < measureEnd) {
                    for (int i = 0; i < expired; i++) {
                        send(now, now);
                    }
                    flush();
                } else {
                    sending = false;
                }
            }
            final long drained = Math.max(measureEnd, lastSend) + timeoutNanos + sweepNanos;
            if (!sending && (outstanding == 0 || now > drained)) {
                finish();
            }
        }

        private void finish() {
            sending = false;
            if (sweeper != null) {
                sweeper.cancel(false);
            }
            done.trySuccess(null);
        }
    }
}
