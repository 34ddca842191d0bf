/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.shell;

/**
 * Turns failures into one line for the console.
 */
final class Messages {
    private Messages() {
        // utility class
    }

    /**
     * Returns the message of the innermost cause, which is where the datastore puts the validation message.
     *
     * @param failure a failure
     * @return its most specific message
     */
    static String rootMessage(final Throwable failure) {
        Throwable cause = failure;
        String message = failure.getMessage();
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        return message;
    }
}
