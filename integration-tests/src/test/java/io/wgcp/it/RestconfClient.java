/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A small RESTCONF client over {@link HttpClient}: HTTP/1.1 only (the JDK client hangs on ODL's endpoints
 * otherwise), Basic authentication sent with every request, JSON bodies.
 */
final class RestconfClient {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final String JSON = "application/json";

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    private final String base;
    private final String authorization;

    /**
     * Creates a client.
     *
     * @param base the RESTCONF root, e.g. {@code http://127.0.0.1:8181/rests}
     * @param user the user name
     * @param password the password
     */
    RestconfClient(final String base, final String user, final String password) {
        this.base = base;
        authorization = "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Encodes list key values for a RESTCONF path: every character outside the unreserved set is percent-encoded
     * (so {@code 192.0.2.0/24} becomes {@code 192.0.2.0%2F24}), and the values are joined with commas.
     *
     * @param values the key values, in key order
     * @return the encoded key, to put after {@code =}
     */
    static String key(final Object... values) {
        return List.of(values).stream().map(value -> encode(value.toString())).collect(Collectors.joining(","));
    }

    private static String encode(final String value) {
        final var out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            final char ch = (char) (b & 0xff);
            if (ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || "-._~".indexOf(ch) >= 0) {
                out.append(ch);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    Response get(final String path) {
        return send("GET", path, null);
    }

    Response put(final String path, final String body) {
        return send("PUT", path, body);
    }

    Response post(final String path, final String body) {
        return send("POST", path, body);
    }

    Response patch(final String path, final String body) {
        return send("PATCH", path, body);
    }

    Response delete(final String path) {
        return send("DELETE", path, null);
    }

    /**
     * Sends one request. A transport failure (connection refused, timeout) does not throw: it gives a response
     * with status -1 whose body is the exception, so that callers polling for readiness and callers asserting
     * treat it alike.
     *
     * @param method the HTTP method
     * @param path the path below the RESTCONF root, e.g. {@code /data/wgcp:edges}
     * @param body the JSON body, or null
     * @return the response
     */
    Response send(final String method, final String path, final String body) {
        final var uri = URI.create(base + path);
        final var request = HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", authorization)
            .header("Accept", JSON)
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", JSON);
        }
        try {
            final var response = http.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(method, uri.toString(), body, response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(method, uri.toString(), body, -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(method, uri.toString(), body, -1, e.toString());
        }
    }
}
