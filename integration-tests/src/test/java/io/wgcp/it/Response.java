/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.it;

/**
 * One HTTP exchange with the controller, kept whole so that a failed assertion can show what was sent and what
 * came back.
 *
 * @param method the HTTP method
 * @param uri the request URI
 * @param requestBody the request body, or null
 * @param status the HTTP status, or -1 when no response came (the message is then in {@code body})
 * @param body the response body
 */
record Response(String method, String uri, String requestBody, int status, String body) {
    boolean isClientError() {
        return status >= 400 && status < 500;
    }

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /**
     * Describes the exchange for a failure message.
     *
     * @return the request line, the request body, the status and the response body
     */
    String describe() {
        final var text = new StringBuilder().append(method).append(' ').append(uri);
        if (requestBody != null) {
            text.append("\n  request body: ").append(requestBody);
        }
        return text.append("\n  -> HTTP ").append(status).append("\n  response body: ").append(body).toString();
    }
}
