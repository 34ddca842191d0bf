/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.bench.lisp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.wgcp.bench.lisp.LispLoadGenerator.Mode;
import io.wgcp.bench.lisp.LispLoadGenerator.Result;
import io.wgcp.bench.lisp.LispLoadGenerator.Transport;
import io.wgcp.bench.lisp.LispPayloads.Payload;
import io.wgcp.bench.lisp.LispPayloads.Signing;
import io.wgcp.lisp.codec.EidPrefix;
import io.wgcp.lisp.codec.IpAddress;
import io.wgcp.lisp.codec.LispAuthentication;
import io.wgcp.lisp.codec.LispDecodingException;
import io.wgcp.lisp.codec.LispMessageDecoder;
import io.wgcp.lisp.codec.LispMessageEncoder;
import io.wgcp.lisp.codec.MapNotify;
import io.wgcp.lisp.codec.MapRegister;
import io.wgcp.lisp.codec.MapReply;
import io.wgcp.lisp.codec.MapReplyAction;
import io.wgcp.lisp.codec.MapRequest;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.lisp.codec.XtrSiteId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Proves that the load generator works, without timing anything: short closed- and open-loop bursts against an
 * in-JVM echo, a fake map server (real Map-Replies and signed Map-Notifies, built with the codec) and
 * {@code sockperf server} (the test fails when sockperf is not installed) must get answers and lose none; the
 * payloads must decode to what was asked.
 */
class LispLoadGeneratorTest {
    private static final System.Logger LOG = System.getLogger(LispLoadGeneratorTest.class.getName());
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final InetSocketAddress BIND = new InetSocketAddress(LOOPBACK, 0);
    private static final Duration WARMUP = Duration.ofMillis(200);
    private static final Duration DURATION = Duration.ofMillis(500);
    private static final byte[] PSK = "a-test-key-of-sufficient-length".getBytes(StandardCharsets.UTF_8);
    private static final IpAddress SOURCE = IpAddress.parse("10.9.0.1");

    @Test
    void mapRequestsDecodeToTheirDestinationWithTheGivenNonce() throws LispDecodingException {
        final var destinations = LispPayloads.consecutiveHosts(7, IpAddress.parse("10.1.0.254"), 3);
        assertEquals(List.of(EidPrefix.of(7, IpAddress.parse("10.1.0.254"), 32),
            EidPrefix.of(7, IpAddress.parse("10.1.0.255"), 32), EidPrefix.of(7, IpAddress.parse("10.1.1.0"), 32)),
            destinations);
        final var payload = LispPayloads.mapRequests(destinations, LispPayloads.inInstance(7, SOURCE),
            IpAddress.parse("127.0.0.1"), false);
        assertEquals(1, payload.requestType());
        assertEquals(4, payload.nonceOffset());
        final var writer = payload.newWriter(0);
        final List<EidPrefix> asked = new ArrayList<>();
        for (long nonce = 1; nonce <= 3; nonce++) {
            final ByteBuf buf = Unpooled.buffer();
            writer.write(buf, nonce * 0x1111_1111_1111L);
            assertTrue(buf.readableBytes() <= payload.maxLength());
            final var request = assertInstanceOf(MapRequest.class, LispMessageDecoder.decode(buf));
            assertEquals(nonce * 0x1111_1111_1111L, request.nonce());
            assertEquals(nonce * 0x1111_1111_1111L, LispPayloads.nonceOf(buf, payload));
            assertEquals(LispPayloads.inInstance(7, SOURCE), request.sourceEid());
            assertEquals(List.of(IpAddress.parse("127.0.0.1")), request.itrRlocs());
            assertEquals(1, request.records().size());
            asked.add(request.records().get(0).eid());
        }
        // The ring: three requests, three different destinations.
        assertEquals(3, asked.stream().distinct().count());
        assertTrue(destinations.containsAll(asked));
    }

