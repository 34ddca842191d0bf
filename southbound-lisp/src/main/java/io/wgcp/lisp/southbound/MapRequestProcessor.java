/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.netty.channel.EventLoop;
import io.wgcp.lisp.codec.IpAddress;
import io.wgcp.lisp.codec.Ipv4Address;
import io.wgcp.lisp.codec.Ipv6Address;
import io.wgcp.lisp.codec.MapReply;
import io.wgcp.lisp.codec.MapReplyAction;
import io.wgcp.lisp.codec.MapRequest;
import io.wgcp.lisp.codec.MapRequestRecord;
import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.lisp.codec.NoAddress;
import io.wgcp.mapserver.api.ControlPlaneCounters;
import io.wgcp.mapserver.api.ControlPlaneCounters.Kind;
import io.wgcp.mapserver.api.EdgeDirectory;
import io.wgcp.mapserver.api.EdgeInfo;
import io.wgcp.mapserver.api.MappingEntry;
import io.wgcp.mapserver.api.MappingResolver;
import io.wgcp.mapserver.api.Resolution;
import io.wgcp.mapserver.api.SubscriptionEntry;
import io.wgcp.types.IpPrefix;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.jdt.annotation.Nullable;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.statistics.MessageCounters.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles Map-Requests (pull and push, RFC 9301 and the wgcp profile): resolve each requested EID in the requester's
 * virtual network, push the requester's own mapping to the destination edge in an unsolicited Map-Notify, and
 * answer once the destination has acknowledged it (or after a short bound), so that the destination knows the
 * requester's WireGuard key before the requester's handshake arrives. A record with the N bit in a request with
 * the I bit subscribes the requester to the answer's prefix (RFC 9437).
 */
