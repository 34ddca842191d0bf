/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

/**
 * An address as LISP carries it: an AFI followed by a family-specific body.
 *
 * <p>The hierarchy is closed: plain IP addresses ({@link Ipv4Address}, {@link Ipv6Address}), the empty address
 * ({@link NoAddress}, AFI 0) and the LCAF addresses ({@link LcafAddress}). Instances are immutable and compare by
 * value.
 */
public sealed interface LispAddress permits IpAddress, NoAddress, LcafAddress {
    /**
     * Returns the Address Family Identifier written in front of this address.
     *
     * @return the AFI, see {@link Afi}
     */
    int afi();
}