    @Test
    void subscribingMapRequestsCarryTheNAndIBits() throws LispDecodingException {
        final var payload = LispPayloads.mapRequests(LispPayloads.mappingSetHosts(4, 0), SOURCE,
            IpAddress.parse("127.0.0.1"), true);
        final ByteBuf buf = Unpooled.buffer();
        payload.newWriter(0).write(buf, 42);
        final var request = assertInstanceOf(MapRequest.class, LispMessageDecoder.decode(buf));
        assertTrue(request.xtrSiteIdPresent());
        assertTrue(request.records().get(0).subscribe());
    }

    @Test
    void everySigningWayWritesTheSameVerifiableRegister() throws LispDecodingException {
        final var record = LispPayloads.wireGuardRecord(EidPrefix.of(3, IpAddress.parse("10.2.0.7"), 32), 9,
            new InetSocketAddress(LOOPBACK, 51820));
        for (int algorithm = 1; algorithm <= 3; algorithm++) {
            byte[] reference = null;
            for (var signing : Signing.values()) {
                final var payload = LispPayloads.mapRegisters(List.of(record), 1, algorithm, PSK,
                    new XtrSiteId(1, 2, 3), signing);
                final ByteBuf buf = Unpooled.buffer();
                payload.newWriter(0).write(buf, 0x0102_0304_0506_0708L);
                assertTrue(LispAuthentication.verify(buf, PSK), signing + ", algorithm " + algorithm);
                final var register = assertInstanceOf(MapRegister.class, LispMessageDecoder.decode(buf));
                assertEquals(0x0102_0304_0506_0708L, register.nonce());
                assertTrue(register.wantMapNotify());
                assertEquals(algorithm, register.algorithmId());
                assertEquals(List.of(record), register.records());
                final byte[] bytes = new byte[buf.readableBytes()];
                buf.getBytes(0, bytes);
                if (reference == null) {
                    reference = bytes;
                } else {
                    assertArrayEquals(reference, bytes, signing + ", algorithm " + algorithm);
                }
                // A second nonce is signed again, not copied.
                final ByteBuf second = Unpooled.buffer();
                payload.newWriter(0).write(second, 99);
                assertTrue(LispAuthentication.verify(second, PSK));
            }
        }
    }

    @Test
    void sockperfFramingPutsTheSameMessageBehindSockperfsHeader() throws LispDecodingException {
        final var plain = LispPayloads.mapRequests(LispPayloads.mappingSetHosts(1, 0), SOURCE,
            IpAddress.parse("127.0.0.1"), false);
        final var framed = plain.framedForSockperf();
        assertEquals(18, framed.nonceOffset());
        assertEquals(14, framed.messageOffset());
        final ByteBuf expected = Unpooled.buffer();
        plain.newWriter(0).write(expected, 77);
        final ByteBuf buf = Unpooled.buffer();
        framed.newWriter(0).write(buf, 77);
        assertEquals(0, buf.getLong(0));
        assertEquals(3, buf.getShort(8));
        assertEquals(buf.readableBytes(), buf.getInt(10));
        assertEquals(expected, buf.slice(14, buf.readableBytes() - 14));
        assertEquals(77, LispPayloads.nonceOf(buf, framed));
        assertInstanceOf(MapRequest.class, LispMessageDecoder.decode(buf.slice(14, buf.readableBytes() - 14)));
        assertThrows(IllegalStateException.class, framed::framedForSockperf);
    }

    @Test
    void closedAndOpenLoopAgainstAnInJvmEcho() throws InterruptedException {
        final var payload = LispPayloads.mapRequests(LispPayloads.mappingSetHosts(100, 1), SOURCE,
            IpAddress.parse("127.0.0.1"), false);
        try (var echo = NettyEcho.start(BIND)) {
            final var closed = LispLoadGenerator.run(config(echo.address(), payload).threads(2).closedLoop(8)
                .build());
            assertAllAnswered(closed, 1);
            final var open = LispLoadGenerator.run(config(echo.address(), payload).threads(2).openLoop(4000)
                .connected(false).readBatch(1).build());
            assertAllAnswered(open, 1);
            // Open loop sends on schedule: about 4,000/s x 0.5 s, whatever the echo does.
            assertTrue(open.sent() > 1000 && open.sent() <= 2002, "sent " + open.sent());
            final var nio = LispLoadGenerator.run(config(echo.address(), payload).threads(1).closedLoop(4)
                .transport(Transport.NIO).build());
            assertAllAnswered(nio, 1);
            assertEquals("nio", nio.transport());
        }
    }

