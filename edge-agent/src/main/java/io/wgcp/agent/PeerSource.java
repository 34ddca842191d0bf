/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

/**
 * How the agent learnt a peer.
 */
public enum PeerSource {
    /** From a Map-Reply to our Map-Request (we started the flow). */
    PULLED,
    /** From a Map-Notify the map server pushed (the peer resolved us). */
    PUSHED,
    /** Found on the WireGuard interface at start (a restarted agent), re-resolved since. */
    RESTORED
}
