/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wgcp.types.IpPrefix;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link IpCommand} against the real {@code ip}, in a namespace of its own.
 */
class IpCommandTest {
    private static TestNetwork network;
    private static String namespace;
    private static IpCommand ip;
    private static TunDevice tun;

    @BeforeAll
    static void setUp() throws IOException {
        network = TestNetwork.start(false);
        namespace = network.addNamespace("ipcmd");
        ip = IpCommand.inNamespace(namespace);
        tun = TestNetwork.callIn(namespace, () -> TunDevice.open(network.interfaceName("ip")));
        ip.disableAddressGeneration(tun.name());
        ip.linkUp(tun.name());
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

    @Test
    void addsReplacesAndDeletesRoutes() throws IOException {
        final IpPrefix v4 = IpPrefix.parse("192.0.2.128/25");
        final IpPrefix v6 = IpPrefix.parse("2001:db8:77::/48");
        ip.routeAdd(v4, tun.name());
        ip.routeAdd(v6, tun.name());
        assertTrue(ip.run("-4", "route", "show").contains("192.0.2.128/25 dev " + tun.name()));
        assertTrue(ip.run("-6", "route", "show").contains("2001:db8:77::/48 dev " + tun.name()));

        final IpCommandException exists = assertThrows(IpCommandException.class, () -> ip.routeAdd(v4, tun.name()));
        assertEquals(2, exists.exitCode());
        assertTrue(exists.output().contains("File exists"), exists.getMessage());
        assertTrue(exists.getMessage().startsWith("ip -n " + namespace + " -4 route add 192.0.2.128/25 dev "),
            exists.getMessage());

        ip.routeReplace(v4, tun.name());
        ip.routeDelete(v4, tun.name());
        ip.routeDelete(v6, tun.name());
        assertFalse(ip.run("-4", "route", "show").contains("192.0.2.128/25"));
        final IpCommandException gone = assertThrows(IpCommandException.class,
            () -> ip.routeDelete(v4, tun.name()));
        assertTrue(gone.output().contains("No such process"), gone.getMessage());
    }

    @Test
    void namesTheCommandAndWhatIpSaid() {
        final IpCommandException e = assertThrows(IpCommandException.class,
            () -> ip.routeReplace(IpPrefix.parse("192.0.2.0/24"), "pknosuchdev"));
        assertTrue(e.getMessage().contains("-4 route replace 192.0.2.0/24 dev pknosuchdev: exit code 1: "),
            e.getMessage());
        assertTrue(e.output().contains("Cannot find device \"pknosuchdev\""), e.output());
        assertEquals("ip", e.command().get(0));
    }

    @Test
    void reportsAMissingNamespace() {
        final IpCommandException e = assertThrows(IpCommandException.class,
            () -> IpCommand.inNamespace("wgcp-pkt-no-such-namespace").linkUp("lo"));
        assertTrue(e.getMessage().contains("wgcp-pkt-no-such-namespace"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IpCommand.inNamespace("../x"));
    }

    @Test
    void addsHostAddresses() throws IOException {
        ip.addAddress(tun.name(), TunTesting.address("192.0.2.5"));
        ip.addAddress(tun.name(), TunTesting.address("2001:db8:5::5"));
        final String shown = ip.run("address", "show", "dev", tun.name());
        assertTrue(shown.contains("inet 192.0.2.5/32"), shown);
        assertTrue(shown.contains("inet6 2001:db8:5::5/128"), shown);
        assertThrows(IpCommandException.class, () -> ip.addAddress(tun.name(), TunTesting.address("192.0.2.5")));
    }
}
