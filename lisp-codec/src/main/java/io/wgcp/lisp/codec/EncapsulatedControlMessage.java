/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * An Encapsulated Control Message (type 8, RFC 9301 section 5.8) carrying a Map-Request behind an inner IPv4 or IPv6
 * header and an inner UDP header, as Open Overlay Router sends every Map-Request.
 *
 * <p>The inner source address and UDP source port are kept because the Map-Reply must go there
 * ({@link #replyAddress()}). Other inner header fields are not kept: the encoder writes TOS/traffic class 0,
 * identification 0, no fragmentation flags, and computes the IPv4 header checksum and the UDP checksum. The decoder
 * does not verify the inner checksums (the outer UDP checksum already covers the datagram).
 *
 * @param security the S bit: LISP-SEC (not supported beyond carrying the bit)
 * @param ddtOriginated the D bit: sent by a DDT node
 * @param toEtr the E bit: to be forwarded to an ETR
 * @param toMapServer the M bit: to be forwarded to a map server
 * @param innerSource the inner IP source address: the requester
 * @param innerDestination the inner IP destination address, of the same family as the source
 * @param innerSourcePort the inner UDP source port: where the reply goes
 * @param innerDestinationPort the inner UDP destination port, normally 4342
 * @param innerHopLimit the inner IPv4 TTL or IPv6 hop limit, 0 to 255
 * @param mapRequest the encapsulated Map-Request
 */
public record EncapsulatedControlMessage(boolean security, boolean ddtOriginated, boolean toEtr, boolean toMapServer,
        IpAddress innerSource, IpAddress innerDestination, int innerSourcePort, int innerDestinationPort,
        int innerHopLimit, MapRequest mapRequest) implements LispMessage {
    /** Validates the components. */
    public EncapsulatedControlMessage {
        Objects.requireNonNull(innerSource);
        Objects.requireNonNull(innerDestination);
        if (innerSource.afi() != innerDestination.afi()) {
            throw new IllegalArgumentException("inner source and destination are of different families");
        }
        Checks.u16(innerSourcePort, "inner source port");
        Checks.u16(innerDestinationPort, "inner destination port");
        Checks.u8(innerHopLimit, "inner hop limit");
        Objects.requireNonNull(mapRequest);
    }

    /**
     * Wraps a Map-Request: no flags, hop limit 64.
     *
     * @param source the requester's address
     * @param sourcePort the requester's UDP port
     * @param destination the map resolver's address
     * @param destinationPort the map resolver's port, normally 4342
     * @param request the request
     * @return the message
     */
    public static EncapsulatedControlMessage of(final IpAddress source, final int sourcePort,
            final IpAddress destination, final int destinationPort, final MapRequest request) {
        return new EncapsulatedControlMessage(false, false, false, false, source, destination, sourcePort,
            destinationPort, 64, request);
    }

    /**
     * Returns where the Map-Reply must go: the inner source address and UDP source port.
     *
     * @return the reply address
     */
    public InetSocketAddress replyAddress() {
        return new InetSocketAddress(innerSource.toInetAddress(), innerSourcePort);
    }

    @Override
    public MessageType type() {
        return MessageType.ENCAPSULATED_CONTROL_MESSAGE;
    }
}
