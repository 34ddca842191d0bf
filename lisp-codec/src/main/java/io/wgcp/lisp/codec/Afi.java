/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

/**
 * Address Family Identifiers and LCAF type numbers that this codec understands.
 */
public final class Afi {
    /** AFI 0: no address (just the two AFI bytes on the wire). */
    public static final int NONE = 0;
    /** AFI 1: IPv4. */
    public static final int IPV4 = 1;
    /** AFI 2: IPv6. */
    public static final int IPV6 = 2;
    /** AFI 16387: LISP Canonical Address Format (RFC 8060). */
    public static final int LCAF = 16387;

    /** LCAF type 1: AFI List. */
    public static final int LCAF_AFI_LIST = 1;
    /** LCAF type 2: Instance ID. */
    public static final int LCAF_INSTANCE_ID = 2;
    /** LCAF type 7: NAT Traversal. */
    public static final int LCAF_NAT_TRAVERSAL = 7;
    /** LCAF type 11: Security Key. */
    public static final int LCAF_SECURITY_KEY = 11;

    private Afi() {
        // constants only
    }

    /**
     * Tells whether an LCAF type has a structured representation in this codec.
     *
     * @param lcafType the LCAF type
     * @return true for types 1, 2, 7 and 11
     */
    public static boolean isKnownLcafType(final int lcafType) {
        return lcafType == LCAF_AFI_LIST || lcafType == LCAF_INSTANCE_ID || lcafType == LCAF_NAT_TRAVERSAL
            || lcafType == LCAF_SECURITY_KEY;
    }
}
