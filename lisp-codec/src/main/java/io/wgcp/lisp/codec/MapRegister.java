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
 * A Map-Register (type 3, RFC 9301 section 5.6).
 *
 * <p>The I bit is set exactly when {@link #xtrSiteId()} is present. To send one, build it with zeroed authentication
 * data of the wanted length ({@link Builder#authentication(int, int)}) and sign the encoding in place with
 * {@link LispAuthentication#encodeAndSign(AuthenticatedMessage, byte[], io.netty.buffer.ByteBuf)}.
 *
 * @param proxyMapReply the P bit: the map server should answer Map-Requests on the registrant's behalf
 * @param securityCapable the S bit: LISP-SEC capable
 * @param eidNotify the E bit
 * @param useTtlForTimeout the T bit: use the record TTL as the registration lifetime
 * @param mergeRequest the a bit: merge registrations of several xTRs
 * @param reservedR the R bit (carried so that it round-trips)
 * @param wantMapNotify the M bit: answer with a Map-Notify
 * @param nonce the 64-bit nonce
 * @param keyId the 8-bit Key ID
 * @param algorithmId the 8-bit Algorithm ID
 * @param authenticationData the authentication data, at most 65535 bytes
 * @param records the mapping records, at most 255
 * @param xtrSiteId the xTR-ID/Site-ID carried when the I bit is set, or null
 */
public record MapRegister(boolean proxyMapReply, boolean securityCapable, boolean eidNotify, boolean useTtlForTimeout,
        boolean mergeRequest, boolean reservedR, boolean wantMapNotify, long nonce, int keyId, int algorithmId,
        ImmutableBytes authenticationData, List<MappingRecord> records, XtrSiteId xtrSiteId)
        implements AuthenticatedMessage {
    /** Validates and freezes the components. */
    public MapRegister {
        Checks.u8(keyId, "key id");
        Checks.u8(algorithmId, "algorithm id");
        Objects.requireNonNull(authenticationData);
        Checks.u16(authenticationData.length(), "authentication data length");
        records = List.copyOf(records);
        Checks.count(records.size(), 255, "records");
    }

    @Override
    public MessageType type() {
        return MessageType.MAP_REGISTER;
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
     * Starts a builder: all flags clear, key id 0, algorithm 0, no authentication data, no records.
     *
     * @param nonce the nonce
     * @return a builder
     */
    public static Builder builder(final long nonce) {
        return new Builder(nonce);
    }

    /**
     * Builds {@link MapRegister}s. Not thread-safe.
     */
    public static final class Builder {
        private final List<MappingRecord> records = new ArrayList<>(1);
        private final long nonce;
        private boolean proxyMapReply;
        private boolean securityCapable;
        private boolean eidNotify;
        private boolean useTtlForTimeout;
        private boolean mergeRequest;
        private boolean reservedR;
        private boolean wantMapNotify;
        private int keyId;
        private int algorithmId;
        private ImmutableBytes authenticationData = ImmutableBytes.empty();
        private XtrSiteId xtrSiteId;

        private Builder(final long nonce) {
            this.nonce = nonce;
        }

        /**
         * Sets the P bit.
         *
         * @param flag the bit
         * @return this builder
         */
        public Builder proxyMapReply(final boolean flag) {
            proxyMapReply = flag;
            return this;
        }

        /**
         * Sets the S bit.
         *
         * @param flag the bit
         * @return this builder
         */
        public Builder securityCapable(final boolean flag) {
            securityCapable = flag;
            return this;
        }

        /**
         * Sets the E bit.
         *
         * @param flag the bit
         * @return this builder
         */
        public Builder eidNotify(final boolean flag) {
            eidNotify = flag;
            return this;
        }

        /**
         * Sets the T bit.
         *
         * @param flag the bit
         * @return this builder
         */
        public Builder useTtlForTimeout(final boolean flag) {
            useTtlForTimeout = flag;
            return this;
        }

        /**
         * Sets the a bit.
         *
         * @param flag the bit
         * @return this builder
         */
        public Builder mergeRequest(final boolean flag) {
            mergeRequest = flag;
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
         * Sets the M bit.
         *
         * @param flag the bit
         * @return this builder
         */
        public Builder wantMapNotify(final boolean flag) {
            wantMapNotify = flag;
            return this;
        }

        /**
         * Prepares authentication: sets the key id and algorithm and zeroed authentication data of the RFC length of
         * the algorithm (12 bytes for HMAC-SHA-1-96, 16 for the HMAC-SHA-256-128 variants).
         *
         * @param key the key id
         * @param algorithm the algorithm id, 1, 2 or 3
         * @return this builder
         */
        public Builder authentication(final int key, final int algorithm) {
            return authentication(key, algorithm, LispAuthentication.truncatedMacLength(algorithm));
        }

        /**
         * Prepares authentication with an explicit MAC length, for example the full 20 or 32 bytes that deployed
         * peers use.
         *
         * @param key the key id
         * @param algorithm the algorithm id
         * @param macLength the number of bytes of authentication data
         * @return this builder
         */
        public Builder authentication(final int key, final int algorithm, final int macLength) {
            keyId = key;
            algorithmId = algorithm;
            authenticationData = ImmutableBytes.zeros(macLength);
            return this;
        }

        /**
         * Sets the raw authentication fields.
         *
         * @param key the key id
         * @param algorithm the algorithm id
         * @param data the authentication data
         * @return this builder
         */
        public Builder authentication(final int key, final int algorithm, final ImmutableBytes data) {
            keyId = key;
            algorithmId = algorithm;
            authenticationData = Objects.requireNonNull(data);
            return this;
        }

        /**
         * Adds a mapping record.
         *
         * @param mappingRecord the record
         * @return this builder
         */
        public Builder addRecord(final MappingRecord mappingRecord) {
            records.add(Objects.requireNonNull(mappingRecord));
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
         * Builds the register.
         *
         * @return the register
         */
        public MapRegister build() {
            return new MapRegister(proxyMapReply, securityCapable, eidNotify, useTtlForTimeout, mergeRequest,
                reservedR, wantMapNotify, nonce, keyId, algorithmId, authenticationData, records, xtrSiteId);
        }
    }
}
