/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * The LISP control-plane codec of the wgcp profile (RFC 9301, RFC 8060, RFC 9437), shared by the map server's
 * southbound and the edge agent; it depends on nothing but Netty's buffers and the JDK.
 *
 * <p>Entry points: {@link io.wgcp.lisp.codec.LispMessageDecoder#decode(io.netty.buffer.ByteBuf)},
 * {@link io.wgcp.lisp.codec.LispMessageEncoder#encode(io.wgcp.lisp.codec.LispMessage, io.netty.buffer.ByteBuf)},
 * {@link io.wgcp.lisp.codec.LispAuthentication} and {@link io.wgcp.lisp.codec.WireGuardLocator}. Messages and
 * addresses are immutable records that compare by value.
 *
 * <p>Choices where the profile is silent: decoding is strict (see {@link io.wgcp.lisp.codec.LispMessageDecoder} for
 * everything it rejects, trailing bytes included); LISP-SEC is not supported (the S bits are carried, their trailers
 * are rejected as trailing bytes); an ECM must carry a Map-Request; reserved bits are ignored on decoding and written
 * as zero; known LCAFs drop their Rsvd1/Flags bytes while unknown LCAFs keep every byte.
 */
package io.wgcp.lisp.codec;
