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
 * One EID record of a Map-Request: the prefix asked for, with the RFC 9437 N bit.
 *
 * @param subscribe the N bit: subscribe to changes of this prefix (needs the I bit and an xTR-ID on the request)
 * @param eid the EID prefix asked for
 */
public record MapRequestRecord(boolean subscribe, EidPrefix eid) {
    /** Validates the components. */
    public MapRequestRecord {
        Objects.requireNonNull(eid);
    }
}
