/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.bench.lisp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.wgcp.bench.MappingSet;
import io.wgcp.lisp.codec.EidPrefix;
import io.wgcp.lisp.codec.InstanceIdAddress;
import io.wgcp.lisp.codec.IpAddress;
import io.wgcp.lisp.codec.LispAddress;
import io.wgcp.lisp.codec.LispAuthentication;
import io.wgcp.lisp.codec.LispMessage;
import io.wgcp.lisp.codec.LispMessageEncoder;
import io.wgcp.lisp.codec.MapRegister;
import io.wgcp.lisp.codec.MapRequest;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.lisp.codec.WireGuardLocator;
import io.wgcp.lisp.codec.XtrSiteId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the load generator sends: LISP control messages encoded once with the codec into templates, into which each
 * request only writes its nonce (offset 4..12 of the LISP header; every answer of the profile carries it at the same
 * offset), so that building a request costs a copy of a few dozen bytes and the generator is not the bottleneck.
 * <ul>
 *   <li>{@link #mapRequests}: Map-Requests for a ring of destination EIDs, with one source EID and ITR-RLOC;</li>
 *   <li>{@link #mapRegisters}: authenticated Map-Registers with M=1 (want Map-Notify) for a ring of mapping records,
 *       signed again for every nonce (see {@link Signing} for the three ways, {@code LispBenchmark --signing-cost}
 *       for what each costs);</li>
 *   <li>{@link Payload#framedForSockperf()}: the same bytes behind the 14-byte header that {@code sockperf server}
 *       needs before it echoes a datagram.</li>
 * </ul>
 */
public final class LispPayloads {
    /**
     * Length of sockperf's message header (sockperf 3.x {@code MsgHeader::EFFECTIVE_SIZE}): sequence number (8),
     * flags (2), message length (4), in network order. The server answers only datagrams whose flags have the client
     * (1) and pong-request (2) bits and whose length field is the datagram length; it echoes the whole datagram with
     * the client bit cleared, so the LISP message behind the header comes back unchanged.
     */
    public static final int SOCKPERF_HEADER_LENGTH = 14;
    private static final int SOCKPERF_CLIENT_PONG_REQUEST = 3;
    private static final int NONCE_OFFSET = 4;
    private static final double GOLDEN_RATIO = 0.6180339887498949;

    private LispPayloads() {
        // utility class
    }

    /**
     * Writes requests of one kind into buffers. Each generator thread has its own: not thread-safe.
     */
    @FunctionalInterface
    public interface Writer {
        /**
         * Appends one request with this nonce at the writer index.
         *
         * @param out the buffer
         * @param nonce the nonce
         */
        void write(ByteBuf out, long nonce);
    }

    /**
     * How a Map-Register is signed again for each nonce.
     */
    public enum Signing {
        /** Build a {@link MapRegister} with the nonce and {@link LispAuthentication#encodeAndSign} it. */
        ENCODE_AND_SIGN,
        /** Copy the encoded template, write the nonce, {@link LispAuthentication#sign} the bytes in place. */
        SIGN_TEMPLATE,
        /**
         * Copy the template and write the nonce, with the HMAC computed by a {@link Mac} that this writer keyed once:
         * no key set-up per message (algorithms 1 and 2; algorithm 3 has a key per nonce and signs as
         * {@link #SIGN_TEMPLATE}).
         */
        CACHED_MAC
    }

    /**
     * One kind of request.
     *
     * @param description what it is, for reports
     * @param requestType the LISP type of the request (1 Map-Request, 3 Map-Register)
     * @param nonceOffset where the nonce is in a request and in its answer (4, or 18 behind a sockperf header)
     * @param maxLength the longest request in bytes
     * @param count how many distinct messages the ring holds
     * @param writers makes the writer of generator thread {@code i}
     */
    public record Payload(String description, int requestType, int nonceOffset, int maxLength, int count,
            IntFunction<Writer> writers) {
        /**
         * Returns the offset of the LISP message in a datagram (0, or 14 behind a sockperf header).
         *
         * @return the offset
         */
        public int messageOffset() {
            return nonceOffset - NONCE_OFFSET;
        }

        /**
         * Makes the writer of one generator thread. Threads start at different places of the ring.
         *
         * @param thread the thread's index
         * @return the writer
         */
        public Writer newWriter(final int thread) {
            return writers.apply(thread);
        }

        /**
         * Returns the same payload behind a sockperf header, for {@code sockperf server} as an echo.
         *
         * @return the framed payload
         */
        public Payload framedForSockperf() {
            if (messageOffset() != 0) {
                throw new IllegalStateException("already framed: " + description);
            }
            return new Payload(description + ", behind a " + SOCKPERF_HEADER_LENGTH + "-byte sockperf header",
                requestType, nonceOffset + SOCKPERF_HEADER_LENGTH, maxLength + SOCKPERF_HEADER_LENGTH, count,
                thread -> {
                    final Writer inner = writers.apply(thread);
                    return (out, nonce) -> {
                        final int start = out.writerIndex();
                        out.writeLong(0).writeShort(SOCKPERF_CLIENT_PONG_REQUEST).writeInt(0);
                        inner.write(out, nonce);
                        out.setInt(start + 10, out.writerIndex() - start);
                    };
                });
        }
    }

    /**
     * Map-Requests, one record each, for a ring of destinations; each generator thread walks the ring from its own
     * starting point.
     *
     * @param destinations the EID prefixes asked for (host prefixes for lookups of hosts)
     * @param sourceEid the requesting edge's own EID
     * @param itrRloc where the Map-Reply must go: the generator's bind address
     * @param subscribe whether to subscribe (N bit, with an xTR-ID/Site-ID and so the I bit)
     * @return the payload
     */
    public static Payload mapRequests(final List<EidPrefix> destinations, final LispAddress sourceEid,
            final IpAddress itrRloc, final boolean subscribe) {
        final var templates = new Templates(destinations.size());
        for (var destination : destinations) {
            final var builder = MapRequest.builder(0, sourceEid).addItrRloc(itrRloc).addRecord(destination, subscribe);
            if (subscribe) {
                builder.xtrSiteId(new XtrSiteId(0x5767_6370, 0x6265_6e63_6800_0001L, 1));
            }
            templates.add(builder.build());
        }
        final String what = String.format("Map-Request for %,d destination%s (%s), source EID %s, ITR-RLOC %s%s",
            destinations.size(), destinations.size() == 1 ? "" : "s", describe(destinations), sourceEid, itrRloc,
            subscribe ? ", subscribe" : "");
        return new Payload(what, 1, NONCE_OFFSET, templates.maxLength, destinations.size(),
            thread -> templates.writer(thread, (out, start, template, offset, length, nonce) -> { }));
    }

    /**
     * Authenticated Map-Registers with M=1 (want Map-Notify), one record each, for a ring of records.
     *
     * @param records the mapping records to register
     * @param keyId the Key ID
     * @param algorithmId 1, 2 or 3 ({@link LispAuthentication})
     * @param preSharedKey the key
     * @param xtrSiteId the xTR-ID/Site-ID (sets the I bit), or null
     * @param signing how each nonce is signed
     * @return the payload
     */
    public static Payload mapRegisters(final List<MappingRecord> records, final int keyId, final int algorithmId,
            final byte[] preSharedKey, final XtrSiteId xtrSiteId, final Signing signing) {
        final int macLength = LispAuthentication.truncatedMacLength(algorithmId);
        final byte[] psk = preSharedKey.clone();
        final var templates = new Templates(records.size());
        for (var record : records) {
            templates.add(register(record, 0, keyId, algorithmId, macLength, xtrSiteId));
        }
        final String what = String.format("Map-Register (M=1, key id %d, algorithm %d, %d-byte MAC%s) for %,d "
            + "record%s (%s), signed by %s", keyId, algorithmId, macLength, xtrSiteId != null ? ", xTR-ID" : "",
            records.size(), records.size() == 1 ? "" : "s",
            describe(records.stream().map(MappingRecord::eid).toList()), signing);
        final IntFunction<Writer> writers = switch (signing) {
            case ENCODE_AND_SIGN -> thread -> {
                final int[] next = { startIndex(thread, records.size()) };
                return (out, nonce) -> {
                    final var record = records.get(next[0]);
                    next[0] = next[0] + 1 == records.size() ? 0 : next[0] + 1;
                    LispAuthentication.encodeAndSign(register(record, nonce, keyId, algorithmId, macLength,
                        xtrSiteId), psk, out);
                };
            };
            case SIGN_TEMPLATE -> thread -> templates.writer(thread,
                (out, start, template, offset, length, nonce) -> LispAuthentication.sign(out, start, length, psk));
            case CACHED_MAC -> thread -> algorithmId == LispAuthentication.HMAC_SHA256_128_HKDF_SHA256
                ? templates.writer(thread,
                    (out, start, template, offset, length, nonce) -> LispAuthentication.sign(out, start, length, psk))
                : templates.writer(thread, new CachedMacSigner(algorithmId, macLength, psk));
        };
        return new Payload(what, 3, NONCE_OFFSET, templates.maxLength, records.size(), writers);
    }

    /**
     * Returns the host prefixes of the first {@code count} mappings of the provisioning benchmark
     * ({@link MappingSet}: IPv4 /32 for even numbers, IPv6 /128 for odd ones, in their virtual networks), so that
     * Map-Requests ask exactly for what that benchmark provisions.
     *
     * @param count how many
     * @param shuffleSeed shuffle them with this seed (a lookup order without locality), or 0 to keep their order
     * @return the prefixes
     */
    public static List<EidPrefix> mappingSetHosts(final int count, final long shuffleSeed) {
        final List<EidPrefix> prefixes = new ArrayList<>(count);
        for (long seq = 0; seq < count; seq++) {
            final var address = IpAddress.parse(MappingSet.address(seq));
            prefixes.add(EidPrefix.of(MappingSet.instanceId(seq), address, address.bitLength()));
        }
        if (shuffleSeed != 0) {
            Collections.shuffle(prefixes, new Random(shuffleSeed));
        }
        return prefixes;
    }

    /**
     * Returns {@code count} consecutive host prefixes from a first address.
     *
     * @param instanceId the virtual network
     * @param first the first host address (IPv4 or IPv6)
     * @param count how many
     * @return the prefixes
     */
    public static List<EidPrefix> consecutiveHosts(final long instanceId, final IpAddress first, final int count) {
        final byte[] bytes = first.toInetAddress().getAddress();
        final List<EidPrefix> prefixes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final IpAddress address;
            try {
                address = IpAddress.of(InetAddress.getByAddress(bytes));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an address: " + first, e);
            }
            prefixes.add(EidPrefix.of(instanceId, address, address.bitLength()));
            increment(bytes);
        }
        return prefixes;
    }

    /**
     * Returns a mapping record with one WireGuard locator, as an edge registers it (TTL 3 minutes).
     *
     * @param eid the prefix
     * @param seed makes the 32-byte public key
     * @param endpoint the WireGuard endpoint
     * @return the record
     */
    public static MappingRecord wireGuardRecord(final EidPrefix eid, final long seed,
            final InetSocketAddress endpoint) {
        final byte[] key = new byte[WireGuardLocator.KEY_LENGTH];
        new SplittableRandom(seed).nextBytes(key);
        return MappingRecord.builder(eid).ttl(3).addLocator(WireGuardLocator.of(key, endpoint, null, 1, 100)).build();
    }

    /**
     * Returns an address in a virtual network, wrapped in an instance-id LCAF unless the instance id is 0.
     *
     * @param instanceId the instance id
     * @param address the address
     * @return the LISP address
     */
    public static LispAddress inInstance(final long instanceId, final IpAddress address) {
        return instanceId == 0 ? address : InstanceIdAddress.of(instanceId, address);
    }

    /**
     * Reads the nonce of a message as the generator writes it.
     *
     * @param message the datagram
     * @param payload the payload that wrote it
     * @return the nonce
     */
    static long nonceOf(final ByteBuf message, final Payload payload) {
        return message.getLong(message.readerIndex() + payload.nonceOffset());
    }

    static MapRegister register(final MappingRecord record, final long nonce, final int keyId, final int algorithmId,
            final int macLength, final XtrSiteId xtrSiteId) {
        return MapRegister.builder(nonce).wantMapNotify(true).authentication(keyId, algorithmId, macLength)
            .addRecord(record).xtrSiteId(xtrSiteId).build();
    }

    private static int startIndex(final int thread, final int count) {
        return (int) (thread * GOLDEN_RATIO * count % count);
    }

    private static String describe(final List<EidPrefix> prefixes) {
        if (prefixes.isEmpty()) {
            return "none";
        }
        return prefixes.size() == 1 ? prefixes.get(0).toString()
            : prefixes.get(0) + " .. " + prefixes.get(prefixes.size() - 1);
    }

    private static void increment(final byte[] address) {
        for (int i = address.length - 1; i >= 0; i--) {
            address[i]++;
            if (address[i] != 0) {
                return;
            }
        }
    }

    /**
     * Finishes a request copied from its template and given its nonce (signs it, or nothing).
     */
    @FunctionalInterface
    private interface Finisher {
        void finish(ByteBuf out, int start, byte[] template, int offset, int length, long nonce);
    }

    /**
     * Encoded messages with nonce 0 and zeroed authentication data, back to back in one array (a million
     * Map-Requests take about 45 MB).
     */
    private static final class Templates {
        private final List<byte[]> pending;
        private byte[] data;
        private int[] offsets;
        private int maxLength;

        Templates(final int expected) {
            pending = new ArrayList<>(expected);
        }

        void add(final LispMessage message) {
            final ByteBuf buf = Unpooled.buffer(LispMessageEncoder.encodedLength(message));
            LispMessageEncoder.encode(message, buf);
            final byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            pending.add(bytes);
            maxLength = Math.max(maxLength, bytes.length);
        }

        private void seal() {
            if (data != null) {
                return;
            }
            if (pending.isEmpty()) {
                throw new IllegalArgumentException("no messages");
            }
            offsets = new int[pending.size() + 1];
            long total = 0;
            for (int i = 0; i < pending.size(); i++) {
                offsets[i] = (int) total;
                total += pending.get(i).length;
            }
            if (total > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("templates too large: " + total + " bytes");
            }
            offsets[pending.size()] = (int) total;
            data = new byte[(int) total];
            for (int i = 0; i < pending.size(); i++) {
                System.arraycopy(pending.get(i), 0, data, offsets[i], pending.get(i).length);
            }
            pending.clear();
        }

        synchronized Writer writer(final int thread, final Finisher finisher) {
            seal();
            final byte[] bytes = data;
            final int[] starts = offsets;
            final int count = starts.length - 1;
            final int[] next = { startIndex(thread, count) };
            return (out, nonce) -> {
                final int index = next[0];
                next[0] = index + 1 == count ? 0 : index + 1;
                final int offset = starts[index];
                final int length = starts[index + 1] - offset;
                final int start = out.writerIndex();
                out.writeBytes(bytes, offset, length);
                out.setLong(start + NONCE_OFFSET, nonce);
                finisher.finish(out, start, bytes, offset, length, nonce);
            };
        }
    }

    /**
     * Signs with an HMAC engine keyed once, straight from the template: the MAC covers the first four bytes, the
     * nonce, then the rest of the template (whose authentication data is zero), and its leading bytes go into the
     * field. Byte-identical to {@link LispAuthentication#sign} for algorithms 1 and 2.
     */
    private static final class CachedMacSigner implements Finisher {
        private final Mac mac;
        private final int macLength;
        private final byte[] nonceBytes = new byte[Long.BYTES];
        private final byte[] result;

        CachedMacSigner(final int algorithmId, final int macLength, final byte[] psk) {
            final String algorithm = algorithmId == LispAuthentication.HMAC_SHA1_96 ? "HmacSHA1" : "HmacSHA256";
            try {
                mac = Mac.getInstance(algorithm);
                mac.init(new SecretKeySpec(psk, algorithm));
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("cannot key " + algorithm, e);
            }
            this.macLength = macLength;
            result = new byte[mac.getMacLength()];
        }

        @Override
        public void finish(final ByteBuf out, final int start, final byte[] template, final int offset,
                final int length, final long nonce) {
            for (int i = 0; i < Long.BYTES; i++) {
                nonceBytes[i] = (byte) (nonce >>> 56 - 8 * i);
            }
            final int afterNonce = NONCE_OFFSET + Long.BYTES;
            mac.update(template, offset, NONCE_OFFSET);
            mac.update(nonceBytes);
            mac.update(template, offset + afterNonce, length - afterNonce);
            try {
                // doFinal leaves the engine keyed for the next message.
                mac.doFinal(result, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException(e);
            }
            out.setBytes(start + LispAuthentication.AUTHENTICATION_DATA_OFFSET, result, 0, macLength);
        }
    }
}
