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
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * Sends whole IP packets, headers included, through the routing table of the network namespace it was opened in:
 * the way the agent re-sends a held packet once the more specific route to the WireGuard interface exists, so that
 * the packet leaves as if the local sender had sent it after the route change.
 *
 * <p>IPv4 uses {@code socket(AF_INET, SOCK_RAW, IPPROTO_RAW)}, which implies {@code IP_HDRINCL} (raw(7)): the kernel
 * routes on the destination address, keeps the header and fills in only the header checksum and total length (and
 * the identification or source address when they are zero). IPv6 uses {@code socket(AF_INET6, SOCK_RAW,
 * IPPROTO_RAW)}: Linux sets header inclusion for that protocol at socket creation (and {@code IPV6_HDRINCL}, set too
 * where the kernel has it, since 4.5, says the same), and sends the packet unchanged. Writing the packet back into
 * the TUN device instead would present it as arriving from outside, where a local source address makes it a martian
 * for IPv4 and it would need forwarding enabled; the raw socket sends it as local output, which is what it is. The
 * packet passes the OUTPUT netfilter hooks, and its TTL or hop limit is not decremented.
 *
 * <p>These sockets are send-only: Linux delivers nothing to an IPv4 {@code IPPROTO_RAW} socket, and IPv6 only packets
 * whose next header is 255, which nobody sends. Opening needs {@code CAP_NET_RAW}. Thread-safe.
 */
public final class RawIpSender implements AutoCloseable {
    private static final int SOCKADDR_IN_SIZE = 16;
    private static final int SOCKADDR_IN6_SIZE = 28;
    // The packet follows the socket address in one native allocation, 8-byte aligned.
    private static final int PACKET_OFFSET = 32;

    private final int ipv4Fd;
    private final int ipv6Fd;
    private final String ipv4Problem;
    private final String ipv6Problem;
    private final UseCount uses;

    private RawIpSender(final int ipv4Fd, final String ipv4Problem, final int ipv6Fd, final String ipv6Problem) {
        this.ipv4Fd = ipv4Fd;
        this.ipv4Problem = ipv4Problem;
        this.ipv6Fd = ipv6Fd;
        this.ipv6Problem = ipv6Problem;
        this.uses = new UseCount(this::release);
    }

    /**
     * Opens the IPv4 and IPv6 raw sockets in the network namespace of the calling thread. A family the host lacks
     * (e.g. IPv6 disabled) is left out, and sending a packet of it fails with the reason.
     *
     * @return the sender
     * @throws IOException if neither socket can be opened, typically for lack of {@code CAP_NET_RAW}
     */
    public static RawIpSender open() throws IOException {
        int ipv4 = -1;
        String ipv4Problem = null;
        try {
            ipv4 = LibC.socket(LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.IPPROTO_RAW);
        } catch (LastErrorException e) {
            ipv4Problem = "IPv4 raw socket: " + e.getMessage();
        }
        int ipv6 = -1;
        String ipv6Problem = null;
        try {
            ipv6 = LibC.socket(LibC.AF_INET6, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.IPPROTO_RAW);
            setHeaderIncluded(ipv6);
        } catch (LastErrorException e) {
            ipv6Problem = "IPv6 raw socket: " + e.getMessage();
            LibC.closeQuietly(ipv6);
            ipv6 = -1;
        }
        if (ipv4 < 0 && ipv6 < 0) {
            throw new IOException("cannot open raw IP sockets (CAP_NET_RAW needed): " + ipv4Problem + "; "
                + ipv6Problem);
        }
        return new RawIpSender(ipv4, ipv4Problem, ipv6, ipv6Problem);
    }

    private static void setHeaderIncluded(final int fd) {
        try (Memory one = new Memory(Integer.BYTES)) {
            one.setInt(0, 1);
            LibC.setsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_HDRINCL, one, Integer.BYTES);
        } catch (LastErrorException e) {
            // Kernels before 4.5 lack the option; IPPROTO_RAW already implies header inclusion there.
            if (e.getErrorCode() != LibC.ENOPROTOOPT) {
                throw e;
            }
        }
    }

    /**
     * Whether IPv4 packets can be sent.
     *
     * @return true if the IPv4 socket is open
     */
    public boolean supportsIpv4() {
        return ipv4Fd >= 0;
    }

    /**
     * Whether IPv6 packets can be sent.
     *
     * @return true if the IPv6 socket is open
     */
    public boolean supportsIpv6() {
        return ipv6Fd >= 0;
    }

    /**
     * Sends a packet through the routing table, towards its destination address.
     *
     * @param packet the packet
     * @throws ClosedChannelException if closed
     * @throws IOException if the kernel refuses, e.g. {@code EMSGSIZE} for an IPv4 packet with DF set that exceeds
     *     the route's MTU, {@code ENETUNREACH} without a route, {@code EPERM} from a firewall rule
     */
    public void send(final IpPacket packet) throws IOException {
        final boolean ipv4 = packet.isIpv4();
        final int fd = ipv4 ? ipv4Fd : ipv6Fd;
        if (fd < 0) {
            throw new IOException("cannot send " + packet + ": " + (ipv4 ? ipv4Problem : ipv6Problem));
        }
        if (!uses.enter()) {
            throw new ClosedChannelException();
        }
        final int length = packet.length();
        try (Memory memory = new Memory(PACKET_OFFSET + (long) length)) {
            memory.clear(PACKET_OFFSET);
            final ByteBuffer bytes = packet.buffer();
            final int addressLength;
            if (ipv4) {
                // struct sockaddr_in: family (host order), port 0, address (network order), zero padding
                memory.setShort(0, (short) LibC.AF_INET);
                memory.getByteBuffer(4, 4).put(bytes.duplicate().position(IpPacket.IPV4_DESTINATION).limit(20));
                addressLength = SOCKADDR_IN_SIZE;
            } else {
                // struct sockaddr_in6: family, port 0, flow info 0, address, scope 0 (global destinations only)
                memory.setShort(0, (short) LibC.AF_INET6);
                memory.getByteBuffer(8, 16).put(bytes.duplicate().position(IpPacket.IPV6_DESTINATION).limit(40));
                addressLength = SOCKADDR_IN6_SIZE;
            }
            memory.getByteBuffer(PACKET_OFFSET, length).put(bytes);
            final long sent = LibC.sendto(fd, memory.share(PACKET_OFFSET), new NativeLong(length), 0, memory,
                addressLength).longValue();
            if (sent != length) {
                throw new IOException("sent " + sent + " of " + length + " bytes of " + packet);
            }
        } catch (LastErrorException e) {
            throw LibC.ioException("sending " + packet, e);
        } finally {
            uses.exit();
        }
    }

    /**
     * Parses and sends a packet, see {@link #send(IpPacket)}.
     *
     * @param packet the packet, from its position to its limit; the position is not changed
     * @throws MalformedPacketException if the bytes are not an IP packet
     * @throws IOException if closed or the kernel refuses
     */
    public void send(final ByteBuffer packet) throws IOException, MalformedPacketException {
        send(IpPacket.parse(packet));
    }

    /**
     * Closes the sockets; sends running in other threads complete first. Idempotent.
     */
    @Override
    public void close() {
        if (uses.beginClose()) {
            // Nothing blocks in sendto() on a raw socket for long, so there is no one to wake.
            uses.exit();
        }
    }

    private void release() {
        LibC.closeQuietly(ipv4Fd);
        LibC.closeQuietly(ipv6Fd);
    }
}
