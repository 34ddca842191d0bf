/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.util.List;

/**
 * A Map-Reply (type 2, RFC 9301 section 5.4).
 *
 * @param probe the P bit: answer to an RLOC-probe
 * @param echoNonce the E bit: echo-nonce capable
 * @param security the S bit: LISP-SEC (not supported by this codec beyond carrying the bit; see the package notes)
 * @param nonce the nonce of the Map-Request being answered
 * @param records the mapping records, at most 255
 */
public record MapReply(boolean probe, boolean echoNonce, boolean security, long nonce, List<MappingRecord> records)
        implements LispMessage {
    /** Validates and freezes the components. */
    public MapReply {
        records = List.copyOf(records);
        Checks.count(records.size(), 255, "records");
    }

    /**
     * Creates a plain reply (no flags).
     *
     * @param nonce the request's nonce
     * @param records the mapping records
     * @return the reply
     */
    public static MapReply of(final long nonce, final List<MappingRecord> records) {
        return new MapReply(false, false, false, nonce, records);
    }

    /**
     * Creates a plain reply with one record.
     *
     * @param nonce the request's nonce
     * @param mappingRecord the mapping record
     * @return the reply
     */
    public static MapReply of(final long nonce, final MappingRecord mappingRecord) {
        return new MapReply(false, false, false, nonce, List.of(mappingRecord));
    }

    @Override
    public MessageType type() {
        return MessageType.MAP_REPLY;
    }
}
