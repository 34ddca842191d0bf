/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

/**
 * The empty address, AFI 0: only the two AFI bytes on the wire. It stands for "no address" in NAT-traversal LCAFs,
 * an unknown source EID, and the unsubscribe ITR-RLOC of a Map-Request.
 */
public enum NoAddress implements LispAddress {
    /** The only instance. */
    INSTANCE;

    @Override
    public int afi() {
        return Afi.NONE;
    }

    @Override
    public String toString() {
        return "no-address";
    }
}
