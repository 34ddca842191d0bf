/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.wgcp.types.IpLiteral;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Runs the codec's per-message work (encode, decode, sign, verify, the WireGuard locator) on made-up messages until
 * the JIT has compiled it, so that the first real messages do not run interpreted.
 *
 * <p>Why: an edge agent handles a few control messages a minute and a quiet map server a few a second, so the JVM
 * never compiles their message path by use, and interpreted it costs many times what it costs compiled, on the map
 * server and again on each edge (docs/benchmarks.md, "Edge agent: on-demand tunnels", has the figures). That is on
 * the path of every first packet. Running the same code some thousands of times at start moves that CPU to start-up,
 * off the latency of every tunnel.
 * Nothing leaves the process: the messages are built and parsed in memory only.
 */
public final class CodecWarmup {
    /** Enough rounds for the C2 compiler of JDK 17 (its thresholds are some thousands of calls and loops). */
    public static final int DEFAULT_ROUNDS = 12_000;

    private static final byte[] SECRET = "wgcp codec warm-up, not a secret".getBytes(StandardCharsets.UTF_8);

    private static Thread started;

    private CodecWarmup() {
        // static only
    }

    /**
     * Runs the warm-up on the calling thread.
     *
     * @param rounds how many times each kind of message goes through the codec
     * @return a value derived from every round, so that the JIT cannot drop the work
     */
    public static long run(final int rounds) {
        final Samples samples = new Samples();
        long sink = 0;
        final ByteBuf buf = Unpooled.buffer(1024);
        for (int round = 0; round < rounds; round++) {
            sink += samples.oneRound(round, buf);
        }
        buf.release();
        return sink;
    }

    /**
     * Starts the warm-up on a daemon thread of low priority, so that it takes what the process leaves idle; once per
     * class loader: compiled code stays, so a map server whose control port restarts (a configuration change) does
     * not pay for it again.
     *
     * @param name the thread's name
     * @param rounds the rounds, as {@link #run(int)}
     * @return the thread, started now or by an earlier call (whose name and rounds then stand)
     */
    public static synchronized Thread start(final String name, final int rounds) {
        if (started == null) {
            final Thread thread = new Thread(() -> run(rounds), name);
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            thread.start();
            started = thread;
        }
        return started;
    }

    /** The messages of one resolution (and of a registration), in both families, as the two sides see them. */
    private static final class Samples {
        private final MappingRecord[] records;
        private final EidPrefix[] sources;
        private final IpAddress itrRloc;
        private final XtrSiteId xtrSiteId = new XtrSiteId(0x0123_4567_89ab_cdefL, 0x0fed_cba9_8765_4321L, 0);

        Samples() {
            final byte[] key = new byte[WireGuardLocator.KEY_LENGTH];
            for (int i = 0; i < key.length; i++) {
                key[i] = (byte) (i * 7 + 1);
            }
            final var v4 = EidPrefix.of(7, IpAddress.of(IpLiteral.parse("203.0.113.2")), 32);
            final var v6 = EidPrefix.of(7, IpAddress.of(IpLiteral.parse("2001:db8::2")), 128);
            final var plain = EidPrefix.of(IpAddress.of(IpLiteral.parse("192.0.2.0")), 24);
            final var endpoint4 = new InetSocketAddress(IpLiteral.parse("198.18.0.12"), 51_820);
            final var endpoint6 = new InetSocketAddress(IpLiteral.parse("2001:db8:ffff::12"), 51_820);
            records = new MappingRecord[] {
                MappingRecord.builder(v4).ttl(10)
                    .addLocator(WireGuardLocator.of(key, endpoint4, null, 1, 100)).build(),
                MappingRecord.builder(v6).ttl(10)
                    .addLocator(WireGuardLocator.of(key, endpoint6, IpLiteral.parse("198.18.1.12"), 1, 100))
                    .build(),
                MappingRecord.builder(plain).ttl(10)
                    .addLocator(WireGuardLocator.of(key, endpoint4, null, 1, 50))
                    .addLocator(WireGuardLocator.of(key, endpoint6, null, 2, 50)).build(),
                MappingRecord.negative(v4, MapReplyAction.DROP_NO_REASON, 1),
            };
            sources = new EidPrefix[] {
                EidPrefix.of(7, IpAddress.of(IpLiteral.parse("203.0.113.1")), 32),
                EidPrefix.of(7, IpAddress.of(IpLiteral.parse("2001:db8::1")), 128),
            };
            itrRloc = IpAddress.of(IpLiteral.parse("192.0.2.11"));
        }

        long oneRound(final int round, final ByteBuf buf) {
            final var mappingRecord = records[round % records.length];
            final var source = sources[round % sources.length];
            final long nonce = round * 0x9E37_79B9_7F4A_7C15L;
            long sink = 0;

            // Edge: a Map-Request; map server: decodes it, answers, pushes a signed Map-Notify.
            final var request = MapRequest.builder(nonce, source.address()).addItrRloc(itrRloc)
                .addRecord(mappingRecord.eid(), true).xtrSiteId(xtrSiteId).build();
            sink += roundTrip(request, buf);
            sink += roundTrip(MapReply.of(nonce, mappingRecord), buf);
            sink += roundTrip(EncapsulatedControlMessage.of(itrRloc, 61_000, itrRloc, 4342, request), buf);

            // Signed messages, every algorithm in turn: the register and its notify, a push and its ack.
            final int algorithm = 1 + round % 3;
            final var register = MapRegister.builder(nonce).wantMapNotify(true).authentication(1, algorithm)
                .addRecord(mappingRecord).xtrSiteId(xtrSiteId).build();
            sink += signedRoundTrip(register, buf);
            final var notify = MapNotify.answering(register);
            sink += signedRoundTrip(notify, buf);
            sink += signedRoundTrip(MapNotifyAck.acknowledging(notify), buf);

            // Edge: what it reads out of an answer.
            for (var locator : mappingRecord.locators()) {
                final var wireGuard = WireGuardLocator.fromLocator(locator);
                if (wireGuard.isPresent()) {
                    sink += wireGuard.orElseThrow().endpointSocketAddress().getPort();
                }
            }
            return sink;
        }

        private static long roundTrip(final LispMessage message, final ByteBuf buf) {
            buf.clear();
            LispMessageEncoder.encode(message, buf);
            return decode(buf);
        }

        private static long signedRoundTrip(final AuthenticatedMessage message, final ByteBuf buf) {
            buf.clear();
            LispAuthentication.encodeAndSign(message, SECRET, buf);
            if (!LispAuthentication.verify(buf, SECRET)) {
                throw new IllegalStateException("the codec does not verify its own " + message.type());
            }
            return decode(buf);
        }

        private static long decode(final ByteBuf buf) {
            try {
                final LispMessage decoded = LispMessageDecoder.decode(buf.duplicate());
                return decoded.type().ordinal() + buf.readableBytes();
            } catch (LispDecodingException e) {
                throw new IllegalStateException("the codec does not decode its own message", e);
            }
        }
    }
}
