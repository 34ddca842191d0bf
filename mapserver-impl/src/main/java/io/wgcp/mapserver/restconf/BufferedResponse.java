/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.restconf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * A response whose body is held back until it is complete, so that a filter can replace it: the body goes to the
 * real response when the application closes the output stream (RESTCONF answers asynchronously, after the filter
 * chain has returned) or when the filter calls {@link #finish()}, whichever comes first. Status and headers go to
 * the real response at once, except Content-Length, which is set for the final body.
 */
final class BufferedResponse extends HttpServletResponseWrapper {
    /** Decides the final body; it may also change the status. */
    @FunctionalInterface
    interface BodyRewriter {
        byte[] rewrite(BufferedResponse response, byte[] body);
    }

    private final BodyRewriter rewriter;
    private volatile boolean finished;
    private boolean finishing;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final ServletOutputStream stream = new ServletOutputStream() {
        @Override
        public void write(final int value) throws IOException {
            if (finished) {
                getResponse().getOutputStream().write(value);
            } else {
                buffer.write(value);
            }
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length) throws IOException {
            if (finished) {
                getResponse().getOutputStream().write(bytes, offset, length);
            } else {
                buffer.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            // RESTCONF flushes once its answer is written and then completes the request asynchronously, without
            // closing the stream: the first flush is where the body is decided. Later writes pass straight through.
            finish();
            getResponse().getOutputStream().flush();
        }

        @Override
        public void close() throws IOException {
            finish();
            getResponse().getOutputStream().close();
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(final WriteListener listener) {
            throw new UnsupportedOperationException("buffered response is blocking");
        }
    };
    private PrintWriter writer;

    BufferedResponse(final HttpServletResponse response, final BodyRewriter rewriter) {
        super(response);
        this.rewriter = rewriter;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
        }
        return writer;
    }

    @Override
    public void setContentLength(final int length) {
        // set by finish()
    }

    @Override
    public void setContentLengthLong(final long length) {
        // set by finish()
    }

    @Override
    public void setHeader(final String name, final String value) {
        if (!"Content-Length".equalsIgnoreCase(name)) {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(final String name, final String value) {
        if (!"Content-Length".equalsIgnoreCase(name)) {
            super.addHeader(name, value);
        }
    }

    @Override
    public void sendError(final int status, final String message) {
        setStatus(status);
    }

    @Override
    public void sendError(final int status) {
        setStatus(status);
    }

    @Override
    public void flushBuffer() throws IOException {
        // An application flushes the whole response when it is done with it.
        finish();
    }

    @Override
    public boolean isCommitted() {
        return false;
    }

    @Override
    public void resetBuffer() {
        buffer.reset();
    }

    @Override
    public void reset() {
        buffer.reset();
        super.reset();
    }

    /**
     * Sends the (possibly rewritten) body to the real response, once.
     *
     * @throws IOException if the real response cannot be written
     */
    synchronized void finish() throws IOException {
        if (finished || finishing) {
            return;
        }
        finishing = true;
        if (writer != null) {
            // Encodes what the writer holds into the buffer (its flush comes back here and is ignored).
            writer.flush();
        }
        finished = true;
        final byte[] original = buffer.toByteArray();
        final byte[] body = rewriter.rewrite(this, original);
        if (original.length == 0 && body.length == 0) {
            // Nothing was written (201, 204): leave the response to the container.
            return;
        }
        final var response = (HttpServletResponse) getResponse();
        if (body != original) {
            response.setContentLength(body.length);
        }
        response.getOutputStream().write(body);
    }
}
