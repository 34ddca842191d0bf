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
 * A mapping record (EID-record) of a Map-Reply, Map-Register, Map-Notify or Map-Notify-Ack: an EID prefix and its
 * locators.
 *
 * <p>A negative record has no locators and an action such as {@link MapReplyAction#DROP_NO_REASON}. A TTL of 0 in a
 * Map-Notify publication means "withdrawn".
 *
 * @param ttl the Record TTL in minutes, 0 to 2^32 - 1
 * @param action the ACT field
 * @param authoritative the A bit
 * @param mapVersion the 12-bit Map-Version Number
 * @param eid the EID prefix
 * @param locators the locators, at most 255
 */
public record MappingRecord(long ttl, MapReplyAction action, boolean authoritative, int mapVersion, EidPrefix eid,
        List<Locator> locators) {
    /** Validates and freezes the components. */
    public MappingRecord {
        Checks.u32(ttl, "record TTL");
        Objects.requireNonNull(action);
        if (mapVersion < 0 || mapVersion > 0xFFF) {
            throw new IllegalArgumentException("map version out of 12-bit range: " + mapVersion);
        }
        Objects.requireNonNull(eid);
        locators = List.copyOf(locators);
        Checks.count(locators.size(), 255, "locators");
    }

    /**
     * Creates a negative record: no locators, authoritative.
     *
     * @param eid the prefix that holds no mapping
     * @param action what the requester should do with traffic to it
     * @param ttl the TTL in minutes
     * @return the record
     */
    public static MappingRecord negative(final EidPrefix eid, final MapReplyAction action, final long ttl) {
        return new MappingRecord(ttl, action, true, 0, eid, List.of());
    }

    /**
     * Starts a builder: TTL 1440 minutes, {@link MapReplyAction#NO_ACTION}, authoritative, map version 0, no
     * locators.
     *
     * @param eid the EID prefix
     * @return a builder
     */
    public static Builder builder(final EidPrefix eid) {
        return new Builder(eid);
    }

    /**
     * Builds {@link MappingRecord}s. Not thread-safe.
     */
    public static final class Builder {
        private final List<Locator> locators = new ArrayList<>();
        private final EidPrefix eid;
        private long ttl = 1440;
        private MapReplyAction action = MapReplyAction.NO_ACTION;
        private boolean authoritative = true;
        private int mapVersion;

        private Builder(final EidPrefix eid) {
            this.eid = Objects.requireNonNull(eid);
        }

        /**
         * Sets the TTL.
         *
         * @param minutes the TTL in minutes
         * @return this builder
         */
        public Builder ttl(final long minutes) {
            ttl = minutes;
            return this;
        }

        /**
         * Sets the action.
         *
         * @param value the ACT field
         * @return this builder
         */
        public Builder action(final MapReplyAction value) {
            action = value;
            return this;
        }

        /**
         * Sets the A bit.
         *
         * @param value the A bit
         * @return this builder
         */
        public Builder authoritative(final boolean value) {
            authoritative = value;
            return this;
        }

        /**
         * Sets the map version.
         *
         * @param value the 12-bit map version
         * @return this builder
         */
        public Builder mapVersion(final int value) {
            mapVersion = value;
            return this;
        }

        /**
         * Adds a locator.
         *
         * @param locator the locator
         * @return this builder
         */
        public Builder addLocator(final Locator locator) {
            locators.add(Objects.requireNonNull(locator));
            return this;
        }

        /**
         * Adds a WireGuard locator.
         *
         * @param locator the WireGuard endpoint
         * @return this builder
         */
        public Builder addLocator(final WireGuardLocator locator) {
            return addLocator(locator.toLocator());
        }

        /**
         * Builds the record.
         *
         * @return the record
         */
        public MappingRecord build() {
            return new MappingRecord(ttl, action, authoritative, mapVersion, eid, locators);
        }
    }
}
