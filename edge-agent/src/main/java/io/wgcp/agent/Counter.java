/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

/**
 * What the agent counts; each is shown by {@code status} and exported as {@code wgcp_agent_<name>_total}.
 */
public enum Counter {
    /** Map-Registers sent. */
    REGISTERS_SENT,
    /** Map-Notifies that answered our Map-Register with matching records. */
    REGISTERS_ACKNOWLEDGED,
    /** Re-registrations because the local endpoint address changed. */
    HANDOVERS,
    /** Map-Requests sent (including retries and refreshes). */
    MAP_REQUESTS_SENT,
    /** Map-Replies with a usable WireGuard locator. */
    MAP_REPLIES_POSITIVE,
    /** Negative Map-Replies. */
    MAP_REPLIES_NEGATIVE,
    /** Map-Requests that got no reply after every attempt. */
    MAP_REQUESTS_UNANSWERED,
    /** Unsolicited Map-Notifies carrying a mapping (pushes and publications). */
    NOTIFIES_MAPPING,
    /** Unsolicited Map-Notifies withdrawing a mapping. */
    NOTIFIES_WITHDRAWAL,
    /** Map-Notify-Acks sent. */
    NOTIFY_ACKS_SENT,
    /** Messages whose authentication data did not verify. */
    AUTHENTICATION_FAILURES,
    /** Datagrams that did not decode or were not expected. */
    MALFORMED,
    /** Peers added. */
    PEERS_ADDED,
    /** Peers whose endpoint changed. */
    ENDPOINT_CHANGES,
    /** Peers whose key changed (peer replaced). */
    KEY_CHANGES,
    /** Peers removed (withdrawal, idle, restart cleanup). */
    PEERS_REMOVED,
    /** A pushed peer sent nothing: this side initiated the handshake (see HandshakeStarter). */
    HANDSHAKE_KICKS,
    /** A pushed peer still had no session after the kick: its peer was set again and this side initiated alone. */
    HANDSHAKE_RESTARTS,
    /** Peers removed because they were idle. */
    IDLE_REMOVALS,
    /** Re-resolutions because a mapping's TTL ran out. */
    TTL_RESOLVES,
    /** Re-resolutions because traffic went out unanswered (double jump). */
    STALE_RESOLVES,
    /** Packets read from the TUN device. */
    TUN_PACKETS,
    /** Held packets sent after the peer was configured. */
    PACKETS_RELEASED,
    /** Packets dropped because the hold was full. */
    PACKETS_DROPPED_HOLD_FULL,
    /** ICMP unreachable answers written into the TUN device. */
    ICMP_UNREACHABLE_SENT,
    /** Failures of WireGuard, ip or socket operations. */
    ERRORS;

    /**
     * Returns the metric name.
     *
     * @return e.g. {@code wgcp_agent_map_requests_sent_total}
     */
    public String metricName() {
        return "wgcp_agent_" + name().toLowerCase(java.util.Locale.ROOT) + "_total";
    }
}
