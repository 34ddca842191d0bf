/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import io.wgcp.types.WireGuardKey;
import java.util.Collection;
import java.util.Locale;

/** Picks a {@link WireGuardDriver} backend. */
public final class WireGuardDrivers {
    private static final UapiDriver UAPI = new UapiDriver();
    private static final WgCommandDriver KERNEL = new WgCommandDriver();
    private static final WireGuardDriver AUTO = new AutoDriver(UAPI, KERNEL);

    private WireGuardDrivers() {
        // utility class
    }

    /**
     * Returns the backend for one interface: the UAPI socket when {@code /var/run/wireguard/<iface>.sock} exists
     * (wireguard-go, boringtun), else {@code wg} (the kernel module).
     *
     * @param iface the interface name
     * @return the driver
     * @throws WireGuardException when the name is invalid
     */
    public static WireGuardDriver detect(final String iface) throws WireGuardException {
        return UAPI.hasSocket(iface) ? UAPI : KERNEL;
    }

    /**
     * Returns the backend named by a configuration value.
     *
     * @param name {@code uapi} (the UAPI socket), {@code kernel} (the {@code wg} binary) or {@code auto} (per call,
     *     as {@link #detect(String)} chooses), case-insensitive
     * @return the driver
     * @throws IllegalArgumentException for another name
     */
    public static WireGuardDriver of(final String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "uapi" -> UAPI;
            case "kernel" -> KERNEL;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException(
                "unknown WireGuard backend \"" + name + "\": expected uapi, kernel or auto");
        };
    }

    /** Chooses the backend per call from the presence of the UAPI socket. */
    private record AutoDriver(UapiDriver uapi, WireGuardDriver kernel) implements WireGuardDriver {
        private WireGuardDriver pick(final String iface) throws WireGuardException {
            return uapi.hasSocket(iface) ? uapi : kernel;
        }

        @Override
        public InterfaceState show(final String iface) throws WireGuardException {
            return pick(iface).show(iface);
        }

        @Override
        public void setInterface(final String iface, final WireGuardPrivateKey privateKey, final int listenPort)
                throws WireGuardException {
            pick(iface).setInterface(iface, privateKey, listenPort);
        }

        @Override
        public void setPeer(final String iface, final PeerConfig peer) throws WireGuardException {
            pick(iface).setPeer(iface, peer);
        }

        @Override
        public PendingChange startSetPeer(final String iface, final PeerConfig peer) throws WireGuardException {
            return pick(iface).startSetPeer(iface, peer);
        }

        @Override
        public void setPersistentKeepalive(final String iface, final WireGuardKey publicKey, final int seconds)
                throws WireGuardException {
            pick(iface).setPersistentKeepalive(iface, publicKey, seconds);
        }

        @Override
        public void removePeer(final String iface, final WireGuardKey publicKey) throws WireGuardException {
            pick(iface).removePeer(iface, publicKey);
        }

        @Override
        public void syncPeers(final String iface, final Collection<PeerConfig> desired) throws WireGuardException {
            pick(iface).syncPeers(iface, desired);
        }

        @Override
        public String toString() {
            return "AutoDriver";
        }
    }
}
