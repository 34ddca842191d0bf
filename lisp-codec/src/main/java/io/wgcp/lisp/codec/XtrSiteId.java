/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

/**
 * The 128-bit xTR-ID and 64-bit Site-ID that follow a message whose I bit is set (RFC 9301, RFC 9437).
 *
 * @param xtrIdHigh the first 64 bits of the xTR-ID
 * @param xtrIdLow the last 64 bits of the xTR-ID
 * @param siteId the Site-ID
 */
public record XtrSiteId(long xtrIdHigh, long xtrIdLow, long siteId) {
    /** The size of the trailer on the wire. */
    public static final int WIRE_LENGTH = 24;
}
