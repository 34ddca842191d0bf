/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * The WireGuard driver of wgcp: key values ({@link io.wgcp.types.WireGuardKey} from the vocabulary module,
 * {@link io.wgcp.wireguard.WireGuardPrivateKey}, {@link io.wgcp.wireguard.WireGuardKeyPair}), peer configuration and
 * state records, and {@link io.wgcp.wireguard.WireGuardDriver} with two backends:
 * {@link io.wgcp.wireguard.UapiDriver} (the UAPI socket of wireguard-go and boringtun) and
 * {@link io.wgcp.wireguard.WgCommandDriver} (the {@code wg} binary, for the kernel module);
 * {@link io.wgcp.wireguard.WireGuardDrivers} picks one. {@link io.wgcp.wireguard.WireGuardGoProcess} runs
 * wireguard-go. Depends on nothing but the JDK.
 */
package io.wgcp.wireguard;
