/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * The vocabulary of wgcp, one type per notion: {@link io.wgcp.types.WireGuardKey} (a WireGuard public key),
 * {@link io.wgcp.types.IpPrefix} (an IPv4 or IPv6 prefix, packed into two longs so that the map server's index can
 * use it on its lookup path) and {@link io.wgcp.types.IpLiteral} (the one strict parser and formatter of IP
 * literals and endpoints). An IPv4-mapped IPv6 literal ({@code ::ffff:192.0.2.1}) stays IPv6 everywhere: it is a
 * different address on the wire (AFI 2, not AFI 1) and in WireGuard's allowed IPs.
 */
package io.wgcp.types;
