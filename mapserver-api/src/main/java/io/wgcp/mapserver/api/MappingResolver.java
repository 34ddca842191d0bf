/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.api;

import io.wgcp.types.IpPrefix;
import java.net.InetAddress;
import java.util.List;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.yangtools.concepts.Registration;

/**
 * Resolution of overlay addresses against every known mapping (provisioned and registered). Answers come from an
 * in-memory index that follows the datastore; a call never reads the datastore, so the LISP southbound can call it
 * for every Map-Request.
 */
public interface MappingResolver {
    /**
     * Longest-prefix match of an address in a virtual network.
     *
     * @param instanceId the virtual network
     * @param address the overlay address
     * @return the mapping of the most specific prefix that holds the address, or a negative answer
     */
    Resolution resolve(long instanceId, InetAddress address);

    /**
     * Longest-prefix match of an IPv4 address, for the packet path: it allocates nothing but a negative answer.
     *
     * @param instanceId the virtual network
     * @param ipv4 the address, most significant byte first
     * @return the mapping of the most specific prefix that holds the address, or a negative answer
     */
    Resolution resolveIpv4(long instanceId, int ipv4);

    /**
     * Longest-prefix match of an IPv6 address, for the packet path: it allocates nothing but a negative answer.
     *
     * @param instanceId the virtual network
     * @param high the first 64 bits of the address
     * @param low the last 64 bits of the address
     * @return the mapping of the most specific prefix that holds the address, or a negative answer
     */
    Resolution resolveIpv6(long instanceId, long high, long low);

    /**
     * Returns the mapping of exactly this prefix.
     *
     * @param instanceId the virtual network
     * @param prefix the EID prefix
     * @return the effective mapping, or null
     */
    @Nullable MappingEntry exact(long instanceId, IpPrefix prefix);

    /**
     * Returns a snapshot of the effective mappings, ordered by virtual network and prefix.
     *
     * @param instanceId only this virtual network, or null for all
     * @return the mappings
     */
    List<MappingEntry> mappings(@Nullable Long instanceId);

    /**
     * Returns how many mappings the operator provisioned.
     *
     * @return a count
     */
    long provisionedCount();

    /**
     * Returns how many mappings edges registered.
     *
     * @return a count
     */
    long registeredCount();

    /**
     * Starts telling a listener about every change of an effective mapping, from now on.
     *
     * @param listener the listener
     * @return closing it stops the notifications
     */
    Registration addChangeListener(MappingChangeListener listener);
}
