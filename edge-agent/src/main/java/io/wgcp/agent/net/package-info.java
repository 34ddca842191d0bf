/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * The packet layer of the edge agent: the TUN device that catches the first packets towards overlay destinations
 * ({@link TunDevice}), their parsing ({@link IpPacket}), holding while the destination is resolved
 * ({@link PacketHold}), re-sending through the routing table once the WireGuard route exists ({@link RawIpSender}),
 * answering unresolvable ones ({@link IcmpUnreachable}) and the routes that steer them ({@link IpCommand}).
 *
 * <p>Linux only. Native calls go through JNA because the project's JDK 17 has no final foreign-function API.
 */
package io.wgcp.agent.net;
