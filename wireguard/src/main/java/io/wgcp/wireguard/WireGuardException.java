/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import java.io.IOException;

/**
 * A WireGuard operation failed. The message says what failed and why, in the words of the backend where it gave
 * some (an errno of the UAPI socket, the standard error of {@code wg}); {@link #reason()} classifies it.
 */
public class WireGuardException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The classes of failure. */
    public enum Reason {
        /** There is no WireGuard interface of that name (no UAPI socket, or the kernel knows no such device). */
        NO_SUCH_INTERFACE,
        /** The backend cannot be reached: the socket refuses connections, {@code wg} cannot be run. */
        UNAVAILABLE,
        /** The backend refused the request: an errno from the UAPI socket, a failing {@code wg}. */
        REJECTED,
        /** The backend's reply could not be understood. */
        PROTOCOL,
        /** The backend did not answer in time. */
        TIMEOUT,
        /** The request was invalid before it reached the backend (an interface name, duplicate peers). */
        INVALID_ARGUMENT
    }

    private final Reason reason;

    /**
     * Creates an exception.
     *
     * @param reason the class of failure
     * @param message what failed and why
     */
    public WireGuardException(final Reason reason, final String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Creates an exception with a cause.
     *
     * @param reason the class of failure
     * @param message what failed and why
     * @param cause the cause
     */
    public WireGuardException(final Reason reason, final String message, final Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /**
     * Returns the class of failure.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
