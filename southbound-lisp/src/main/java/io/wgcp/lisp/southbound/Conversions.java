/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.wgcp.lisp.codec.EidPrefix;
import io.wgcp.lisp.codec.ImmutableBytes;
import io.wgcp.lisp.codec.InstanceIdAddress;
import io.wgcp.lisp.codec.IpAddress;
import io.wgcp.lisp.codec.Ipv4Address;
import io.wgcp.lisp.codec.Ipv6Address;
import io.wgcp.lisp.codec.LispAddress;
import io.wgcp.lisp.codec.MapReplyAction;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.lisp.codec.WireGuardLocator;
import io.wgcp.lisp.codec.XtrSiteId;
import io.wgcp.mapserver.api.LocatorEntry;
import io.wgcp.mapserver.api.MappingEntry;
import io.wgcp.types.AddressFamily;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Conversions between the codec's wire types and the map server's mapping types.
 */
final class Conversions {
    private Conversions() {
        // static only
    }

    /**
     * Returns the virtual network of an address as the wire carries it (IID 0 when plain).
     *
     * @param address a source EID or EID prefix address
     * @return the instance id
     */
    static long instanceIdOf(final LispAddress address) {
        return address instanceof InstanceIdAddress iid ? iid.instanceId() : 0;
    }

    /**
     * Returns the IP address inside an EID, or null if there is none (AFI 0, or an LCAF other than Instance ID).
     *
     * @param address a source EID or EID prefix address
     * @return the IP address, or null
     */
    static @Nullable IpAddress ipOf(final LispAddress address) {
        final LispAddress inner = address instanceof InstanceIdAddress iid ? iid.address() : address;
        return inner instanceof IpAddress ip ? ip : null;
    }

    /**
     * Converts a wire EID prefix whose host bits must be zero (a registered EID).
     *
     * @param eid the EID prefix
     * @return the prefix
     * @throws IllegalArgumentException if it is not an IP prefix or has host bits set
     */
    static IpPrefix prefixOf(final EidPrefix eid) {
        final var ip = ipOf(eid.address());
        if (ip == null) {
            throw new IllegalArgumentException("EID " + eid + " is not an IPv4 or IPv6 prefix");
        }
        return ip instanceof Ipv4Address v4 ? IpPrefix.ipv4(v4.bits(), eid.maskLength())
            : IpPrefix.ipv6(((Ipv6Address) ip).high(), ((Ipv6Address) ip).low(), eid.maskLength());
    }

    /**
     * Converts a prefix to the wire, wrapped in an Instance ID LCAF unless it is in the default network.
     *
     * @param instanceId the virtual network
     * @param prefix the prefix
     * @return the EID prefix
     */
    static EidPrefix eidOf(final long instanceId, final IpPrefix prefix) {
        final IpAddress address = prefix.family() == AddressFamily.IPV4 ? new Ipv4Address(prefix.ipv4Bits())
            : new Ipv6Address(prefix.high(), prefix.low());
        return instanceId == 0 ? EidPrefix.of(address, prefix.length())
            : EidPrefix.of(instanceId, address, prefix.length());
    }

    /**
     * Builds the mapping record a Map-Reply or Map-Notify carries for a mapping.
     *
     * @param entry the mapping
     * @return a record with one WireGuard locator per endpoint
     */
    static MappingRecord recordOf(final MappingEntry entry) {
        final var builder = MappingRecord.builder(eidOf(entry.instanceId(), entry.eidPrefix()))
            .ttl(entry.ttlMinutes())
            .authoritative(true);
        final var key = ImmutableBytes.of(entry.publicKey().bytes());
        for (var locator : entry.locators()) {
            final var privateAddress = locator.privateAddress();
            builder.addLocator(new WireGuardLocator(key, IpAddress.of(locator.address()), locator.port(),
                privateAddress != null ? IpAddress.of(privateAddress) : null, locator.priority(), locator.weight()));
        }
        return builder.build();
    }

    /**
     * Builds the record of a publication that withdraws a mapping: TTL 0 and no locators.
     *
     * @param instanceId the virtual network
     * @param prefix the withdrawn prefix
     * @return the record
     */
    static MappingRecord withdrawalOf(final long instanceId, final IpPrefix prefix) {
        return MappingRecord.negative(eidOf(instanceId, prefix), MapReplyAction.NO_ACTION, 0);
    }

    /**
     * Reads the WireGuard locators of a registered record.
     *
     * @param mappingRecord the record
     * @return the key and endpoints, or null if the record has no WireGuard locator or its locators disagree on the
     *         key
     */
    static @Nullable Registered registeredOf(final MappingRecord mappingRecord) {
        ImmutableBytes key = null;
        final var locators = new ArrayList<LocatorEntry>(mappingRecord.locators().size());
        for (var locator : mappingRecord.locators()) {
            final var wireGuard = WireGuardLocator.fromLocator(locator).orElse(null);
            if (wireGuard == null) {
                // Plain RLOCs mean nothing to a WireGuard peer: without a key it cannot use them.
                continue;
            }
            if (key != null && !key.equals(wireGuard.publicKey())) {
                return null;
            }
            key = wireGuard.publicKey();
            final var privateAddress = wireGuard.privateAddress();
            locators.add(new LocatorEntry(wireGuard.endpoint().toInetAddress(), wireGuard.port(),
                wireGuard.priority(), wireGuard.weight(), privateAddress != null ? privateAddress.toInetAddress()
                    : null));
        }
        return key == null ? null : new Registered(WireGuardKey.of(key.toByteArray()), List.copyOf(locators));
    }

    /**
     * Formats an xTR-ID as 32 hexadecimal digits.
     *
     * @param xtrSiteId the trailer, or null
     * @return the xTR-ID, or null
     */
    static @Nullable String xtrIdOf(final @Nullable XtrSiteId xtrSiteId) {
        return xtrSiteId == null ? null : String.format("%016x%016x", xtrSiteId.xtrIdHigh(), xtrSiteId.xtrIdLow());
    }

    /**
     * The WireGuard part of a registered record.
     *
     * @param publicKey the edge's WireGuard public key
     * @param locators its endpoints
     */
    record Registered(WireGuardKey publicKey, List<LocatorEntry> locators) {
    }
}
