/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.agent.net.IcmpUnreachable.Code;
import io.wgcp.testing.TestHosts;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The answer of {@link IcmpUnreachable}, written into a real TUN device, reaches the local ping at once and ping
 * reports it. Linux drops ICMP and ICMPv6 messages with a wrong checksum, so this also checks the checksums.
 */
class IcmpUnreachableNetworkTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private static TestNetwork network;
    private static String namespace;
    private static TunDevice tun;

    @BeforeAll
    static void setUp() throws IOException {
        network = TestNetwork.start(false);
        namespace = network.addNamespace("icmp");
        tun = TunTesting.openCatchingTun(network, namespace, "icmp");
    }

    @AfterAll
    static void tearDown() {
        if (tun != null) {
            tun.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "203.0.113.21, HOST_UNREACHABLE, Destination Host Unreachable",
        "203.0.113.22, ADMIN_PROHIBITED, Packet filtered",
        "2001:db8:2::21, HOST_UNREACHABLE, Destination unreachable: Address unreachable",
        "2001:db8:2::22, ADMIN_PROHIBITED, Destination unreachable: Administratively prohibited",
    })
    void pingReportsTheUnreachableAtOnce(final String destination, final Code code, final String report)
            throws IOException {
        final long start = System.nanoTime();
        // -W 5: a reply that came from a timeout instead of our answer would take 5 s.
        final TestHosts.Started ping = network.startIn(namespace, "ping", "-c1", "-W5", destination);
        final IpPacket request = TunTesting.awaitPacket(tun,
            p -> p.destination().equals(TunTesting.address(destination)) && TunTesting.isEchoRequest(p), WAIT);

        tun.write(IcmpUnreachable.answer(request, code).orElseThrow());

        final int exitCode = ping.await(WAIT);
        final long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        final String output = ping.output();
        assertTrue(output.contains(report), output);
        assertTrue(output.contains("1 packets transmitted, 0 received, +1 errors"), output);
        assertEquals(1, exitCode, output);
        assertTrue(elapsedMillis < 2000, "ping ended " + elapsedMillis + " ms after it started");
    }
}
