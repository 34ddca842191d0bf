/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.util.Objects;

/**
 * An LCAF whose type this codec does not interpret: kept as raw bytes, skipped by its Length when decoding and
 * re-emitted verbatim (header fields included) when encoding, so that a record relayed by the map server keeps what
 * its originator put in it.
 *
 * @param lcafType the LCAF type, 0 to 255, not one of the known types 1, 2, 7, 11
 * @param reserved1 the Rsvd1 byte
 * @param flags the Flags byte
 * @param reserved2 the Rsvd2 byte (some types put a field here)
 * @param body the bytes after the Length field, at most 65535
 */
public record UnknownLcafAddress(int lcafType, int reserved1, int flags, int reserved2, ImmutableBytes body)
        implements LcafAddress {
    /** Validates the components. */
    public UnknownLcafAddress {
        Checks.u8(lcafType, "LCAF type");
        if (Afi.isKnownLcafType(lcafType)) {
            // a known type encoded from raw bytes would decode as its structured form and break round trips
            throw new IllegalArgumentException("LCAF type " + lcafType + " has a structured representation");
        }
        Checks.u8(reserved1, "Rsvd1");
        Checks.u8(flags, "flags");
        Checks.u8(reserved2, "Rsvd2");
        Objects.requireNonNull(body);
        Checks.u16(body.length(), "LCAF length");
    }
}
