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
    REGISTERS_SENT("Map-Registers sent."),
    REGISTERS_ACKNOWLEDGED("Map-Notifies that answered our Map-Register with matching records."),
    REGISTERS_SOLICITED("Map-Notifies without records: the map server asked us to register now."),
    HANDOVERS("Re-registrations because the local endpoint address changed."),
    MAP_REQUESTS_SENT("Map-Requests sent (including retries and refreshes)."),
    MAP_REPLIES_POSITIVE("Map-Replies with a usable WireGuard locator."),
    MAP_REPLIES_NEGATIVE("Negative Map-Replies."),
    MAP_REQUESTS_UNANSWERED("Map-Requests that got no reply after every attempt."),
    NOTIFIES_MAPPING("Unsolicited Map-Notifies carrying a mapping (pushes and publications)."),
    NOTIFIES_WITHDRAWAL("Unsolicited Map-Notifies withdrawing a mapping."),
    NOTIFY_ACKS_SENT("Map-Notify-Acks sent."),
    AUTHENTICATION_FAILURES("Messages whose authentication data did not verify."),
    MALFORMED("Datagrams that did not decode or were not expected."),
    PEERS_ADDED("Peers added."),
    ENDPOINT_CHANGES("Peers whose endpoint changed."),
    KEY_CHANGES("Peers whose key changed (peer replaced)."),
    PEERS_REMOVED("Peers removed (withdrawal, idle, restart cleanup)."),
    HANDSHAKE_KICKS("A pushed peer sent nothing: this side initiated the handshake."),
    HANDSHAKE_RESTARTS("A pushed peer still had no session after the kick: its peer was set again and this side "
        + "initiated alone."),
    IDLE_REMOVALS("Peers removed because they were idle."),
    TTL_RESOLVES("Re-resolutions because a mapping's TTL ran out."),
    STALE_RESOLVES("Re-resolutions because traffic went out unanswered (double jump)."),
    TUN_PACKETS("Packets read from the TUN device."),
    PACKETS_RELEASED("Held packets sent after the peer was configured."),
    PACKETS_DROPPED_HOLD_FULL("Packets dropped because the hold was full."),
    ICMP_UNREACHABLE_SENT("ICMP unreachable answers written into the TUN device."),
    ERRORS("Failures of WireGuard, ip or socket operations.");

    private final String help;

    Counter(final String help) {
        this.help = help;
    }

    /**
     * What the counter counts, the metric's help text.
     *
     * @return one sentence
     */
    public String help() {
        return help;
    }

    /**
     * Returns the metric name.
     *
     * @return e.g. {@code wgcp_agent_map_requests_sent_total}
     */
    public String metricName() {
        return "wgcp_agent_" + name().toLowerCase(java.util.Locale.ROOT) + "_total";
    }
}
