/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.netty.buffer.ByteBuf;
import io.wgcp.lisp.codec.LispAuthentication;
import io.wgcp.lisp.codec.MapNotify;
import io.wgcp.lisp.codec.MapRegister;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.mapserver.api.ControlPlaneCounters;
import io.wgcp.mapserver.api.ControlPlaneCounters.Kind;
import io.wgcp.mapserver.api.EdgeDirectory;
import io.wgcp.mapserver.api.EdgeInfo;
import io.wgcp.mapserver.api.MappingEntry;
import io.wgcp.types.IpPrefix;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.MappingOrigin;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.statistics.MessageCounters.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles Map-Registers: authenticate with the edge's key, authorise (the packet came from the edge's control
 * address and every EID lies inside the edge's provisioned prefixes), store, and answer with a Map-Notify when the
 * edge asked for one. A message that fails any check changes nothing and moves one counter.
 */
final class MapRegisterProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(MapRegisterProcessor.class);

    private final EdgeDirectory directory;
    private final EdgeKeys keys;
    private final RegistrationTable registrations;
    private final ControlPlaneCounters counters;
    private final EdgeActivity activity;
    private final long defaultLifetimeMillis;

    MapRegisterProcessor(final EdgeDirectory directory, final EdgeKeys keys, final RegistrationTable registrations,
            final ControlPlaneCounters counters, final EdgeActivity activity, final long defaultLifetimeMillis) {
        this.directory = directory;
        this.keys = keys;
        this.registrations = registrations;
        this.counters = counters;
        this.activity = activity;
        this.defaultLifetimeMillis = defaultLifetimeMillis;
    }

    /**
     * Processes a Map-Register.
     *
     * @param register the decoded message
     * @param raw the datagram as received (its authentication data is verified over these bytes)
     * @param sender where it came from
     * @return the Map-Notify to answer with once the registration is in effect, or null for none
     */
    @Nullable MapNotifyAnswer process(final MapRegister register, final ByteBuf raw, final InetSocketAddress sender) {
        var edge = directory.edgeByControlAddress(sender.getAddress());
        final boolean fromControlAddress = edge != null;
        if (edge == null) {
            // Not from a control address: find the edge the EIDs belong to, so that a message signed with the right
            // key but sent from elsewhere counts as unauthorised and one with a wrong key as an authentication failure.
            edge = edgeAuthorizedFor(register);
            if (edge == null) {
                reject(Kind.UNAUTHORIZED, "from an unknown edge", sender, null);
                return null;
            }
        }
        final var secret = keys.secretOf(edge);
        final var key = edge.mapRegisterKey();
        if (secret.length == 0 || key.keyId() != register.keyId()
                || key.algorithm().getIntValue() != register.algorithmId() || !LispAuthentication.verify(raw, secret)) {
            reject(Kind.AUTHENTICATION_FAILED, "with wrong authentication data", sender, edge);
            return null;
        }
        if (!fromControlAddress) {
            reject(Kind.UNAUTHORIZED, "from outside its control address " + edge.controlAddress().getHostAddress(),
                sender, edge);
            return null;
        }

        final var now = Instant.now();
        final var mappings = new ArrayList<MappingEntry>(register.records().size());
        for (var mappingRecord : register.records()) {
            final long instanceId = mappingRecord.eid().instanceId();
            final IpPrefix prefix;
            try {
                prefix = Conversions.prefixOf(mappingRecord.eid());
            } catch (IllegalArgumentException e) {
                reject(Kind.MALFORMED, "with an invalid EID: " + e.getMessage(), sender, edge);
                return null;
            }
            if (!Authorization.covers(edge, instanceId, prefix)) {
                reject(Kind.UNAUTHORIZED, "for " + prefix + " in virtual network " + instanceId
                    + ", outside its authorised prefixes", sender, edge);
                return null;
            }
            final var registered = Conversions.registeredOf(mappingRecord);
            if (registered == null) {
                reject(Kind.MALFORMED, "for " + prefix + " without one WireGuard locator key", sender, edge);
                return null;
            }
            final long lifetime = register.useTtlForTimeout() ? mappingRecord.ttl() * 60_000 : defaultLifetimeMillis;
            mappings.add(new MappingEntry(instanceId, prefix, registered.publicKey(), registered.locators(),
                mappingRecord.ttl(), MappingOrigin.Registered, edge.edgeId(), now, now.plusMillis(lifetime)));
        }
        activity.accepted(edge.edgeId(), now);
        final var inEffect = new CompletableFuture<?>[mappings.size()];
        for (int i = 0; i < inEffect.length; i++) {
            inEffect[i] = registrations.register(mappings.get(i));
        }
        return register.wantMapNotify() ? new MapNotifyAnswer(MapNotify.answering(register), secret,
            inEffect.length == 1 ? inEffect[0] : CompletableFuture.allOf(inEffect)) : null;
    }

    private @Nullable EdgeInfo edgeAuthorizedFor(final MapRegister register) {
        if (register.records().isEmpty()) {
            return null;
        }
        final MappingRecord first = register.records().get(0);
        final IpPrefix prefix;
        try {
            prefix = Conversions.prefixOf(first.eid());
        } catch (IllegalArgumentException e) {
            return null;
        }
        final long instanceId = first.eid().instanceId();
        for (var edgeId : directory.edgesIn(instanceId)) {
            final var candidate = directory.edge(edgeId);
            if (candidate != null && Authorization.covers(candidate, instanceId, prefix)) {
                return candidate;
            }
        }
        return null;
    }

    private void reject(final Kind kind, final String why, final InetSocketAddress sender,
            final @Nullable EdgeInfo edge) {
        counters.increment(MessageType.MapRegister, kind);
        if (edge != null) {
            activity.refused(edge.edgeId(), kind);
        }
        LOG.debug("Dropped a Map-Register {} (sender {}, edge {})", why, sender, edge != null ? edge.edgeId() : "?");
    }

    /**
     * A Map-Notify to send, with the key to sign it and when to send it.
     *
     * @param mapNotify the unsigned notify
     * @param secret the key
     * @param inEffect completes when every registered record is in effect (RFC 9301: the Map-Notify tells the edge
     *     that its registration was processed); fails if one could not be stored, and then no Map-Notify is due
     */
    record MapNotifyAnswer(MapNotify mapNotify, byte[] secret, CompletableFuture<?> inEffect) {
    }
}
