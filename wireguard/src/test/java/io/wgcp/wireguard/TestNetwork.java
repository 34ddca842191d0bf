/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.testing.Commands;
import io.wgcp.testing.TestHosts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver's test network on the project's {@link TestHosts} harness (tag {@code wgt}): two namespaces A and B
 * joined by a veth pair, underlay 198.18.0.0/24 (A = .1, B = .2 and .3), overlay 203.0.113.0/24 and 2001:db8::/64 on
 * the WireGuard interfaces, which are started with {@link WireGuardGoProcess}, the class under test.
 */
final class TestNetwork implements AutoCloseable {
    static final String PREFIX = TestHosts.PREFIX + "wgt";
    static final String UNDERLAY_A = "198.18.0.1";
    static final String UNDERLAY_B = "198.18.0.2";
    static final String UNDERLAY_B2 = "198.18.0.3";

    final String run;
    final String nsA;
    final String nsB;
    private final TestHosts hosts;
    private final List<WireGuardGoProcess> processes = new ArrayList<>();
    private int counter;

    private TestNetwork(final TestHosts hosts) throws IOException {
        this.hosts = hosts;
        this.run = hosts.run();
        boolean done = false;
        try {
            nsA = hosts.addNamespace("a");
            nsB = hosts.addNamespace("b");
            final var veth = hosts.addVeth(nsA, UNDERLAY_A + "/24", nsB, UNDERLAY_B + "/24");
            Commands.check(List.of("ip", "-n", nsB, "addr", "add", UNDERLAY_B2 + "/24", "dev", veth.get(1)));
            hosts.onClose(this::stopInterfaces);
            done = true;
        } finally {
            if (!done) {
                hosts.close();
            }
        }
    }

    /** Fails (never skips) unless this machine can run the integration tests. */
    static void requireEnvironment() {
        TestHosts.require("wireguard-go", "wg", "ping");
    }

    /** Creates the namespaces and the veth pair (after sweeping what dead runs left). */
    static TestNetwork create() {
        try {
            return new TestNetwork(TestHosts.create("wgt", "wireguard-go", "wg", "ping"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts wireguard-go in a namespace with a fresh unique name and gives the interface overlay addresses.
     *
     * @param ns the namespace
     * @param host the last byte of the overlay addresses (203.0.113.HOST/24, 2001:db8::HOST/64)
     * @return the process
     */
    WireGuardGoProcess startInterface(final String ns, final int host) throws WireGuardException {
        final String iface = hosts.interfaceName((ns.equals(nsA) ? "a" : "b") + counter++);
        final WireGuardGoProcess process = WireGuardGoProcess.start(ns, iface);
        synchronized (processes) {
            processes.add(process);
        }
        sh("ip", "-n", ns, "addr", "add", "203.0.113." + host + "/24", "dev", iface);
        sh("ip", "-n", ns, "addr", "add", "2001:db8::" + Integer.toHexString(host) + "/64", "dev", iface, "nodad");
        sh("ip", "-n", ns, "link", "set", iface, "up");
        return process;
    }

    /** Stops every wireguard-go started so far. */
    void stopInterfaces() {
        synchronized (processes) {
            processes.forEach(WireGuardGoProcess::stop);
            processes.clear();
        }
    }

    /** Pings once with a one-second bound. */
    static boolean ping(final String ns, final String address) {
        try {
            return TestHosts.ping(ns, address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pings up to three times. */
    static boolean pingWithRetries(final String ns, final String address) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (ping(ns, address)) {
                return true;
            }
        }
        return false;
    }

    private static void sh(final String... command) {
        try {
            final var result = Commands.run(List.of(command));
            assertTrue(result.ok(), result::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        hosts.close();
    }
}
