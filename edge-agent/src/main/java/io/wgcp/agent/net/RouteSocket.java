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
import io.wgcp.types.IpPrefix;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds and deletes routes through one rtnetlink socket, the kernel interface that {@code ip route} itself uses.
 *
 * <p>Why not {@code ip}: starting a process from a JVM costs milliseconds (fork, exec, the dynamic loader), and a
 * route is on the path of every new tunnel, between the Map-Reply and the first packet. A netlink request is one
 * {@code send} and one {@code recv}: the kernel applies a route change synchronously while handling the send, so the
 * acknowledgement is already queued when the send returns.
 *
 * <p>The socket belongs to the network namespace of the thread that opens it. Requests are serialised: one is in
 * flight at a time, so an acknowledgement always answers the request just sent (checked by sequence number).
 * Routes are written as {@code ip route replace PREFIX dev DEVICE [src SOURCE]} writes them: main table, protocol
 * {@code boot}, link scope, unicast.
 */
public final class RouteSocket implements AutoCloseable, Routes {
    private static final int NLMSG_HEADER = 16;
    private static final int NLMSG_ERROR = 2;
    private static final short RTM_NEWROUTE = 24;
    private static final short RTM_DELROUTE = 25;
    private static final short RTM_GETROUTE = 26;
    private static final int RTMSG = 12;
    private static final short NLM_F_REQUEST = 0x1;
    private static final short NLM_F_ACK = 0x4;
    private static final short NLM_F_REPLACE = 0x100;
    private static final short NLM_F_CREATE = 0x400;
    private static final byte RT_TABLE_MAIN = (byte) 254;
    private static final byte RTPROT_BOOT = 3;
    private static final byte RT_SCOPE_LINK = (byte) 253;
    private static final byte RT_SCOPE_NOWHERE = (byte) 255;
    private static final byte RTN_UNICAST = 1;
    private static final short RTA_DST = 1;
    private static final short RTA_OIF = 4;
    private static final short RTA_PREFSRC = 7;
    private static final short RTM_NEWLINK = 16;
    private static final short RTM_GETLINK = 18;
    private static final int IFINFOMSG = 16;
    private static final short IFLA_IFNAME = 3;
    private static final int IFNAMSIZ = 16;
    private static final int MESSAGE = 128;
    private static final int BUFFER = 16_384;
    private static final int ANSWER_WAIT_MILLIS = 1000;

    private final int fd;
    private final Memory buffer = new Memory(BUFFER);
    private final Map<String, Integer> interfaceIndexes = new HashMap<>();
    private int sequence;
    private boolean closed;

    private RouteSocket(final int fd) {
        this.fd = fd;
    }

