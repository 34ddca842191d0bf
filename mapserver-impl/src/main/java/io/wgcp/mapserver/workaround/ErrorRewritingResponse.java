/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.workaround;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * A response that lets a filter replace an error answer without holding anything back: RESTCONF writes its
 * (small) error body in one piece when it commits the response, so the first write is inspected and, if the
 * rewriter wants, replaced by another body, with status and Content-Length set before anything reaches the client.
 * Every other write goes straight through, which keeps RESTCONF's asynchronous answers and large bodies as they
 * are.
 */
final class ErrorRewritingResponse extends HttpServletResponseWrapper {
    /** Returns the body to send instead of the first chunk, or the chunk itself; it may change the status. */
    @FunctionalInterface
    interface FirstChunkRewriter {
        byte[] rewrite(HttpServletResponse response, byte[] chunk);
    }

    private final FirstChunkRewriter rewriter;
    private final ServletOutputStream stream = new ServletOutputStream() {
        @Override
        public void write(final int value) throws IOException {
            write(new byte[] { (byte) value }, 0, 1);
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length) throws IOException {
            final var out = getResponse().getOutputStream();
            if (replaced) {
                // The first chunk already stood for the whole answer.
                return;
            }
            if (!inspected) {
                inspected = true;
                final byte[] chunk = new byte[length];
                System.arraycopy(bytes, offset, chunk, 0, length);
                final byte[] replacement = rewriter.rewrite((HttpServletResponse) getResponse(), chunk);
                if (replacement != chunk) {
                    replaced = true;
                    getResponse().setContentLength(replacement.length);
                    out.write(replacement);
                    return;
                }
            }
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            getResponse().getOutputStream().flush();
        }

        @Override
        public void close() throws IOException {
            getResponse().getOutputStream().close();
        }

        @Override
        public boolean isReady() {
            try {
                return getResponse().getOutputStream().isReady();
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void setWriteListener(final WriteListener listener) {
            try {
                getResponse().getOutputStream().setWriteListener(listener);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };
    private boolean inspected;
    private boolean replaced;
    private PrintWriter writer;

    ErrorRewritingResponse(final HttpServletResponse response, final FirstChunkRewriter rewriter) {
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
}
