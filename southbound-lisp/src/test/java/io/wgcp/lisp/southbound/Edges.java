/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.wgcp.lisp.codec.EidPrefix;
import io.wgcp.lisp.codec.IpAddress;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.lisp.codec.WireGuardLocator;
import io.wgcp.mapserver.api.EdgeChangeListener;
import io.wgcp.mapserver.api.EdgeDirectory;
import io.wgcp.mapserver.api.EdgeInfo;
import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.opendaylight.aaa.encrypt.AAAEncryptionService;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.AuthenticationAlgorithm;
import org.opendaylight.yangtools.concepts.Registration;

/**
 * Provisioned edges for the southbound's unit tests: an {@link EdgeDirectory} in memory and an "encryption" that
 * stores each Map-Register secret as its base64 text, so that {@link EdgeKeys} decrypts it as the datastore's would.
 */
final class Edges implements EdgeDirectory {
    static final long VN = 7;
    /** Edge a: control 192.0.2.11, EID 203.0.113.1/32; edge b: 192.0.2.12, 203.0.113.2/32 (both in VN 7). */
    static final EdgeInfo A = provisioned("a", 1, "192.0.2.11", "203.0.113.1/32");
    static final EdgeInfo B = provisioned("b", 2, "192.0.2.12", "203.0.113.2/32");
    static final AAAEncryptionService PLAIN = new AAAEncryptionService() {
        @Override
        public byte[] encrypt(final byte[] data) {
            return data.clone();
        }

        @Override
        public byte[] decrypt(final byte[] data) {
            return data.clone();
        }
    };

    private final Map<String, EdgeInfo> edges = new LinkedHashMap<>();

    Edges(final EdgeInfo... provisioned) {
        for (var edge : provisioned) {
            edges.put(edge.edgeId(), edge);
        }
    }

    static WireGuardKey key(final int seed) {
        final byte[] bytes = new byte[32];
        bytes[0] = (byte) seed;
        return WireGuardKey.of(bytes);
    }

    static byte[] secretOf(final EdgeInfo edge) {
        return ("secret of " + edge.edgeId()).getBytes(StandardCharsets.UTF_8);
    }

    private static EdgeInfo provisioned(final String id, final int seed, final String control, final String eid) {
        final var info = new EdgeInfo(id, key(seed), IpLiteral.parse(control),
            List.of(new EdgeInfo.AuthorizedEid(VN, IpPrefix.parse(eid))), null);
        return new EdgeInfo(id, info.controlKey(), info.controlAddress(), info.authorizedEids(),
            new EdgeInfo.RegisterKey(1, AuthenticationAlgorithm.HmacSha256128,
                Base64.getEncoder().encodeToString(secretOf(info))));
    }

    /** The WireGuard mapping record an edge registers for its EID at an endpoint. */
    static MappingRecord mappingOf(final EdgeInfo edge, final String endpoint) {
        final var prefix = edge.authorizedEids().get(0).prefix();
        return MappingRecord.builder(EidPrefix.of(VN, IpAddress.of(prefix.address()), prefix.length())).ttl(3)
            .addLocator(WireGuardLocator.of(edge.controlKey().bytes(), new InetSocketAddress(IpLiteral.parse(endpoint),
                51820), null, 1, 100)).build();
    }

    static InetSocketAddress from(final EdgeInfo edge) {
        return new InetSocketAddress(edge.controlAddress(), 4342);
    }

    @Override
    public EdgeInfo edge(final String edgeId) {
        return edges.get(edgeId);
    }

    @Override
    public EdgeInfo edgeByControlAddress(final InetAddress controlAddress) {
        return edges.values().stream().filter(edge -> edge.controlAddress().equals(controlAddress)).findFirst()
            .orElse(null);
    }

    @Override
    public Collection<EdgeInfo> edges() {
        return edges.values();
    }

    @Override
    public Map<Long, String> virtualNetworks() {
        return Map.of(VN, "vn7");
    }

    @Override
    public boolean virtualNetworkExists(final long instanceId) {
        return instanceId == VN;
    }

    @Override
    public Set<String> edgesIn(final long instanceId) {
        return edges.values().stream().filter(edge -> edge.authorizedEids().stream()
            .anyMatch(eid -> eid.instanceId() == instanceId)).map(EdgeInfo::edgeId).collect(Collectors.toSet());
    }

    @Override
    public Registration addChangeListener(final EdgeChangeListener listener) {
        return () -> { };
    }
}