    /**
     * Opens a route socket in the network namespace of the calling thread.
     *
     * @return the socket
     * @throws IOException if the socket cannot be opened
     */
    public static RouteSocket open() throws IOException {
        try {
            return new RouteSocket(LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC,
                LibC.NETLINK_ROUTE));
        } catch (LastErrorException e) {
            throw LibC.ioException("socket(AF_NETLINK, NETLINK_ROUTE)", e);
        }
    }

    /**
     * Adds the route of a prefix to a device, or replaces the route that prefix has: {@code ip route replace}.
     *
     * @param destination the prefix
     * @param device the interface
     * @param source the preferred source address of local senders towards the prefix, or null for none
     * @throws RouteException if the kernel refuses, e.g. {@code ENODEV} for no such device
     * @throws IOException if the socket fails
     */
    public synchronized void replace(final IpPrefix destination, final String device,
            final InetAddress source) throws IOException {
        if (source != null && source instanceof Inet4Address != destination.isIpv4()) {
            throw new IllegalArgumentException("source " + source.getHostAddress() + " is not of the family of "
                + destination);
        }
        exchange("replace", RTM_NEWROUTE, (short) (NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE),
            destination, device, source);
    }

    /**
     * Deletes the route of a prefix to a device: {@code ip route del}.
     *
     * @param destination the prefix
     * @param device the interface
     * @return true if a route was deleted, false if there was none
     * @throws RouteException if the kernel refuses for another reason
     * @throws IOException if the socket fails
     */
    public synchronized boolean delete(final IpPrefix destination, final String device) throws IOException {
        try {
            exchange("delete", RTM_DELROUTE, (short) (NLM_F_REQUEST | NLM_F_ACK), destination, device, null);
            return true;
        } catch (RouteException e) {
            if (e.errno() == LibC.ESRCH) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Returns the source address the kernel would give a packet to a destination: {@code ip route get}'s {@code src}.
     *
     * @param destination the destination
     * @return the source address, or null if there is no route to the destination
     * @throws IOException if the socket fails or the kernel refuses for another reason than having no route
     */
    public synchronized InetAddress sourceTowards(final InetAddress destination) throws IOException {
        if (closed) {
            throw new IOException("route socket closed");
        }
        final byte[] address = destination.getAddress();
        final ByteBuffer message = newMessage();
        message.put((byte) (address.length == 4 ? LibC.AF_INET : LibC.AF_INET6))
            .put((byte) (address.length * 8))
            .put(new byte[RTMSG - 2]);
        putAttribute(message, RTA_DST, address);
        final ByteBuffer answer;
        try {
            answer = transact("route get " + destination.getHostAddress(), message, RTM_GETROUTE, NLM_F_REQUEST);
        } catch (RouteException e) {
            if (e.errno() == LibC.ENETUNREACH || e.errno() == LibC.EHOSTUNREACH) {
                return null;
            }
            throw e;
        }
        if (answer == null || answer.getShort(4) != RTM_NEWROUTE) {
            throw new IOException("netlink: unexpected answer to route get " + destination.getHostAddress());
        }
        for (int at = NLMSG_HEADER + RTMSG; at + 4 <= answer.limit();) {
            final int length = Short.toUnsignedInt(answer.getShort(at));
            if (length < 4 || at + length > answer.limit()) {
                break;
            }
            if (answer.getShort(at + 2) == RTA_PREFSRC && length - 4 == address.length) {
                final byte[] source = new byte[address.length];
                answer.get(at + 4, source);
                return InetAddress.getByAddress(source);
            }
            at += align(length);
        }
        return null;
    }

    private void exchange(final String verb, final short type, final short flags, final IpPrefix destination,
            final String device, final InetAddress source) throws IOException {
        if (closed) {
            throw new IOException("route socket closed");
        }
        int index = interfaceIndex(device);
        try {
            request(verb, type, flags, destination, device, index, source);
        } catch (RouteException e) {
            if (e.errno() != LibC.ENODEV) {
                throw e;
            }
            // The device may have been re-created (a restarted wireguard-go) under a new index: look it up again.
            interfaceIndexes.remove(device);
            index = interfaceIndex(device);
            request(verb, type, flags, destination, device, index, source);
        }
    }

    private void request(final String verb, final short type, final short flags, final IpPrefix destination,
            final String device, final int index, final InetAddress source) throws IOException {
        final ByteBuffer message = newMessage();
        final boolean delete = type == RTM_DELROUTE;
        message.put((byte) (destination.isIpv4() ? LibC.AF_INET : LibC.AF_INET6))
            .put((byte) destination.length())
            .put((byte) 0)
            .put((byte) 0)
            .put(RT_TABLE_MAIN)
            .put(delete ? 0 : RTPROT_BOOT)
            .put(delete ? RT_SCOPE_NOWHERE : RT_SCOPE_LINK)
            .put(delete ? 0 : RTN_UNICAST)
            .putInt(0);
        putAttribute(message, RTA_DST, destination.address().getAddress());
        putAttribute(message, RTA_OIF, ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder())
            .putInt(index).array());
        if (source != null) {
            putAttribute(message, RTA_PREFSRC, source.getAddress());
        }
        transact("route " + verb + " " + destination + " dev " + device, message, type, flags);
    }

    /**
     * Looks an interface up by name through the socket itself ({@code RTM_GETLINK}), so that the answer comes from
     * the socket's namespace whatever the calling thread's is.
     */
    private int interfaceIndex(final String device) throws IOException {
        final Integer known = interfaceIndexes.get(device);
        if (known != null) {
            return known;
        }
        final byte[] name = device.getBytes(StandardCharsets.US_ASCII);
        if (name.length == 0 || name.length >= IFNAMSIZ) {
            throw new RouteException("interface name '" + device + "'", LibC.ENODEV);
        }
        final ByteBuffer message = newMessage();
        message.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(0).putInt(0).putInt(0);
        putAttribute(message, IFLA_IFNAME, Arrays.copyOf(name, name.length + 1));
        final ByteBuffer answer = transact("link " + device, message, RTM_GETLINK, NLM_F_REQUEST);
        if (answer == null || answer.getShort(4) != RTM_NEWLINK || answer.limit() < NLMSG_HEADER + IFINFOMSG) {
            throw new IOException("netlink: unexpected answer to the lookup of interface " + device);
        }
        final int index = answer.getInt(NLMSG_HEADER + 4);
        interfaceIndexes.put(device, index);
        return index;
    }

    private static ByteBuffer newMessage() {
        return ByteBuffer.allocate(MESSAGE).order(ByteOrder.nativeOrder()).position(NLMSG_HEADER);
    }

    /**
     * Sends a request and waits for its answer: null for an acknowledgement, else the answering message (header
     * included); a negative acknowledgement is thrown.
     */
    private ByteBuffer transact(final String what, final ByteBuffer message, final short type, final short flags)
            throws IOException {
        final int seq = ++sequence;
        final int length = message.position();
        message.putInt(0, length).putShort(4, type).putShort(6, flags).putInt(8, seq).putInt(12, 0);
        buffer.write(0, message.array(), 0, length);
        try {
            final long sent = LibC.sendto(fd, buffer, new NativeLong(length), 0, null, 0).longValue();
            if (sent != length) {
                throw new IOException("netlink: short send of " + what + " (" + sent + " of " + length + ")");
            }
        } catch (LastErrorException e) {
            throw LibC.ioException("netlink send (" + what + ")", e);
        }
        final long deadline = System.nanoTime() + ANSWER_WAIT_MILLIS * 1_000_000L;
        while (true) {
            final int received;
            try {
                received = (int) LibC.recv(fd, buffer, new NativeLong(BUFFER), LibC.MSG_DONTWAIT).longValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EAGAIN || e.getErrorCode() == LibC.EINTR) {
                    if (System.nanoTime() - deadline >= 0) {
                        throw new IOException("netlink: no answer to " + what + " within " + ANSWER_WAIT_MILLIS
                            + " ms", e);
                    }
                    waitReadable();
                    continue;
                }
                throw LibC.ioException("netlink recv (" + what + ")", e);
            }
            final ByteBuffer in = buffer.getByteBuffer(0, received).order(ByteOrder.nativeOrder());
            for (int at = 0; at + NLMSG_HEADER <= received;) {
                final int answerLength = in.getInt(at);
                if (answerLength < NLMSG_HEADER || at + answerLength > received) {
                    break;
                }
                if (in.getInt(at + 8) == seq) {
                    if (in.getShort(at + 4) != NLMSG_ERROR) {
                        final ByteBuffer answer = ByteBuffer.allocate(answerLength).order(ByteOrder.nativeOrder());
                        answer.put(in.slice(at, answerLength)).flip();
                        return answer;
                    }
                    final int error = -in.getInt(at + NLMSG_HEADER);
                    if (error != 0) {
                        throw new RouteException(what, error);
                    }
                    return null;
                }
                // Anything else answers an earlier request abandoned on a timeout: skip it.
                at += align(answerLength);
            }
        }
    }

    private void waitReadable() throws IOException {
        try (Memory pollFd = new Memory(8)) {
            pollFd.setInt(0, fd);
            pollFd.setShort(4, LibC.POLLIN);
            pollFd.setShort(6, (short) 0);
            LibC.poll(pollFd, new NativeLong(1), 10);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != LibC.EINTR) {
                throw LibC.ioException("poll on the netlink socket", e);
            }
        }
    }

    private static void putAttribute(final ByteBuffer message, final short type, final byte[] value) {
        final int length = 4 + value.length;
        message.putShort((short) length).putShort(type).put(value);
        message.position(message.position() + align(length) - length);
    }

    private static int align(final int length) {
        return length + 3 & ~3;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.closeQuietly(fd);
            buffer.close();
        }
    }
}
