/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.util.Objects;

/**
 * LCAF type 2, Instance ID: an address inside a virtual network.
 *
 * <p>In wgcp the instance id selects the tenant's virtual network; instance id 0 is the default network and may also be
 * sent as a plain address.
 *
 * @param instanceId the 32-bit instance id, 0 to 2^32 - 1
 * @param iidMaskLength the IID mask-len field (0 to 32 per RFC 8060; up to 128 as Open Overlay Router writes it):
 *                      the length of an instance-id range when {@code address} is
 *                      AFI 0, otherwise normally 0
 * @param address the address inside the virtual network
 */
public record InstanceIdAddress(long instanceId, int iidMaskLength, LispAddress address) implements LcafAddress {
    /** Validates the components. */
    public InstanceIdAddress {
        if (instanceId < 0 || instanceId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("instance id out of 32-bit range: " + instanceId);
        }
        if (iidMaskLength < 0 || iidMaskLength > 128) {
            throw new IllegalArgumentException("IID mask-len out of range: " + iidMaskLength);
        }
        Objects.requireNonNull(address);
    }

    /**
     * Creates an instance-id address with IID mask-len 0.
     *
     * @param instanceId the 32-bit instance id
     * @param address the address inside the virtual network
     * @return the address
     */
    public static InstanceIdAddress of(final long instanceId, final LispAddress address) {
        return new InstanceIdAddress(instanceId, 0, address);
    }

    @Override
    public int lcafType() {
        return Afi.LCAF_INSTANCE_ID;
    }
}
