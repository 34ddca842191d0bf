/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.workaround;

import io.wgcp.mapserver.impl.ProvisioningValidator.InvalidProvisioningException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/**
 * Gives RESTCONF clients a 400 with the reason when wgcp's validation refuses a write.
 *
 * <p>Why this exists: the validating commit cohort vetoes a transaction with a DataValidationFailedException
 * that carries the reason, but RESTCONF of this release train (netconf 7.0.x, {@code TransactionUtil
 * .decodeException}) turns every commit failure other than data-exists/data-missing into
 * {@code 500 operation-failed "Transaction(PUT) not committed correctly"}, with the reason only in
 * {@code error-info}. A 500 tells an orchestrator to retry, which is wrong for bad input. This filter sits in
 * AAA's custom filter chain in front of RESTCONF and, for write requests only, rewrites exactly those answers whose
 * body carries wgcp's validation message into an RFC 8040 error: {@code 400 invalid-value} with the reason as
 * {@code error-message}. It also gives a message to YANG type errors that RESTCONF reports without one. Every
 * other answer passes through unchanged; GET answers are not even wrapped.
 */
@Component(service = Filter.class, property = "org.opendaylight.aaa.filterchain.filter=true")
public final class ValidationErrorFilter implements Filter {
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String TYPE_ERROR_MESSAGE =
        "a value does not match its YANG type (for example a malformed IP address or prefix)";

    @Override
    public void doFilter(final ServletRequest request, final ServletResponse response, final FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest httpRequest) || !(response instanceof HttpServletResponse http)
                || READ_METHODS.contains(httpRequest.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(request, new ErrorRewritingResponse(http, ValidationErrorFilter::rewrite));
    }

    /**
     * Decides whether the first chunk of an answer, which for RESTCONF errors is the whole error body, is replaced.
     *
     * @param response the response (its status is set already)
     * @param chunk the first bytes RESTCONF writes
     * @return the replacement body, or {@code chunk} itself to keep the answer
     */
    static byte[] rewrite(final HttpServletResponse response, final byte[] chunk) {
        final int status = response.getStatus();
        if (status != HttpServletResponse.SC_INTERNAL_SERVER_ERROR && status != HttpServletResponse.SC_BAD_REQUEST) {
            return chunk;
        }
        final String contentType = response.getContentType();
        final boolean xml = contentType != null && contentType.contains("xml");
        final var text = new String(chunk, StandardCharsets.UTF_8);
        String rewritten = null;
        if (status == HttpServletResponse.SC_INTERNAL_SERVER_ERROR) {
            final var reason = extractValidationMessage(text, xml);
            if (reason != null) {
                rewritten = errorBody(reason, xml);
            }
        } else if (text.contains("invalid-value") && !text.contains("error-message")) {
            rewritten = errorBody(TYPE_ERROR_MESSAGE, xml);
        }
        if (rewritten == null) {
            return chunk;
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return rewritten.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Finds wgcp's validation message in a RESTCONF error body.
     *
     * @param body the body (JSON or XML)
     * @param xml whether the body is XML
     * @return the message, unescaped, or null if the body carries none
     */
    static String extractValidationMessage(final String body, final boolean xml) {
        final int start = body.indexOf(InvalidProvisioningException.PREFIX);
        if (start < 0) {
            return null;
        }
        final var message = new StringBuilder();
        for (int i = start; i < body.length(); i++) {
            final char ch = body.charAt(i);
            if (xml) {
                if (ch == '<') {
                    break;
                }
                message.append(ch);
            } else if (ch == '"') {
                break;
            } else if (ch == '\\' && i + 1 < body.length()) {
                i++;
                final char escaped = body.charAt(i);
                switch (escaped) {
                    case 'n':
                        message.append('\n');
                        break;
                    case 't':
                        message.append('\t');
                        break;
                    case 'u':
                        if (i + 4 < body.length()) {
                            message.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                            i += 4;
                        }
                        break;
                    default:
                        message.append(escaped);
                }
            } else {
                message.append(ch);
            }
        }
        final var text = message.toString();
        return xml ? text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
            .replace("&amp;", "&") : text;
    }

    /**
     * Builds an RFC 8040 error body.
     *
     * @param message the error-message
     * @param xml XML or JSON
     * @return the body
     */
    static String errorBody(final String message, final boolean xml) {
        if (xml) {
            final var escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            return "<errors xmlns=\"urn:ietf:params:xml:ns:yang:ietf-restconf\"><error>"
                + "<error-type>application</error-type><error-tag>invalid-value</error-tag>"
                + "<error-message>" + escaped + "</error-message></error></errors>";
        }
        final var escaped = new StringBuilder();
        for (char ch : message.toCharArray()) {
            switch (ch) {
                case '"':
                    escaped.append("\\\"");
                    break;
                case '\\':
                    escaped.append("\\\\");
                    break;
                case '\n':
                    escaped.append("\\n");
                    break;
                default:
                    if (ch < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) ch));
                    } else {
                        escaped.append(ch);
                    }
            }
        }
        return "{\"errors\":{\"error\":[{\"error-type\":\"application\",\"error-tag\":\"invalid-value\","
            + "\"error-message\":\"" + escaped + "\"}]}}";
    }
}