    @Test
    void mapRepliesAndSignedMapNotifiesFromAFakeMapServer() throws InterruptedException {
        try (var server = new FakeMapServer()) {
            final var requests = LispPayloads.mapRequests(LispPayloads.mappingSetHosts(50, 2), SOURCE,
                IpAddress.parse("127.0.0.1"), false);
            final var replies = LispLoadGenerator.run(config(server.address(), requests).threads(2).closedLoop(4)
                .build());
            assertAllAnswered(replies, 2);
            // The fake answers IPv6 destinations (every other one of the MappingSet) negatively.
            assertTrue(replies.negativeReplies() > 0 && replies.negativeReplies() < replies.answered(),
                replies.summary());

            final var records = LispPayloads.consecutiveHosts(0, IpAddress.parse("10.2.0.1"), 5).stream()
                .map(eid -> LispPayloads.wireGuardRecord(eid, 1, new InetSocketAddress(LOOPBACK, 51820))).toList();
            final var registers = LispPayloads.mapRegisters(records, 0, LispAuthentication.HMAC_SHA256_128, PSK,
                null, Signing.CACHED_MAC);
            final var notifies = LispLoadGenerator.run(config(server.address(), registers).threads(2)
                .openLoop(2000).build());
            assertAllAnswered(notifies, 4);
            assertEquals(0, server.badRegisters.get(), "registers that did not verify");
            assertEquals(0, server.badNotifies.get(), "notifies that did not verify");
        }
    }

    @Test
    void closedAndOpenLoopAgainstSockperf() throws Exception {
        assertTrue(SockperfEcho.executable().isPresent(),
            "sockperf is not installed (Debian package sockperf; .ci/run installs it)");
        final var payload = LispPayloads.mapRequests(LispPayloads.mappingSetHosts(100, 1), SOURCE,
            IpAddress.parse("127.0.0.1"), false).framedForSockperf();
        try (var sockperf = SockperfEcho.start(LOOPBACK, Duration.ofSeconds(10))) {
            final var closed = LispLoadGenerator.run(config(sockperf.address(), payload).threads(2).closedLoop(8)
                .serverPid(sockperf.pid()).build());
            assertAllAnswered(closed, 1);
            final var open = LispLoadGenerator.run(config(sockperf.address(), payload).threads(1).openLoop(4000)
                .serverPid(sockperf.pid()).build());
            assertAllAnswered(open, 1);
            assertTrue(sockperf.isAlive());
        }
    }

    @Test
    void commandLineRunsAgainstTheEchoAndRejectsNonsense() throws Exception {
        final var text = new ByteArrayOutputStream();
        final var results = LispBenchmark.run(LispBenchmark.Options.parse("--target", "echo", "--threads", "1,2",
            "--window", "2", "--warmup", "0.1", "--duration", "0.3", "--eids", "hosts:5:2001:db8::1:10", "--repeat",
            "2", "--max-other", "2"),
            new PrintStream(text, true, StandardCharsets.UTF_8));
        assertEquals(4, results.size());
        results.forEach(result -> assertAllAnswered(result, 1));
        final String output = text.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("| echo | closed | 2 | 2 |"), output);
        // Two rounds: every run, then the medians with how many rounds counted.
        assertTrue(output.contains("Median of the rounds") && output.contains(" of 2 | "), output);

