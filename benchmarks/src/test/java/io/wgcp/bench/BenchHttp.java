/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * One benchmark client: its own {@link HttpClient} (so its own keep-alive connection), forced to HTTP/1.1 (the JDK
 * client hangs on ODL's endpoints otherwise), Basic authentication on every request, bodies sent as bytes.
 */
final class BenchHttp {
    static final String JSON = "application/json";
    static final String YANG_PATCH_JSON = "application/yang-patch+json";
    static final String YANG_DATA_JSON = "application/yang-data+json";

    private final HttpClient http;
    private final String base;
    private final String authorization;
    private final Duration timeout;

    /**
     * Creates a client.
     *
     * @param base the RESTCONF root, e.g. {@code http://127.0.0.1:8181/rests}
     * @param user the user name
     * @param password the password
     * @param timeout the timeout of one request
     */
    BenchHttp(final String base, final String user, final String password, final Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        authorization = "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    }

    /**
     * Sends one request. A transport failure gives status -1 with the exception as the body.
     *
     * @param method the HTTP method
     * @param path the path below the RESTCONF root
     * @param contentType the body's media type (ignored without a body)
     * @param body the body, or null
     * @return the answer
     */
    Answer send(final String method, final String path, final String contentType, final byte[] body) {
        return send(method, path, contentType, body, JSON);
    }

    /**
     * Sends one request with a given Accept header. A transport failure gives status -1 with the exception as the
     * body.
     *
     * @param method the HTTP method
     * @param path the path below the RESTCONF root
     * @param contentType the body's media type (ignored without a body)
     * @param body the body, or null
     * @param accept the media type asked for
     * @return the answer
     */
    Answer send(final String method, final String path, final String contentType, final byte[] body,
            final String accept) {
        final var request = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Authorization", authorization)
            .header("Accept", accept)
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        final long start = System.nanoTime();
        try {
            final var response = http.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), System.nanoTime() - start);
        } catch (IOException e) {
            return new Answer(-1, e.toString(), System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, e.toString(), System.nanoTime() - start);
        }
    }

    Answer get(final String path) {
        return send("GET", path, null, null);
    }

    Answer postJson(final String path, final String body) {
        return send("POST", path, JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One answer.
     *
     * @param status the HTTP status, or -1 on a transport failure
     * @param body the body
     * @param nanos the time from sending to the whole answer
     */
    record Answer(int status, String body, long nanos) {
        boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        String describe() {
            return "HTTP " + status + ": " + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
        }
    }
}
