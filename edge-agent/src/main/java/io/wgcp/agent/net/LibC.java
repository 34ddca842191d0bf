/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;

/**
 * The few C library calls of the packet layer, bound by JNA direct mapping (the fastest JNA binding: no proxy, no
 * reflection per call). Each declared {@link LastErrorException} makes JNA clear errno before the call and throw with
 * it afterwards, which is exact for these system-call wrappers: glibc sets errno only when they fail.
 *
 * <p>{@code size_t} and {@code ssize_t} are {@code unsigned long} and {@code long} on Linux, hence {@link NativeLong}.
 * {@code ioctl} is variadic in C; the Linux calling conventions of x86-64 and AArch64 pass a third pointer argument
 * of a variadic call exactly as a fixed one, which is what declaring it fixed relies on.
 */
final class LibC {
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENOPROTOOPT = 92;
    static final int ESRCH = 3;
    static final int ENODEV = 19;
    static final int ENETUNREACH = 101;
    static final int EHOSTUNREACH = 113;
    static final int ENOBUFS = 105;

    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;

    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_RAW = 255;
    static final int IPV6_HDRINCL = 36;
    static final int AF_NETLINK = 16;
    static final int NETLINK_ROUTE = 0;
    static final int MSG_DONTWAIT = 0x40;

    static final int CLONE_NEWNET = 0x40000000;

    static {
        Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    private LibC() {
        // native bindings only
    }

    static native int open(String path, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int ioctl(int fd, NativeLong request, Pointer argument) throws LastErrorException;

    static native NativeLong read(int fd, Pointer buffer, NativeLong count) throws LastErrorException;

    static native NativeLong write(int fd, Pointer buffer, NativeLong count) throws LastErrorException;

    static native int poll(Pointer fds, NativeLong nfds, int timeoutMillis) throws LastErrorException;

    static native int eventfd(int initialValue, int flags) throws LastErrorException;

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, Pointer address, int addressLength) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, Pointer value, int length) throws LastErrorException;

    static native NativeLong sendto(int fd, Pointer buffer, NativeLong length, int flags, Pointer address,
        int addressLength) throws LastErrorException;

    static native NativeLong recv(int fd, Pointer buffer, NativeLong length, int flags) throws LastErrorException;

    static native int setns(int fd, int nstype) throws LastErrorException;

    static native int geteuid();

    /**
     * Closes a descriptor during cleanup, where a failure cannot be acted upon: Linux releases the descriptor even
     * when close reports an error, so there is nothing to retry.
     *
     * @param fd the descriptor, ignored when negative
     */
    static void closeQuietly(final int fd) {
        if (fd >= 0) {
            try {
                close(fd);
            } catch (LastErrorException e) {
                // released anyway, see above
            }
        }
    }

    /**
     * Wraps a failed call into an {@link IOException} naming the operation.
     *
     * @param what the operation, for the message
     * @param cause the errno exception
     * @return the exception to throw
     */
    static IOException ioException(final String what, final LastErrorException cause) {
        return new IOException(what + " failed: " + cause.getMessage(), cause);
    }
}
