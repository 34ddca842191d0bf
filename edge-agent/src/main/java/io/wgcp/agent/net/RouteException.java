/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import java.io.IOException;

/**
 * The kernel refused a route change; carries its {@code errno}.
 */
public final class RouteException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * Creates the exception.
     *
     * @param what the request, for the message
     * @param errno the kernel's error number (positive)
     */
    public RouteException(final String what, final int errno) {
        super(what + " refused: " + describe(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    /**
     * Returns the kernel's error number.
     *
     * @return the positive {@code errno}
     */
    public int errno() {
        return errno;
    }

    /**
     * Creates the exception from a failed call.
     *
     * @param what the request, for the message
     * @param errno the error number (positive)
     * @param cause the failed call
     */
    public RouteException(final String what, final int errno, final Throwable cause) {
        this(what, errno);
        initCause(cause);
    }

    private static String describe(final int errno) {
        return switch (errno) {
            case 1 -> "operation not permitted (CAP_NET_ADMIN needed)";
            case 3 -> "no such route";
            case 17 -> "route exists";
            case 19 -> "no such device";
            case 22 -> "invalid argument";
            case 99 -> "source address not assigned to this host";
            case 101 -> "network unreachable";
            default -> "error";
        };
    }
}
