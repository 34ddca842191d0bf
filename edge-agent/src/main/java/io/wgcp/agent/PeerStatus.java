/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A snapshot of one data-plane peer, as {@code status} shows it.
 *
 * @param prefix the EID prefix (allowed IPs and route)
 * @param publicKey the peer's WireGuard public key, base64
 * @param source how it was learnt: pulled (Map-Reply), pushed (Map-Notify) or restored (after a restart)
 * @param endpoint the endpoint WireGuard uses for it now (it follows the peer's authenticated packets when the peer
 *     roams), as last read from the data interface; the mapped one until then
 * @param mappedEndpoint the endpoint of its mapping (what the map server answered or pushed)
 * @param lastHandshake the last handshake, or null
 * @param ttlLeftSeconds seconds until the mapping is re-resolved
 * @param rxBytes bytes received
 * @param txBytes bytes sent
 */
public record PeerStatus(String prefix, String publicKey, PeerSource source, InetSocketAddress endpoint,
        InetSocketAddress mappedEndpoint, Instant lastHandshake, long ttlLeftSeconds, long rxBytes, long txBytes) {
}
