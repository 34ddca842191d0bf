/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.util.List;
import java.util.Objects;

/**
 * A Map-Notify (type 4, RFC 9301 section 5.7): the answer to a Map-Register with the M bit, or an unsolicited push or
 * publication (RFC 9437), retransmitted until a {@link MapNotifyAck} with the same nonce arrives.
 *
 * <p>The I bit is set exactly when {@link #xtrSiteId()} is present.
 *
 * @param reservedR the R bit (carried so that it round-trips)
 * @param nonce the nonce: the register's for a solicited notify, a fresh one otherwise
 * @param keyId the 8-bit Key ID
 * @param algorithmId the 8-bit Algorithm ID
 * @param authenticationData the authentication data, at most 65535 bytes
 * @param records the mapping records, at most 255
 * @param xtrSiteId the xTR-ID/Site-ID carried when the I bit is set, or null
 */
public record MapNotify(boolean reservedR, long nonce, int keyId, int algorithmId, ImmutableBytes authenticationData,
        List<MappingRecord> records, XtrSiteId xtrSiteId) implements AuthenticatedMessage {
    /** Validates and freezes the components. */
    public MapNotify {
        Checks.u8(keyId, "key id");
        Checks.u8(algorithmId, "algorithm id");
        Objects.requireNonNull(authenticationData);
        Checks.u16(authenticationData.length(), "authentication data length");
        records = List.copyOf(records);
        Checks.count(records.size(), 255, "records");
    }

    /**
     * Creates an unsigned notify (zeroed authentication data of the given length), to be signed after encoding.
     *
     * @param nonce the nonce
     * @param keyId the key id
     * @param algorithmId the algorithm id
     * @param macLength the length of the authentication data
     * @param records the mapping records
     * @return the notify
     */
    public static MapNotify unsigned(final long nonce, final int keyId, final int algorithmId, final int macLength,
            final List<MappingRecord> records) {
        return new MapNotify(false, nonce, keyId, algorithmId, ImmutableBytes.zeros(macLength), records, null);
    }

    /**
     * Creates the solicited answer to a register: same nonce, records, key id, algorithm, MAC length and
     * xTR-ID/Site-ID, with zeroed authentication data to be signed after encoding.
     *
     * @param register the register being answered
     * @return the notify
     */
    public static MapNotify answering(final MapRegister register) {
        return new MapNotify(false, register.nonce(), register.keyId(), register.algorithmId(),
            ImmutableBytes.zeros(register.authenticationData().length()), register.records(), register.xtrSiteId());
    }

    @Override
    public MessageType type() {
        return MessageType.MAP_NOTIFY;
    }

    /**
     * Returns the I bit.
     *
     * @return true when an xTR-ID/Site-ID is carried
     */
    public boolean xtrSiteIdPresent() {
        return xtrSiteId != null;
    }
}
