/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.util.List;
import java.util.Objects;

/**
 * LCAF type 7, NAT Traversal: UDP ports and the global, map-server and private addresses of an ETR, plus RTRs.
 *
 * <p>In the wgcp profile it carries a WireGuard endpoint: ETR port = listen port, global ETR RLOC = the address peers
 * send to, private ETR RLOC = the local address when it differs (else {@link NoAddress}), MS port 0, MS RLOC AFI 0 and
 * no RTRs; see {@link WireGuardLocator}.
 *
 * @param msPort the map-server UDP port, 0 to 65535
 * @param etrPort the ETR UDP port, 0 to 65535
 * @param globalEtrRloc the global ETR RLOC
 * @param msRloc the map-server RLOC
 * @param privateEtrRloc the private ETR RLOC
 * @param rtrRlocs the RTR RLOCs, possibly none
 */
public record NatTraversalAddress(int msPort, int etrPort, LispAddress globalEtrRloc, LispAddress msRloc,
        LispAddress privateEtrRloc, List<LispAddress> rtrRlocs) implements LcafAddress {
    /** Validates and freezes the components. */
    public NatTraversalAddress {
        Checks.u16(msPort, "MS port");
        Checks.u16(etrPort, "ETR port");
        Objects.requireNonNull(globalEtrRloc);
        Objects.requireNonNull(msRloc);
        Objects.requireNonNull(privateEtrRloc);
        rtrRlocs = List.copyOf(rtrRlocs);
    }

    @Override
    public int lcafType() {
        return Afi.LCAF_NAT_TRAVERSAL;
    }
}
