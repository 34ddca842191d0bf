/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.agent.net.IpPacket;
import io.wgcp.agent.net.MalformedPacketException;
import io.wgcp.agent.net.TunDevice;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** Reads IP packets from the TUN device on a thread of its own and hands each to the agent, until the device closes. */
final class TunReader implements Runnable {
    private static final Logger LOG = System.getLogger(TunReader.class.getName());

    private final TunDevice tun;
    private final Consumer<IpPacket> receiver;

    private TunReader(final TunDevice tun, final Consumer<IpPacket> receiver) {
        this.tun = tun;
        this.receiver = receiver;
    }

    static void start(final TunDevice tun, final Consumer<IpPacket> receiver) {
        final var thread = new Thread(new TunReader(tun, receiver), "wgcp-agent-tun");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(TunDevice.MAX_PACKET);
        while (true) {
            buffer.clear();
            final int length;
            try {
                length = tun.read(buffer);
            } catch (IOException e) {
                if (tun.isOpen()) {
                    LOG.log(Level.ERROR, "Reading the TUN device failed; flow detection stops", e);
                }
                return;
            }
            if (length < 0) {
                return;
            }
            buffer.flip();
            try {
                // A copy: the buffer is read into again at once.
                receiver.accept(IpPacket.parse(buffer).copy());
            } catch (MalformedPacketException e) {
                // not an IP packet: nothing to resolve
            }
        }
    }
}
