/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.shell;

import io.wgcp.mapserver.api.LocatorEntry;
import io.wgcp.types.IpLiteral;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Text forms shared by the console commands.
 */
final class Formats {
    private Formats() {
        // utility class
    }

    /**
     * Formats an address in its shortest text form (RFC 5952 for IPv6).
     *
     * @param address the address
     * @return the text
     */
    static String address(final InetAddress address) {
        return IpLiteral.format(address);
    }

    /**
     * Formats a locator as ADDRESS:PORT (IPv6 in brackets), with its priority and weight when they are not the
     * defaults.
     *
     * @param locator the locator
     * @return the text
     */
    static String locator(final LocatorEntry locator) {
        final var host = locator.address() instanceof Inet6Address ? "[" + address(locator.address()) + "]"
            : address(locator.address());
        final var text = host + ":" + locator.port();
        return locator.priority() == 1 && locator.weight() == 100 ? text
            : text + "(p" + locator.priority() + "/w" + locator.weight() + ")";
    }
}
