/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Map-Request (type 1, RFC 9301 section 5.2, with the RFC 9437 I and N bits).
 *
 * <p>The M bit is set exactly when {@link #mapReplyRecord()} is present and the I bit exactly when
 * {@link #xtrSiteId()} is present, so a request cannot claim a trailer it does not have.
 *
 * @param authoritative the A bit
 * @param probe the P bit: RLOC-probe
 * @param smr the S bit: solicit-map-request
 * @param pitr the p bit: sent by a proxy ITR
 * @param smrInvoked the s bit: sent in answer to an SMR
 * @param reservedR the R bit (reserved in RFC 9301; carried so that it round-trips)
 * @param local the L bit: sent by the local xTR
 * @param dontMapReply the D bit: do not send a Map-Reply
 * @param nonce the 64-bit nonce, echoed by the Map-Reply
 * @param sourceEid the requester's own EID (in wgcp: the requesting edge's overlay address), possibly AFI 0
 * @param itrRlocs where the Map-Reply must go, 1 to 32 addresses; AFI 0 in a subscribe request means unsubscribe
 * @param records the EID records asked for, at most 255
 * @param mapReplyRecord the mapping record carried when the M bit is set, or null
 * @param xtrSiteId the xTR-ID/Site-ID carried when the I bit is set, or null
 */
public record MapRequest(boolean authoritative, boolean probe, boolean smr, boolean pitr, boolean smrInvoked,
        boolean reservedR, boolean local, boolean dontMapReply, long nonce, LispAddress sourceEid,
        List<LispAddress> itrRlocs, List<MapRequestRecord> records, MappingRecord mapReplyRecord,
        XtrSiteId xtrSiteId) implements LispMessage {
    /** Validates and freezes the components. */
    public MapRequest {
        Objects.requireNonNull(sourceEid);
        itrRlocs = List.copyOf(itrRlocs);
        if (itrRlocs.isEmpty() || itrRlocs.size() > 32) {
            throw new IllegalArgumentException("a Map-Request carries 1 to 32 ITR-RLOCs, not " + itrRlocs.size());
        }
        records = List.copyOf(records);
        Checks.count(records.size(), 255, "records");
    }

    @Override
    public MessageType type() {
        return MessageType.MAP_REQUEST;
    }

    /**
     * Returns the M bit.
     *
     * @return true when a map-reply record is carried
     */
    public boolean mapDataPresent() {
        return mapReplyRecord != null;
    }

    /**
     * Returns the I bit.
     *
     * @return true when an xTR-ID/Site-ID is carried
     */
    public boolean xtrSiteIdPresent() {
        return xtrSiteId != null;
    }

    /**
     * Starts a builder with all flags clear and no records.
     *
     * @param nonce the nonce
     * @param sourceEid the requester's EID
     * @return a builder
     */
    public static Builder builder(final long nonce, final LispAddress sourceEid) {
        return new Builder(nonce, sourceEid);
    }

    /**
     * Builds {@link MapRequest}s. Not thread-safe.
     */
    public static final class Builder {
        private final List<LispAddress> itrRlocs = new ArrayList<>(1);
        private final List<MapRequestRecord> records = new ArrayList<>(1);
        private final long nonce;
        private final LispAddress sourceEid;
        private boolean authoritative;
        private boolean probe;
        private boolean smr;
        private boolean pitr;
        private boolean smrInvoked;
        private boolean reservedR;
        private boolean local;
        private boolean dontMapReply;
        private MappingRecord mapReplyRecord;
        private XtrSiteId xtrSiteId;

        private Builder(final long nonce, final LispAddress sourceEid) {
            this.nonce = nonce;
            this.sourceEid = Objects.requireNonNull(sourceEid);
        }

        /**
         * Sets the A bit.
         *
         * @param flag the bit
         * @return this builder
         */
        public Builder authoritative(final boolean flag) {
            authoritative = flag;
            return this;
        }

        /**
         * Sets the P bit.
         *
         * @param flag the bit
         * @return this builder
         */
        public Builder probe(final boolean flag) {
            probe = flag;
            return this;
        }

        /**
         * Sets the S bit.
         *
         * @param flag the bit
         * @return this builder
         */
        public Builder smr(final boolean flag) {
            smr = flag;
            return this;
        }

        /**
         * Sets the p bit.
         *
         * @param flag the bit
         * @return this builder
         */
        public Builder pitr(final boolean flag) {
            pitr = flag;
            return this;
        }

        /**
         * Sets the s bit.
         *
         * @param flag the bit
         * @return this builder
         */
        public Builder smrInvoked(final boolean flag) {
            smrInvoked = flag;
            return this;
        }

        /**
         * Sets the reserved R bit.
         *
         * @param flag the bit
         * @return this builder
         */
        public Builder reservedR(final boolean flag) {
            reservedR = flag;
            return this;
        }

        /**
         * Sets the L bit.
         *
         * @param flag the bit
         * @return this builder
         */
        public Builder local(final boolean flag) {
            local = flag;
            return this;
        }

        /**
         * Sets the D bit.
         *
         * @param flag the bit
         * @return this builder
         */
        public Builder dontMapReply(final boolean flag) {
            dontMapReply = flag;
            return this;
        }

        /**
         * Adds an ITR-RLOC.
         *
         * @param rloc where the reply should go
         * @return this builder
         */
        public Builder addItrRloc(final LispAddress rloc) {
            itrRlocs.add(Objects.requireNonNull(rloc));
            return this;
        }

        /**
         * Adds an EID record.
         *
         * @param eid the prefix asked for
         * @param subscribe the N bit
         * @return this builder
         */
        public Builder addRecord(final EidPrefix eid, final boolean subscribe) {
            records.add(new MapRequestRecord(subscribe, eid));
            return this;
        }

        /**
         * Sets the map-reply record (and thereby the M bit).
         *
         * @param value the record, or null for none
         * @return this builder
         */
        public Builder mapReplyRecord(final MappingRecord value) {
            mapReplyRecord = value;
            return this;
        }

        /**
         * Sets the xTR-ID/Site-ID (and thereby the I bit).
         *
         * @param value the trailer, or null for none
         * @return this builder
         */
        public Builder xtrSiteId(final XtrSiteId value) {
            xtrSiteId = value;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         */
        public MapRequest build() {
            return new MapRequest(authoritative, probe, smr, pitr, smrInvoked, reservedR, local, dontMapReply, nonce,
                sourceEid, itrRlocs, records, mapReplyRecord, xtrSiteId);
        }
    }
}
