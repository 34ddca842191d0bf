/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.impl;

import io.wgcp.mapserver.api.LocatorEntry;
import io.wgcp.mapserver.api.MappingEntry;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.IetfInetUtil;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.IpAddress;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.PortNumber;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.DateAndTime;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.EdgeId;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.InstanceId;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.MappingOrigin;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.WireguardKey;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.mapping.attributes.Locator;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.mapping.attributes.LocatorBuilder;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.mappings.Mapping;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.mappings.MappingBuilder;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint8;

/**
 * Conversions between the YANG binding objects of the datastore and the compact values of the in-memory index.
 * Every method that reads user input throws {@link IllegalArgumentException} with a message fit for an operator.
 */
public final class BindingConversions {
    private static final long DEFAULT_TTL_MINUTES = 1440;

    private BindingConversions() {
        // utility class
    }

    /**
     * Converts a YANG ip-prefix to the index's canonical prefix.
     *
     * @param prefix the binding prefix
     * @return the canonical prefix
     * @throws IllegalArgumentException if the prefix has host bits set or is otherwise invalid
     */
    public static IpPrefix prefixOf(final org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types
            .rev130715.IpPrefix prefix) {
        final var v4 = prefix.getIpv4Prefix();
        return IpPrefix.parse(v4 != null ? v4.getValue() : prefix.getIpv6Prefix().getValue());
    }

    /**
     * Converts the index's prefix to a YANG ip-prefix.
     *
     * @param prefix the prefix
     * @return the binding prefix
     */
    public static org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.IpPrefix
            bindingPrefixOf(final IpPrefix prefix) {
        return IetfInetUtil.ipPrefixFor(prefix.toString());
    }

    /**
     * Converts a YANG ip-address to a Java address, without any name lookup.
     *
     * @param address the binding address
     * @return the address
     */
    public static InetAddress addressOf(final IpAddress address) {
        return IetfInetUtil.inetAddressFor(address);
    }

    /**
     * Converts a mapping read from the datastore.
     *
     * @param mapping the binding mapping
     * @param origin where it comes from (the datastore it was read from)
     * @return the compact mapping
     * @throws IllegalArgumentException if the mapping is incomplete or invalid
     */
    public static MappingEntry entryOf(final Mapping mapping, final MappingOrigin origin) {
        final var key = mapping.getPublicKey();
        if (key == null) {
            throw new IllegalArgumentException("mapping " + mapping.getEidPrefix().stringValue()
                + " has no public-key");
        }
        final var locators = new ArrayList<LocatorEntry>(mapping.nonnullLocator().size());
        for (var locator : mapping.nonnullLocator()) {
            locators.add(locatorOf(locator));
        }
        final var ttl = mapping.getTtl();
        final var edgeId = mapping.getEdgeId();
        return new MappingEntry(mapping.getInstanceId().getValue().toJava(), prefixOf(mapping.getEidPrefix()),
            WireGuardKey.fromBase64(key.getValue()), locators, ttl != null ? ttl.toJava() : DEFAULT_TTL_MINUTES,
            origin, edgeId != null ? edgeId.getValue() : null, instantOf(mapping.getRegisteredAt()),
            instantOf(mapping.getExpiresAt()));
    }

    /**
     * Converts a compact mapping back to the binding form (for RPC output and for writing registrations).
     *
     * @param entry the mapping
     * @return a builder filled with every attribute
     */
    public static MappingBuilder builderOf(final MappingEntry entry) {
        final var builder = new MappingBuilder()
            .setInstanceId(new InstanceId(Uint32.valueOf(entry.instanceId())))
            .setEidPrefix(bindingPrefixOf(entry.eidPrefix()))
            .setPublicKey(new WireguardKey(entry.publicKey().toBase64()))
            .setLocator(bindingLocatorsOf(entry.locators()))
            .setTtl(Uint32.valueOf(entry.ttlMinutes()))
            .setOrigin(entry.origin());
        if (entry.edgeId() != null) {
            builder.setEdgeId(new EdgeId(entry.edgeId()));
        }
        if (entry.registeredAt() != null) {
            builder.setRegisteredAt(new DateAndTime(entry.registeredAt().toString()));
        }
        if (entry.expiresAt() != null) {
            builder.setExpiresAt(new DateAndTime(entry.expiresAt().toString()));
        }
        return builder;
    }

    /**
     * Converts compact locators to binding locators, keeping their order.
     *
     * @param locators the locators
     * @return binding locators
     */
    public static List<Locator> bindingLocatorsOf(final List<LocatorEntry> locators) {
        final var result = new ArrayList<Locator>(locators.size());
        for (var locator : locators) {
            final var builder = new LocatorBuilder()
                .setAddress(IetfInetUtil.ipAddressFor(locator.address()))
                .setPort(new PortNumber(Uint16.valueOf(locator.port())))
                .setPriority(Uint8.valueOf(locator.priority()))
                .setWeight(Uint8.valueOf(locator.weight()));
            if (locator.privateAddress() != null) {
                builder.setPrivateAddress(IetfInetUtil.ipAddressFor(locator.privateAddress()));
            }
            result.add(builder.build());
        }
        return result;
    }

    private static LocatorEntry locatorOf(final Locator locator) {
        final var priority = locator.getPriority();
        final var weight = locator.getWeight();
        final var privateAddress = locator.getPrivateAddress();
        return new LocatorEntry(addressOf(locator.getAddress()), locator.getPort().getValue().toJava(),
            priority != null ? priority.toJava() : 1, weight != null ? weight.toJava() : 100,
            privateAddress != null ? addressOf(privateAddress) : null);
    }

    private static @Nullable Instant instantOf(final @Nullable DateAndTime time) {
        return time != null ? Instant.parse(time.getValue()) : null;
    }
}
