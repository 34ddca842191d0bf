/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.lisp.codec.EidPrefix;
import io.wgcp.lisp.codec.IpAddress;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.lisp.codec.WireGuardLocator;
import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.InetSocketAddress;

/** Mapping records as the map server sends them, for the agent's unit tests. */
final class Mappings {
    static final long IID = 7;

    private Mappings() {
        // factory
    }

    static WireGuardKey key(final int seed) {
        final byte[] bytes = new byte[32];
        bytes[0] = (byte) seed;
        return WireGuardKey.of(bytes);
    }

    static EidPrefix eid(final String prefix) {
        final var parsed = IpPrefix.parse(prefix);
        return EidPrefix.of(IID, IpAddress.of(parsed.address()), parsed.length());
    }

    static MappingRecord mapping(final String prefix, final WireGuardKey key, final String endpoint) {
        return MappingRecord.builder(eid(prefix)).ttl(10).addLocator(WireGuardLocator.of(key.bytes(),
            new InetSocketAddress(IpLiteral.parse(endpoint), 51820), null, 1, 100)).build();
    }

    static MappingRecord withdrawal(final String prefix) {
        return MappingRecord.builder(eid(prefix)).ttl(0).build();
    }
}
