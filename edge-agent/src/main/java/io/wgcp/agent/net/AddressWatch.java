/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Tells when an address or a route of the host changes, from the kernel's rtnetlink notifications, so that an edge
 * that moves to another underlay address re-registers at once instead of at its next poll.
 *
 * <p>A burst of notifications (an address added, the old one deleted, their routes) calls the listener once per
 * read of the socket, not once per message; the listener decides what changed. When the kernel drops
 * notifications because the socket's buffer overflowed ({@code ENOBUFS}) the listener is called all the same: it
 * must look at the current state, never at what the notifications said.
 */
public final class AddressWatch implements AutoCloseable {
    private static final Logger LOG = System.getLogger(AddressWatch.class.getName());
    private static final int RTMGRP_IPV4_IFADDR = 0x10;
    private static final int RTMGRP_IPV4_ROUTE = 0x40;
    private static final int RTMGRP_IPV6_IFADDR = 0x100;
    private static final int RTMGRP_IPV6_ROUTE = 0x400;
    private static final int SOCKADDR_NL = 12;
    private static final int BUFFER = 65_536;
    // How often the thread looks at the closed flag while nothing changes.
    private static final int POLL_MILLIS = 250;

    private final int fd;
    private final Runnable listener;
    private final Thread thread;
    private volatile boolean closed;

    private AddressWatch(final int fd, final Runnable listener) {
        this.fd = fd;
        this.listener = listener;
        thread = new Thread(this::run, "wgcp-agent-address-watch");
        thread.setDaemon(true);
    }

    /**
     * Starts watching the network namespace of the calling thread.
     *
     * @param listener called on the watch's own thread after each change; it must not block for long
     * @return the watch
     * @throws IOException if the netlink socket cannot be opened or bound
     */
    public static AddressWatch start(final Runnable listener) throws IOException {
        final int fd;
        try {
            fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
        } catch (LastErrorException e) {
            throw LibC.ioException("socket(AF_NETLINK, NETLINK_ROUTE)", e);
        }
        try (Memory address = new Memory(SOCKADDR_NL)) {
            address.clear();
            address.setShort(0, (short) LibC.AF_NETLINK);
            // nl_pid 0: the kernel assigns the port id.
            address.setInt(8, RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE);
            LibC.bind(fd, address, SOCKADDR_NL);
        } catch (LastErrorException e) {
            LibC.closeQuietly(fd);
            throw LibC.ioException("bind to the rtnetlink address and route groups", e);
        }
        final var watch = new AddressWatch(fd, listener);
        watch.thread.start();
        return watch;
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void run() {
        try (Memory buffer = new Memory(BUFFER); Memory pollFd = new Memory(8)) {
            while (!closed) {
                if (waitReadable(pollFd) && drain(buffer) && !closed) {
                    try {
                        listener.run();
                    } catch (RuntimeException e) {
                        // A listener's bug costs one notification, not the watch.
                        LOG.log(Level.ERROR, "Address change listener failed", e);
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "Address watch stopped; address changes are seen by polling only", e);
            }
        } finally {
            // Closed here, by the only thread that uses it, so that no poll ever runs on a reused descriptor.
            LibC.closeQuietly(fd);
        }
    }

    private boolean waitReadable(final Memory pollFd) throws IOException {
        pollFd.setInt(0, fd);
        pollFd.setShort(4, LibC.POLLIN);
        pollFd.setShort(6, (short) 0);
        try {
            return LibC.poll(pollFd, new NativeLong(1), POLL_MILLIS) > 0;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EINTR) {
                return false;
            }
            throw LibC.ioException("poll on the rtnetlink watch", e);
        }
    }

    /** Reads every queued notification; true if there was at least one (or some were lost). */
    private boolean drain(final Memory buffer) throws IOException {
        boolean any = false;
        while (true) {
            try {
                if (LibC.recv(fd, buffer, new NativeLong(BUFFER), LibC.MSG_DONTWAIT).longValue() <= 0) {
                    return any;
                }
                any = true;
            } catch (LastErrorException e) {
                switch (e.getErrorCode()) {
                    case LibC.EAGAIN:
                        return any;
                    case LibC.EINTR:
                        break;
                    case LibC.ENOBUFS:
                        // Notifications were lost: whatever they said, something changed.
                        any = true;
                        break;
                    default:
                        throw LibC.ioException("recv on the rtnetlink watch", e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(POLL_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
