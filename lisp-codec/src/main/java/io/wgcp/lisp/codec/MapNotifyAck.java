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
 * A Map-Notify-Ack (type 5, RFC 9301 section 5.7), with the layout of {@link MapNotify}: it acknowledges an
 * unsolicited Map-Notify by copying its nonce and records, signed with the same key.
 *
 * @param reservedR the R bit (carried so that it round-trips)
 * @param nonce the nonce of the notify being acknowledged
 * @param keyId the 8-bit Key ID
 * @param algorithmId the 8-bit Algorithm ID
 * @param authenticationData the authentication data, at most 65535 bytes
 * @param records the mapping records, at most 255
 * @param xtrSiteId the xTR-ID/Site-ID carried when the I bit is set, or null
 */
public record MapNotifyAck(boolean reservedR, long nonce, int keyId, int algorithmId,
        ImmutableBytes authenticationData, List<MappingRecord> records, XtrSiteId xtrSiteId)
        implements AuthenticatedMessage {
    /** Validates and freezes the components. */
    public MapNotifyAck {
        Checks.u8(keyId, "key id");
        Checks.u8(algorithmId, "algorithm id");
        Objects.requireNonNull(authenticationData);
        Checks.u16(authenticationData.length(), "authentication data length");
        records = List.copyOf(records);
        Checks.count(records.size(), 255, "records");
    }

    /**
     * Creates the acknowledgement of a notify: same nonce, records, key id, algorithm, MAC length and
     * xTR-ID/Site-ID, with zeroed authentication data to be signed after encoding.
     *
     * @param notify the notify being acknowledged
     * @return the acknowledgement
     */
    public static MapNotifyAck acknowledging(final MapNotify notify) {
        return new MapNotifyAck(false, notify.nonce(), notify.keyId(), notify.algorithmId(),
            ImmutableBytes.zeros(notify.authenticationData().length()), notify.records(), notify.xtrSiteId());
    }

    @Override
    public MessageType type() {
        return MessageType.MAP_NOTIFY_ACK;
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