        final var registers = LispBenchmark.Options.parse("--payload", "register", "--register-eids",
            "hosts:0:10.2.0.1:3", "--signing", "sign-template");
        assertEquals(3, registers.payload().requestType());
        assertEquals(3, registers.payload().count());
        // MappingSet puts 131,072 IPv4 hosts per virtual network, IPv6 hosts all in network 0.
        assertEquals(150_000 - 131_072, LispBenchmark.Options.parse("--eids", "mappingset:300000@1").requests()
            .count());
        assertTrue(LispBenchmark.usage().contains("--suite ceiling"));
        assertThrows(IllegalArgumentException.class, () -> LispBenchmark.Options.parse("--mode", "open"));
        assertThrows(IllegalArgumentException.class, () -> LispBenchmark.Options.parse("--window"));
        assertThrows(IllegalArgumentException.class, () -> LispBenchmark.Options.parse("--payload", "notify"));
        assertThrows(IllegalArgumentException.class, () -> LispBenchmark.Options.parse("--frobnicate", "1"));
    }

    private static LispLoadGenerator.Builder config(final InetSocketAddress target, final Payload payload) {
        return LispLoadGenerator.Config.builder(BIND, target, payload).periods(WARMUP, DURATION)
            .timeout(Duration.ofSeconds(5));
    }

    private static void assertAllAnswered(final Result result, final int answerType) {
        final String what = result.summary();
        LOG.log(Level.INFO, what);
        assertNull(result.failure(), what);
        assertTrue(result.sent() > 0, what);
        assertEquals(result.sent(), result.answered(), what);
        assertTrue(result.rate() > 0, what);
        assertEquals(0, result.lost(), what);
        assertEquals(0, result.warmupLost(), what);
        assertEquals(0, result.late() + result.unknown() + result.malformed() + result.overruns(), what);
        assertEquals(result.latency().getTotalCount(), result.answered(), what);
        long answers = 0;
        for (long count : result.answerTypes()) {
            answers += count;
        }
        assertEquals(answers, result.answerTypes()[answerType], what);
        if (result.config().mode() == Mode.OPEN) {
            assertTrue(result.sent() <= Math.ceil(result.config().rate() * result.seconds()) + 2, what);
        }
    }

    /**
     * Answers Map-Requests with a Map-Reply (positive with a WireGuard locator for IPv4 destinations, negative for
     * IPv6) and verified Map-Registers with a signed Map-Notify, as the map server's southbound will; checks the
     * signatures both ways.
     */
    private static final class FakeMapServer extends SimpleChannelInboundHandler<DatagramPacket>
            implements AutoCloseable {
        private final EventLoopGroup group = new NioEventLoopGroup(1);
        private final Channel channel;
        private final AtomicLong badRegisters = new AtomicLong();
        private final AtomicLong badNotifies = new AtomicLong();

        FakeMapServer() throws InterruptedException {
            channel = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(this)
                .bind(new InetSocketAddress(LOOPBACK, 0)).sync().channel();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) channel.localAddress();
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final DatagramPacket packet)
                throws LispDecodingException {
            final var message = LispMessageDecoder.decode(packet.content());
            final ByteBuf out = ctx.alloc().buffer();
            if (message instanceof MapRequest request) {
                final var eid = request.records().get(0).eid();
                final MappingRecord answer = ((IpAddress) eid.innerAddress()).bitLength() == 32
                    ? LispPayloads.wireGuardRecord(eid, 5, new InetSocketAddress(LOOPBACK, 51820))
                    : MappingRecord.negative(eid, MapReplyAction.DROP_NO_REASON, 1);
                LispMessageEncoder.encode(MapReply.of(request.nonce(), answer), out);
            } else if (message instanceof MapRegister register) {
                if (!LispAuthentication.verify(packet.content(), PSK)) {
                    badRegisters.incrementAndGet();
                    out.release();
                    return;
                }
                LispAuthentication.encodeAndSign(MapNotify.answering(register), PSK, out);
                if (!LispAuthentication.verify(out, PSK)) {
                    badNotifies.incrementAndGet();
                }
            } else {
                out.release();
                return;
            }
            ctx.writeAndFlush(new DatagramPacket(out, packet.sender()));
        }

        @Override
        public void close() {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }
}
