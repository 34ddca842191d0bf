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
 * The messages that carry authentication data: Map-Register, Map-Notify and Map-Notify-Ack. They share one layout
 * after the first word: nonce, Key ID (8 bits), Algorithm ID (8 bits), Authentication Data Length, Authentication
 * Data, records, and the xTR-ID/Site-ID when the I bit is set. See {@link LispAuthentication}.
 */
public sealed interface AuthenticatedMessage extends LispMessage permits MapRegister, MapNotify, MapNotifyAck {
    /**
     * Returns the nonce.
     *
     * @return the 64-bit nonce
     */
    long nonce();

    /**
     * Returns the Key ID: which of the peers' pre-shared keys signed the message.
     *
     * @return the 8-bit key id (the legacy 16-bit key id 1 or 2 reads as key id 0 with algorithm 1 or 2)
     */
    int keyId();

    /**
     * Returns the Algorithm ID.
     *
     * @return the 8-bit algorithm id, see {@link LispAuthentication}
     */
    int algorithmId();

    /**
     * Returns the Authentication Data as carried (a MAC, or zeros before signing).
     *
     * @return the authentication data; its length is the Authentication Data Length field
     */
    ImmutableBytes authenticationData();

    /**
     * Returns the mapping records.
     *
     * @return the records
     */
    List<MappingRecord> records();

    /**
     * Returns the xTR-ID/Site-ID trailer.
     *
     * @return the trailer, or null when the I bit is clear
     */
    XtrSiteId xtrSiteId();
}
