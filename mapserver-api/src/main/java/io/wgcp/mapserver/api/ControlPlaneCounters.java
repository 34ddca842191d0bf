/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.api;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.statistics.MessageCounters.MessageType;

/**
 * Counters of the LISP control plane, per message type. Incremented on the packet path (a {@link LongAdder} each,
 * so that threads do not contend), read by the console and copied to the operational datastore periodically.
 */
public final class ControlPlaneCounters {
    /** What is counted for each message type. */
    public enum Kind {
        /** Messages received. */
        RECEIVED,
        /** Messages sent. */
        SENT,
        /** Messages that did not decode. */
        MALFORMED,
        /** Messages with wrong authentication data. */
        AUTHENTICATION_FAILED,
        /** Messages from a sender not allowed to do what they ask. */
        UNAUTHORIZED,
        /** Messages sent again for want of an acknowledgement. */
        RETRANSMITTED
    }

    private final Map<MessageType, LongAdder[]> counters = new EnumMap<>(MessageType.class);

    /**
     * Creates zeroed counters.
     */
    public ControlPlaneCounters() {
        for (var type : MessageType.values()) {
            final var adders = new LongAdder[Kind.values().length];
            for (int i = 0; i < adders.length; i++) {
                adders[i] = new LongAdder();
            }
            counters.put(type, adders);
        }
    }

    /**
     * Counts one event.
     *
     * @param type the message type
     * @param kind what happened
     */
    public void increment(final MessageType type, final Kind kind) {
        counters.get(type)[kind.ordinal()].increment();
    }

    /**
     * Reads a counter.
     *
     * @param type the message type
     * @param kind what happened
     * @return the count so far
     */
    public long get(final MessageType type, final Kind kind) {
        return counters.get(type)[kind.ordinal()].sum();
    }
}
