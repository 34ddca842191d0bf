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
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A layer-3 TUN device ({@code IFF_TUN | IFF_NO_PI}): every {@link #read(ByteBuffer)} returns one whole IP packet that
 * the kernel routed to the device, every {@link #write(ByteBuffer)} hands one IP packet to the kernel as if it had
 * arrived on the device. The device exists while it is open (it is not made persistent); bringing it up and routing
 * to it is {@link IpCommand}'s job.
 *
 * <p>Closing: {@link #read(ByteBuffer)} blocks in {@code poll(2)} on the TUN descriptor and on an {@code eventfd(2)},
 * with no timeout. {@link #close()} writes to the eventfd, which wakes every blocked reader at once, and the reader
 * returns -1. This was chosen over a {@code poll} timeout loop because it costs no periodic wake-ups while idle and
 * has no close latency; and over closing the descriptor under the reader, because Linux does not wake a thread
 * blocked on a descriptor that another thread closes, and a reused descriptor number would be read by mistake. The
 * descriptors themselves are closed by whichever of {@code close()} and the last running call finishes last, so
 * {@code close()} never waits and never frees anything in use.
 *
 * <p>Thread-safe: reads and writes may run concurrently from any threads. The device lives in the network namespace
 * of the thread that opened it, whichever thread uses it afterwards.
 */
public final class TunDevice implements AutoCloseable {
    /** The largest packet a TUN device carries: its MTU cannot exceed 65535. */
    public static final int MAX_PACKET = 65535;

    private static final String CLONE_DEVICE = "/dev/net/tun";
    private static final NativeLong TUNSETIFF = new NativeLong(0x400454caL);
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    private static final int IFNAMSIZ = 16;
    // struct ifreq: the name, then a union whose largest member (struct ifmap) makes the whole 40 bytes on LP64.
    private static final int IFREQ_SIZE = 40;
    private static final int IFREQ_FLAGS = IFNAMSIZ;
    private static final NativeLong TWO_FDS = new NativeLong(2);
    private static final NativeLong READ_SIZE = new NativeLong(MAX_PACKET + 1L);

    private final String name;
    private final int fd;
    private final int wakeFd;
    private final UseCount uses;
    private final AtomicReference<ReadScratch> spare = new AtomicReference<>();

    private TunDevice(final String name, final int fd, final int wakeFd) {
        this.name = name;
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.uses = new UseCount(this::release);
    }

    /**
     * Creates a TUN device with a name chosen by the kernel ({@code tunN}).
     *
     * @return the open device
     * @throws IOException if the kernel refuses, typically for lack of {@code CAP_NET_ADMIN} or of /dev/net/tun
     */
    public static TunDevice open() throws IOException {
        return open("");
    }

    /**
     * Creates a TUN device.
     *
     * @param name the interface name, at most 15 ASCII characters; it may contain one {@code %d}, which the kernel
     *     replaces with the lowest free number; empty lets the kernel choose {@code tunN}
     * @return the open device; {@link #name()} is the name the kernel gave
     * @throws IOException if the kernel refuses: no /dev/net/tun, no {@code CAP_NET_ADMIN}, or the name belongs to
     *     a device that is not a free TUN device
     */
    public static TunDevice open(final String name) throws IOException {
        final byte[] nameBytes = checkName(name);
        final int fd;
        try {
            fd = LibC.open(CLONE_DEVICE, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw LibC.ioException("open " + CLONE_DEVICE, e);
        }
        String step = "TUNSETIFF '" + name + "'";
        int wakeFd = -1;
        try (Memory ifreq = new Memory(IFREQ_SIZE)) {
            ifreq.clear();
            ifreq.write(0, nameBytes, 0, nameBytes.length);
            ifreq.setShort(IFREQ_FLAGS, (short) (IFF_TUN | IFF_NO_PI));
            LibC.ioctl(fd, TUNSETIFF, ifreq);
            final String actual = ifreq.getString(0, StandardCharsets.US_ASCII.name());
            step = "eventfd";
            wakeFd = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
            return new TunDevice(actual, fd, wakeFd);
        } catch (LastErrorException e) {
            LibC.closeQuietly(fd);
            LibC.closeQuietly(wakeFd);
            throw LibC.ioException(step, e);
        }
    }

    private static byte[] checkName(final String name) {
        final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name longer than " + (IFNAMSIZ - 1) + " bytes: " + name);
        }
        for (int i = 0; i < name.length(); i++) {
            final char ch = name.charAt(i);
            if (ch <= ' ' || ch > '~' || ch == '/' || ch == ':') {
                throw new IllegalArgumentException("invalid character in interface name '" + name + "'");
            }
        }
        return bytes;
    }

    /**
     * The interface name.
     *
     * @return the name the kernel gave the device
     */
    public String name() {
        return name;
    }

    /**
     * Whether {@link #close()} has not been called yet.
     *
     * @return true while open
     */
    public boolean isOpen() {
        return !uses.isClosed();
    }

    /**
     * Blocks until the kernel routes a packet to the device, and copies it to {@code dst} from its position. Like
     * {@code recv(2)} with {@code MSG_TRUNC}, a packet longer than {@code dst.remaining()} is truncated and its whole
     * length returned, so that the caller sees it: a buffer of {@link #MAX_PACKET} bytes never truncates.
     *
     * @param dst where to copy the packet; its position advances by the bytes copied
     * @return the length of the packet, or -1 once the device is closed (also when closed during the wait)
     * @throws IOException if the kernel reports an error on the device, e.g. after it was deleted
     */
    public int read(final ByteBuffer dst) throws IOException {
        if (!uses.enter()) {
            return -1;
        }
        final ReadScratch scratch = borrowScratch();
        try {
            final int length = receive(scratch);
            if (length >= 0) {
                final int copied = Math.min(length, dst.remaining());
                if (dst.hasArray()) {
                    scratch.buffer.read(0, dst.array(), dst.arrayOffset() + dst.position(), copied);
                    dst.position(dst.position() + copied);
                } else {
                    dst.put(scratch.buffer.getByteBuffer(0, copied));
                }
            }
            return length;
        } finally {
            giveBackScratch(scratch);
            uses.exit();
        }
    }

    /**
     * Blocks until the kernel routes a packet to the device, and copies it to the start of {@code dst}. A longer
     * packet is truncated as in {@link #read(ByteBuffer)}.
     *
     * @param dst where to copy the packet
     * @return the length of the packet, or -1 once the device is closed
     * @throws IOException if the kernel reports an error on the device
     */
    public int read(final byte[] dst) throws IOException {
        return read(ByteBuffer.wrap(dst));
    }

    private int receive(final ReadScratch scratch) throws IOException {
        final Memory fds = scratch.pollFds;
        while (true) {
            // struct pollfd { int fd; short events; short revents; } twice: the device, then the wake-up eventfd.
            fds.setInt(0, fd);
            fds.setShort(4, LibC.POLLIN);
            fds.setShort(6, (short) 0);
            fds.setInt(8, wakeFd);
            fds.setShort(12, LibC.POLLIN);
            fds.setShort(14, (short) 0);
            try {
                LibC.poll(fds, TWO_FDS, -1);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EINTR) {
                    continue;
                }
                throw LibC.ioException("poll on TUN device " + name, e);
            }
            if (fds.getShort(14) != 0 || uses.isClosed()) {
                return -1;
            }
            final short revents = fds.getShort(6);
            if ((revents & (LibC.POLLERR | LibC.POLLHUP | LibC.POLLNVAL)) != 0) {
                throw new IOException("TUN device " + name + " failed (poll events 0x"
                    + Integer.toHexString(revents & 0xFFFF) + "); was the interface deleted?");
            }
            if ((revents & LibC.POLLIN) == 0) {
                continue;
            }
            try {
                return LibC.read(fd, scratch.buffer, READ_SIZE).intValue();
            } catch (LastErrorException e) {
                // EAGAIN: another reader took the packet between our poll and read (the descriptor is non-blocking
                // exactly so that this case cannot block us past a close()).
                if (e.getErrorCode() != LibC.EAGAIN && e.getErrorCode() != LibC.EINTR) {
                    throw LibC.ioException("read from TUN device " + name, e);
                }
            }
        }
    }

    /**
     * Hands one IP packet to the kernel as if it had arrived on the device, e.g. an ICMP error for a local sender.
     *
     * @param packet the packet, from its position to its limit; the position advances to the limit
     * @throws ClosedChannelException if the device is closed
     * @throws IOException if the kernel refuses the packet (e.g. the interface is down)
     * @throws IllegalArgumentException if the packet is empty or longer than {@link #MAX_PACKET}
     */
    public void write(final ByteBuffer packet) throws IOException {
        final int length = packet.remaining();
        if (length == 0 || length > MAX_PACKET) {
            throw new IllegalArgumentException("packet length " + length + " not in 1.." + MAX_PACKET);
        }
        if (!uses.enter()) {
            throw new ClosedChannelException();
        }
        Memory copy = null;
        try {
            final Pointer data;
            if (packet.isDirect()) {
                data = Native.getDirectBufferPointer(packet).share(packet.position());
            } else {
                copy = new Memory(length);
                copy.getByteBuffer(0, length).put(packet.duplicate());
                data = copy;
            }
            final long written = LibC.write(fd, data, new NativeLong(length)).longValue();
            if (written != length) {
                throw new IOException("TUN device " + name + " took " + written + " of " + length + " bytes");
            }
            packet.position(packet.limit());
        } catch (LastErrorException e) {
            throw LibC.ioException("write to TUN device " + name, e);
        } finally {
            if (copy != null) {
                copy.close();
            }
            uses.exit();
        }
    }

    /**
     * Hands a parsed packet to the kernel, see {@link #write(ByteBuffer)}.
     *
     * @param packet the packet
     * @throws IOException if closed or refused
     */
    public void write(final IpPacket packet) throws IOException {
        write(packet.buffer());
    }

    /**
     * Closes the device: blocked readers return -1 at once, later reads return -1, later writes throw. The kernel
     * deletes the interface, and its routes, when the descriptor is closed, which happens as soon as no call is
     * running on it. Idempotent.
     */
    @Override
    public void close() {
        if (uses.beginClose()) {
            // The owner's use is still held here, so wakeFd cannot have been closed yet.
            try (Memory one = new Memory(Long.BYTES)) {
                one.setLong(0, 1);
                LibC.write(wakeFd, one, new NativeLong(Long.BYTES));
            } catch (LastErrorException e) {
                // Cannot happen for a counter of 1 on a fresh eventfd; readers would still see isClosed() on their
                // next wake-up, so there is nothing better to do than to go on closing.
            }
            uses.exit();
        }
    }

    private void release() {
        LibC.closeQuietly(fd);
        LibC.closeQuietly(wakeFd);
        final ReadScratch scratch = spare.getAndSet(null);
        if (scratch != null) {
            scratch.free();
        }
    }

    private ReadScratch borrowScratch() {
        final ReadScratch scratch = spare.getAndSet(null);
        return scratch != null ? scratch : new ReadScratch();
    }

    private void giveBackScratch(final ReadScratch scratch) {
        if (!spare.compareAndSet(null, scratch)) {
            scratch.free();
        }
    }

    @Override
    public String toString() {
        return "TunDevice[" + name + (isOpen() ? "]" : ", closed]");
    }

    /**
     * Native memory for one read: one reader (the usual case) reuses it, a concurrent second reader gets its own.
     */
    private static final class ReadScratch {
        final Memory pollFds = new Memory(16);
        final Memory buffer = new Memory(MAX_PACKET + 1L);

        void free() {
            pollFds.close();
            buffer.close();
        }
    }
}
