/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.agent.net.IcmpUnreachable;
import io.wgcp.lisp.codec.MapNotify;
import io.wgcp.lisp.codec.MapRegister;
import io.wgcp.lisp.codec.MapRequest;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent side of the parts' host interfaces, for their unit tests: what a part sends is kept, what it asks of
 * the agent is written down as an event ({@code "released 203.0.113.2/32"}), and what it counts is counted.
 */
final class Recorder implements Registration.Host, Resolver.Host, PeerConfigurator.Host, ControlMessages.Host {
    final Counters counters = new Counters();
    final List<String> events = new ArrayList<>();
    final List<MapRegister> registers = new ArrayList<>();
    final List<MapRequest> requests = new ArrayList<>();

    long counted(final Counter counter) {
        return counters.snapshot().get(counter);
    }

    @Override
    public void count(final Counter counter) {
        counters.count(counter);
    }

    @Override
    public void send(final MapRegister register) {
        registers.add(register);
        events.add("register");
    }

    @Override
    public void send(final MapRequest request) {
        requests.add(request);
    }

    @Override
    public void unacknowledged(final int count, final Duration since) {
        events.add("unacknowledged " + count + " in " + since.toSeconds() + " s");
    }

    @Override
    public void unanswered(final InetAddress destination) {
        events.add("unanswered " + destination.getHostAddress());
    }

    @Override
    public void released(final IpPrefix prefix) {
        events.add("released " + prefix);
    }

    @Override
    public void watchHandshake(final WireGuardKey key) {
        events.add("watch " + key);
    }

    @Override
    public void acknowledge(final MapNotify notify, final InetSocketAddress sender) {
        events.add("ack " + notify.nonce());
    }

    @Override
    public void unreachable(final InetAddress requested, final IpPrefix prefix, final IcmpUnreachable.Code code) {
        events.add("unreachable " + requested.getHostAddress() + " " + prefix + " " + code);
    }
}
