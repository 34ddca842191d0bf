/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

/** Validation of interface names (they also name files: the UAPI socket). */
final class InterfaceNames {
    /** The longest Linux interface name (IFNAMSIZ - 1). */
    static final int MAX_LENGTH = 15;

    private InterfaceNames() {
        // utility class
    }

    /**
     * Checks an interface name against the Linux rules (dev_valid_name) and to be safe as a file name.
     *
     * @param iface the name
     * @return the name
     * @throws WireGuardException when the name is invalid
     */
    static String check(final String iface) throws WireGuardException {
        if (iface == null || iface.isEmpty() || iface.length() > MAX_LENGTH || ".".equals(iface)
                || "..".equals(iface) || iface.startsWith("-")) {
            throw invalid(iface);
        }
        for (int i = 0; i < iface.length(); i++) {
            final char ch = iface.charAt(i);
            if (ch <= ' ' || ch >= 0x7F || ch == '/' || ch == ':' || ch == '%' || ch == '\\') {
                throw invalid(iface);
            }
        }
        return iface;
    }

    private static WireGuardException invalid(final String iface) {
        return new WireGuardException(WireGuardException.Reason.INVALID_ARGUMENT, "invalid interface name \""
            + iface + "\": 1 to 15 printable ASCII characters without '/', ':', '%', '\\' or space");
    }
}
