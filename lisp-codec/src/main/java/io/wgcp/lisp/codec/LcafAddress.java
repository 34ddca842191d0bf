/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

/**
 * An address in the LISP Canonical Address Format (AFI 16387, RFC 8060).
 *
 * <p>The known types have structured representations; any other type is kept as an {@link UnknownLcafAddress}, whose
 * body is skipped by its Length when decoding and written back verbatim when encoding.
 */
public sealed interface LcafAddress extends LispAddress
        permits AfiListAddress, InstanceIdAddress, NatTraversalAddress, SecurityKeyAddress, UnknownLcafAddress {
    /**
     * Returns the LCAF type.
     *
     * @return the type number, see {@link Afi}
     */
    int lcafType();

    @Override
    default int afi() {
        return Afi.LCAF;
    }
}
