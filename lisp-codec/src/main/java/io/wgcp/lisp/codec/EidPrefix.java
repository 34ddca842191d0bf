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
 * An EID prefix: an address and the EID mask-len of its record. When the address is an LCAF type 2
 * ({@link InstanceIdAddress}), the mask length applies to the address inside it (RFC 8060) and the prefix lives in
 * that instance id's virtual network.
 *
 * <p>Host bits beyond the mask are kept as sent; lookups are expected to mask them.
 *
 * @param address the address, possibly wrapped in an instance-id LCAF
 * @param maskLength the EID mask-len: at most 32 for IPv4, 128 for IPv6 (also inside an instance id), 255 otherwise
 */
public record EidPrefix(LispAddress address, int maskLength) {
    /** Validates the components. */
    public EidPrefix {
        Objects.requireNonNull(address);
        if (maskLength < 0 || maskLength > maxMaskLength(address)) {
            throw new IllegalArgumentException("mask length " + maskLength + " out of range for " + address);
        }
    }

    /**
     * Creates a prefix in the default network (instance id 0, sent as a plain address).
     *
     * @param address the address
     * @param maskLength the mask length
     * @return the prefix
     */
    public static EidPrefix of(final IpAddress address, final int maskLength) {
        return new EidPrefix(address, maskLength);
    }

    /**
     * Creates a prefix in a virtual network: wrapped in an instance-id LCAF unless the instance id is 0.
     *
     * @param instanceId the instance id, 0 to 2^32 - 1
     * @param address the address
     * @param maskLength the mask length
     * @return the prefix
     */
    public static EidPrefix of(final long instanceId, final IpAddress address, final int maskLength) {
        return new EidPrefix(instanceId == 0 ? address : InstanceIdAddress.of(instanceId, address), maskLength);
    }

    /**
     * Parses {@code address/length}, for example {@code 10.1.0.0/16} or {@code 2001:db8::/32}.
     *
     * @param text the prefix
     * @return a prefix in the default network
     * @throws IllegalArgumentException if the text is not a prefix
     */
    public static EidPrefix parse(final String text) {
        final int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("no mask length in " + text);
        }
        final int length;
        try {
            length = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad mask length in " + text, e);
        }
        return of(IpAddress.parse(text.substring(0, slash)), length);
    }

    /**
     * Returns the largest mask length an address admits.
     *
     * @param address the address
     * @return 32 for IPv4, 128 for IPv6 (also inside an instance id), 255 for other families
     */
    public static int maxMaskLength(final LispAddress address) {
        final LispAddress inner = address instanceof InstanceIdAddress iid ? iid.address() : address;
        return inner instanceof IpAddress ip ? ip.bitLength() : 255;
    }

    /**
     * Returns the instance id (virtual network) of this prefix.
     *
     * @return the instance id of the wrapping LCAF type 2, or 0 for a plain address
     */
    public long instanceId() {
        return address instanceof InstanceIdAddress iid ? iid.instanceId() : 0;
    }

    /**
     * Returns the address without its instance-id wrapper.
     *
     * @return the address inside an LCAF type 2, or the address itself
     */
    public LispAddress innerAddress() {
        return address instanceof InstanceIdAddress iid ? iid.address() : address;
    }

    @Override
    public String toString() {
        if (address instanceof InstanceIdAddress iid) {
            return "[" + iid.instanceId() + "] " + iid.address() + "/" + maskLength;
        }
        return address + "/" + maskLength;
    }
}
