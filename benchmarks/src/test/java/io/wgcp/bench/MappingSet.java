/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * The benchmark's mappings, a pure function of a sequence number so that any client can build any slice and a
 * verifier can recompute what was written. Only benchmarking and documentation ranges are used:
 * <ul>
 *   <li>even numbers: IPv4 host EIDs ({@code /32}) in 198.18.0.0/15; its 131,072 addresses are reused in virtual
 *       networks 0, 1, 2, ... (see {@link #virtualNetworksNeeded(long)});</li>
 *   <li>odd numbers: IPv6 host EIDs ({@code /128}) in 2001:db8::/32, virtual network 0;</li>
 *   <li>every mapping: its own WireGuard key (32 pseudo-random bytes, so no sharing flatters the memory figure), one
 *       locator in 198.18.0.0/15 on port 51820, priority 1, weight 100, TTL 1440.</li>
 * </ul>
 */
public final class MappingSet {
    /** Host addresses in 198.18.0.0/15. */
    static final int IPV4_HOSTS = 1 << 17;
    private static final int IPV4_BASE = 0xC6120000;
    private static final long KEY_SEED = 0x5eed_2026_0bad_cafeL;

    private MappingSet() {
        // utility class
    }

    /**
     * Returns how many virtual networks (0 .. n-1) the first {@code count} mappings use.
     *
     * @param count the number of mappings
     * @return the number of virtual networks, at least 1
     */
    static int virtualNetworksNeeded(final long count) {
        final long ipv4 = (count + 1) / 2;
        return (int) Math.max(1, (ipv4 + IPV4_HOSTS - 1) / IPV4_HOSTS);
    }

    public static long instanceId(final long seq) {
        return seq % 2 == 0 ? seq / 2 / IPV4_HOSTS : 0;
    }

    /**
     * Returns the host address of a mapping's EID, the address that {@code resolve} must find.
     *
     * @param seq the sequence number
     * @return the address text
     */
    public static String address(final long seq) {
        if (seq % 2 == 0) {
            return ipv4(IPV4_BASE + (int) (seq / 2 % IPV4_HOSTS));
        }
        // 2001:db8::/32, host number seq / 2 + 1 in the last 32 bits, in RFC 5952 form.
        final long host = seq / 2 + 1;
        final long high = host >>> 16 & 0xffff;
        final long low = host & 0xffff;
        return high == 0 ? "2001:db8::" + Long.toHexString(low)
            : "2001:db8::" + Long.toHexString(high) + ":" + Long.toHexString(low);
    }

    static String prefix(final long seq) {
        return address(seq) + (seq % 2 == 0 ? "/32" : "/128");
    }

    static String publicKey(final long seq) {
        final var random = new SplittableRandom(KEY_SEED ^ seq * 0x9E3779B97F4A7C15L);
        final byte[] key = new byte[32];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static String locatorAddress(final long seq) {
        return ipv4(IPV4_BASE + IPV4_HOSTS / 2 + (int) (seq % (IPV4_HOSTS / 2)));
    }

    /**
     * Returns the RESTCONF path of one mapping, its key percent-encoded.
     *
     * @param seq the sequence number
     * @return e.g. {@code /data/wgcp:mappings/mapping=0,198.18.0.1%2F32}
     */
    static String path(final long seq) {
        return "/data/wgcp:mappings/mapping=" + instanceId(seq) + "," + prefix(seq).replace("/", "%2F")
            .replace(":", "%3A");
    }

    /**
     * Appends one list entry as a JSON object.
     *
     * @param out where to append
     * @param seq the sequence number
     * @return out
     */
    static StringBuilder appendEntry(final StringBuilder out, final long seq) {
        return out.append("{\"instance-id\":").append(instanceId(seq))
            .append(",\"eid-prefix\":\"").append(prefix(seq))
            .append("\",\"public-key\":\"").append(publicKey(seq))
            .append("\",\"locator\":[{\"address\":\"").append(locatorAddress(seq))
            .append("\",\"port\":51820,\"priority\":1,\"weight\":100}],\"ttl\":1440}");
    }

    /**
     * Returns the body of a PUT of one list entry.
     *
     * @param seq the sequence number
     * @return {@code {"wgcp:mapping":[{...}]}}
     */
    static byte[] single(final long seq) {
        return appendEntry(new StringBuilder(256).append("{\"wgcp:mapping\":["), seq).append("]}")
            .toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Returns the body of a plain PATCH (merge) of the mappings container with a slice of mappings.
     *
     * @param from the first sequence number
     * @param to one past the last
     * @return {@code {"wgcp:mappings":{"mapping":[...]}}}
     */
    static byte[] mergeBody(final long from, final long to) {
        final var out = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 64, (to - from) * 240 + 64))
            .append("{\"wgcp:mappings\":{\"mapping\":[");
        return list(out, from, to).append("]}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Returns the body of a POST to the mappings container that creates a slice of list entries.
     *
     * @param from the first sequence number
     * @param to one past the last
     * @return {@code {"wgcp:mapping":[...]}}
     */
    static byte[] postBody(final long from, final long to) {
        final var out = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 64, (to - from) * 240 + 64))
            .append("{\"wgcp:mapping\":[");
        return list(out, from, to).append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Returns the body of an RFC 8072 YANG-PATCH that creates a slice of mappings, one edit per entry.
     *
     * @param from the first sequence number
     * @param to one past the last
     * @return the {@code ietf-yang-patch:yang-patch} document
     */
    static byte[] yangPatchBody(final long from, final long to) {
        final var out = new StringBuilder((int) ((to - from) * 360 + 128))
            .append("{\"ietf-yang-patch:yang-patch\":{\"patch-id\":\"bench-").append(from).append("\",\"edit\":[");
        for (long seq = from; seq < to; seq++) {
            if (seq > from) {
                out.append(',');
            }
            out.append("{\"edit-id\":\"e").append(seq).append("\",\"operation\":\"create\",\"target\":\"/mapping=")
                .append(instanceId(seq)).append(',').append(prefix(seq).replace("/", "%2F").replace(":", "%3A"))
                .append("\",\"value\":{\"wgcp:mapping\":[");
            appendEntry(out, seq).append("]}}");
        }
        return out.append("]}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder list(final StringBuilder out, final long from, final long to) {
        for (long seq = from; seq < to; seq++) {
            if (seq > from) {
                out.append(',');
            }
            appendEntry(out, seq);
        }
        return out;
    }

    private static String ipv4(final int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "."
            + (address & 0xff);
    }
}