final class MapRequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(MapRequestProcessor.class);

    private final MappingResolver resolver;
    private final EdgeDirectory directory;
    private final EdgeKeys keys;
    private final SubscriptionTable subscriptions;
    private final UnsolicitedNotifier notifier;
    private final ControlPlaneCounters counters;
    private final long negativeTtlMinutes;
    private final BooleanSupplier warmingUp;
    private final long pushAckWaitMillis;
    private final RecordCache recordCache = new RecordCache();

    MapRequestProcessor(final MappingResolver resolver, final EdgeDirectory directory, final EdgeKeys keys,
            final SubscriptionTable subscriptions, final UnsolicitedNotifier notifier,
            final ControlPlaneCounters counters, final long negativeTtlMinutes, final long pushAckWaitMillis,
            final BooleanSupplier warmingUp) {
        this.resolver = resolver;
        this.directory = directory;
        this.keys = keys;
        this.subscriptions = subscriptions;
        this.notifier = notifier;
        this.counters = counters;
        this.negativeTtlMinutes = negativeTtlMinutes;
        this.warmingUp = warmingUp;
        this.pushAckWaitMillis = pushAckWaitMillis;
    }

    /**
     * Processes a Map-Request.
     *
     * @param request the request
     * @param sender the address the request came from (for an ECM, the outer source)
     * @param eventLoop where to wait for acknowledgements
     * @param reply sends the Map-Reply; called at once, or later from the event loop when a push is acknowledged
     * @return true if the request was answered or will be, false if it was refused
     */
    boolean process(final MapRequest request, final InetAddress sender, final EventLoop eventLoop,
            final Consumer<MapReply> reply) {
        final var requester = directory.edgeByControlAddress(sender);
        if (requester == null) {
            return refuse("from an unknown control address", sender);
        }
        final var sourceEid = request.sourceEid();
        final long instanceId = Conversions.instanceIdOf(sourceEid);
        final var sourceResolution = resolve(instanceId, Conversions.ipOf(sourceEid));
        if (!(sourceResolution instanceof Resolution.Found source)
                || !requester.edgeId().equals(source.mapping().edgeId())) {
            return refuse("with a source EID " + sourceEid + " that edge " + requester.edgeId() + " has not registered",
                sender);
        }

        final var records = new ArrayList<MappingRecord>(request.records().size());
        List<CompletableFuture<Boolean>> pushes = null;
        for (var requested : request.records()) {
            final var answer = answer(requester, instanceId, requested);
            records.add(answer.mappingRecord);
            if (requested.subscribe() && request.xtrSiteIdPresent() && answer.prefix != null) {
                updateSubscription(request, requester, instanceId, answer.prefix);
            }
            if (answer.destination != null) {
                final var push = push(requester, source.mapping(), answer.destination);
                if (push != null) {
                    if (pushes == null) {
                        pushes = new ArrayList<>(1);
                    }
                    pushes.add(push);
                }
            }
        }
        if (request.dontMapReply()) {
            return true;
        }
        final var mapReply = MapReply.of(request.nonce(), records);
        if (pushes == null || pushAckWaitMillis == 0) {
            reply.accept(mapReply);
            return true;
        }
        // Answer when every destination has the requester's key, or when the bound runs out: whichever comes first.
        final var sent = new AtomicBoolean();
        final Runnable sendOnce = () -> {
            if (sent.compareAndSet(false, true)) {
                reply.accept(mapReply);
            }
        };
        final var timeout = eventLoop.schedule(sendOnce, pushAckWaitMillis, TimeUnit.MILLISECONDS);
        CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> {
            timeout.cancel(false);
            eventLoop.execute(sendOnce);
        });
        return true;
    }

    /** One record of the answer, with what it implies. */
    private record Answer(MappingRecord mappingRecord, @Nullable IpPrefix prefix, @Nullable MappingEntry destination) {
    }

    private Answer answer(final EdgeInfo requester, final long instanceId, final MapRequestRecord requested) {
        final var eid = requested.eid();
        final var address = Conversions.ipOf(eid.address());
        if (address == null) {
            return new Answer(MappingRecord.negative(eid, MapReplyAction.DROP_NO_REASON, negativeTtlMinutes), null,
                null);
        }
        if (eid.instanceId() != instanceId) {
            // Virtual networks are isolated: a requester sees nothing outside its own.
            return new Answer(MappingRecord.negative(eid, MapReplyAction.DROP_POLICY_DENIED, negativeTtlMinutes),
                null, null);
        }
        final var resolution = resolve(instanceId, address);
        if (resolution instanceof Resolution.Found found) {
            final var mapping = found.mapping();
            return new Answer(recordCache.recordOf(mapping), mapping.eidPrefix(),
                mapping.edgeId() != null && !mapping.edgeId().equals(requester.edgeId()) ? mapping : null);
        }
        final var negative = (Resolution.Negative) resolution;
        // Just after a start the edges are still registering again: a destination that a provisioned edge may
        // register is likely one whose Map-Register is on its way, so that answer must not be cached (TTL 0: ask
        // again). Only then is the directory walked, so that the usual negative answer stays cheap.
        final boolean registering = warmingUp.getAsBoolean() && provisionedFor(instanceId, address);
        return new Answer(MappingRecord.negative(Conversions.eidOf(instanceId, negative.coveringPrefix()),
            MapReplyAction.DROP_NO_REASON, registering ? 0 : negativeTtlMinutes), negative.coveringPrefix(), null);
    }

    private boolean provisionedFor(final long instanceId, final IpAddress address) {
        final var host = IpPrefix.host(address.toInetAddress());
        for (var edgeId : directory.edgesIn(instanceId)) {
            final var edge = directory.edge(edgeId);
            if (edge != null && Authorization.covers(edge, instanceId, host)) {
                return true;
            }
        }
        return false;
    }

    private @Nullable CompletableFuture<Boolean> push(final EdgeInfo requester, final MappingEntry requesterMapping,
            final MappingEntry destination) {
        final var edge = directory.edge(destination.edgeId());
        if (edge == null) {
            return null;
        }
        final var secret = keys.secretOf(edge);
        if (secret.length == 0) {
            LOG.debug("Cannot push to edge {}: it has no usable Map-Register key", edge.edgeId());
            return null;
        }
        // The destination now holds the requester as a WireGuard peer: it must learn when the requester moves or
        // rotates its key, so the push subscribes it to the requester's prefix.
        subscriptions.subscribe(new SubscriptionEntry(requesterMapping.instanceId(), requesterMapping.eidPrefix(),
            edge.edgeId(), edge.controlAddress(), null, 0, Instant.now()));
        return notifier.send(edge, secret, List.of(recordCache.recordOf(requesterMapping)));
    }

    private void updateSubscription(final MapRequest request, final EdgeInfo requester, final long instanceId,
            final IpPrefix prefix) {
        if (!request.itrRlocs().isEmpty() && request.itrRlocs().get(0) instanceof NoAddress) {
            subscriptions.unsubscribe(instanceId, prefix, requester.edgeId());
            return;
        }
        final var trailer = request.xtrSiteId();
        subscriptions.subscribe(new SubscriptionEntry(instanceId, prefix, requester.edgeId(),
            requester.controlAddress(), Conversions.xtrIdOf(trailer), trailer.siteId(), Instant.now()));
    }

    private @Nullable Resolution resolve(final long instanceId, final @Nullable IpAddress address) {
        if (address instanceof Ipv4Address v4) {
            return resolver.resolveIpv4(instanceId, v4.bits());
        }
        if (address instanceof Ipv6Address v6) {
            return resolver.resolveIpv6(instanceId, v6.high(), v6.low());
        }
        return null;
    }

    private boolean refuse(final String why, final InetAddress sender) {
        counters.increment(MessageType.MapRequest, Kind.UNAUTHORIZED);
        LOG.debug("Refused a Map-Request {} (sender {})", why, sender.getHostAddress());
        return false;
    }
}
