/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.impl;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.wgcp.mapserver.api.MappingResolver;
import io.wgcp.mapserver.api.Resolution;
import io.wgcp.types.IpLiteral;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import org.opendaylight.aaa.encrypt.AAAEncryptionService;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.RpcProviderService;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.AuthenticationAlgorithm;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.Edges;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.Resolve;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.ResolveInput;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.ResolveOutput;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.ResolveOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.SetMapRegisterKey;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.SetMapRegisterKeyInput;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.SetMapRegisterKeyOutput;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.SetMapRegisterKeyOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.Edge;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.EdgeKey;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.edge.MapRegisterKey;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.edges.edge.MapRegisterKeyBuilder;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;
import org.opendaylight.yangtools.yang.common.Uint8;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The wgcp RPCs: {@code resolve} answers from the in-memory index, {@code set-map-register-key} stores an edge's
 * Map-Register secret encrypted by the AAA encryption service.
 */
@Component(service = { }, immediate = true)
public final class WgcpRpcs implements AutoCloseable {
    private static final int GENERATED_SECRET_BYTES = 32;
    private static final int MIN_SECRET_LENGTH = 16;
    private static final int MAX_SECRET_LENGTH = 1024;
    private static final long MAX_INSTANCE_ID = 16_777_215;

    private final DataBroker dataBroker;
    private final MappingResolver resolver;
    private final AAAEncryptionService encryption;
    private final SecureRandom random = new SecureRandom();
    private final Registration registration;

    /**
     * Registers the RPC implementations.
     *
     * @param rpcProvider the MD-SAL RPC registry
     * @param dataBroker the data broker
     * @param resolver the mapping index
     * @param encryption the AAA encryption service
     */
    @Activate
    public WgcpRpcs(@Reference final RpcProviderService rpcProvider, @Reference final DataBroker dataBroker,
            @Reference final MappingResolver resolver, @Reference final AAAEncryptionService encryption) {
        this.dataBroker = dataBroker;
        this.resolver = resolver;
        this.encryption = encryption;
        registration = rpcProvider.registerRpcImplementations((Resolve) this::resolve,
            (SetMapRegisterKey) this::setMapRegisterKey);
    }

    @Override
    @Deactivate
    public void close() {
        registration.close();
    }

    /**
     * Resolves an address by longest-prefix match.
     *
     * @param input the RPC input
     * @return the mapping, or a negative answer
     */
    public ListenableFuture<RpcResult<ResolveOutput>> resolve(final ResolveInput input) {
        final var text = input.getAddress();
        if (text == null) {
            return failed(ErrorTag.MISSING_ELEMENT, "address is required");
        }
        final InetAddress address;
        try {
            // The project's one strict parser: no name resolution, and ::ffff:a.b.c.d stays IPv6 as on the wire.
            address = IpLiteral.parse(text);
        } catch (IllegalArgumentException e) {
            return failed(ErrorTag.INVALID_VALUE, "address: '" + text + "' is not an IPv4 or IPv6 address");
        }
        final long instanceId = input.getInstanceId() != null ? input.getInstanceId().toJava() : 0;
        if (instanceId > MAX_INSTANCE_ID) {
            return failed(ErrorTag.INVALID_VALUE, "instance-id: " + instanceId + " is above " + MAX_INSTANCE_ID);
        }
        final var resolution = resolver.resolve(instanceId, address);
        final var output = new ResolveOutputBuilder();
        if (resolution instanceof Resolution.Found found) {
            final var mapping = BindingConversions.builderOf(found.mapping());
            output.setFound(true)
                .setEidPrefix(mapping.getEidPrefix())
                .setOrigin(mapping.getOrigin())
                .setPublicKey(mapping.getPublicKey())
                .setLocator(mapping.getLocator())
                .setTtl(mapping.getTtl())
                .setEdgeId(mapping.getEdgeId());
        } else {
            final var negative = (Resolution.Negative) resolution;
            output.setFound(false)
                .setEidPrefix(BindingConversions.bindingPrefixOf(negative.coveringPrefix()))
                .setAction(negative.action());
        }
        return RpcResultBuilder.success(output.build()).buildFuture();
    }

    /**
     * Stores an edge's Map-Register key, generating the secret when none is given.
     *
     * @param input the RPC input
     * @return the generated secret, if any
     */
    public ListenableFuture<RpcResult<SetMapRegisterKeyOutput>> setMapRegisterKey(
            final SetMapRegisterKeyInput input) {
        if (input.getEdgeId() == null) {
            return failed(ErrorTag.MISSING_ELEMENT, "edge-id is required");
        }
        final var given = input.getSecret();
        if (given != null && (given.length() < MIN_SECRET_LENGTH || given.length() > MAX_SECRET_LENGTH)) {
            return failed(ErrorTag.INVALID_VALUE, "secret: " + MIN_SECRET_LENGTH + " to " + MAX_SECRET_LENGTH
                + " characters, not " + given.length());
        }
        final String secret = given != null ? given : generateSecret();
        final String encrypted;
        try {
            encrypted = Base64.getEncoder().encodeToString(
                encryption.encrypt(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            return failed(ErrorTag.OPERATION_FAILED, "cannot encrypt the secret: " + e.getMessage());
        }
        final var key = new MapRegisterKeyBuilder()
            .setKeyId(input.getKeyId() != null ? input.getKeyId() : Uint8.ZERO)
            .setAlgorithm(input.getAlgorithm() != null ? input.getAlgorithm()
                : AuthenticationAlgorithm.HmacSha256128)
            .setEncryptedSecret(encrypted)
            .build();
        final var edgePath = InstanceIdentifier.create(Edges.class).child(Edge.class, new EdgeKey(input.getEdgeId()));
        final var tx = dataBroker.newReadWriteTransaction();
        final boolean exists;
        try {
            exists = tx.exists(LogicalDatastoreType.CONFIGURATION, edgePath).get();
        } catch (InterruptedException | ExecutionException e) {
            tx.cancel();
            return failed(ErrorTag.OPERATION_FAILED, "cannot read edge " + input.getEdgeId().getValue());
        }
        if (!exists) {
            tx.cancel();
            return failed(ErrorTag.DATA_MISSING, "edge " + input.getEdgeId().getValue() + " does not exist");
        }
        tx.put(LogicalDatastoreType.CONFIGURATION, edgePath.child(MapRegisterKey.class), key);
        final var output = new SetMapRegisterKeyOutputBuilder();
        if (given == null) {
            output.setGeneratedSecret(secret);
        }
        return Futures.transform(tx.commit(), info -> RpcResultBuilder.success(output.build()).build(),
            MoreExecutors.directExecutor());
    }

    private String generateSecret() {
        final var bytes = new byte[GENERATED_SECRET_BYTES];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static <T> ListenableFuture<RpcResult<T>> failed(final ErrorTag tag, final String message) {
        return RpcResultBuilder.<T>failed().withError(ErrorType.APPLICATION, tag, message).buildFuture();
    }
}
