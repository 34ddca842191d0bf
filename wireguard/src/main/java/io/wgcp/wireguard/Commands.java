/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external commands with a time bound, bounded output capture and optional standard input. */
final class Commands {
    /**
     * The outcome of a command.
     *
     * @param exitCode the exit code
     * @param stdout the standard output (truncated at the capture limit)
     * @param stderr the standard error (truncated at the capture limit)
     */
    record Result(int exitCode, String stdout, String stderr) {
        /**
         * Returns the standard error on one line, for messages.
         *
         * @return the text, trimmed, line breaks as "; "
         */
        String stderrLine() {
            return stderr.strip().replace("\n", "; ");
        }
    }

    private static final int STDERR_LIMIT = 64 * 1024;

    private Commands() {
        // utility class
    }

    /**
     * Runs a command to its end.
     *
     * @param command the program and its arguments (nothing secret: the arguments are visible to every process)
     * @param stdin what to write to the standard input (then closed), or null for none
     * @param timeout the bound; the process is killed when it runs longer
     * @param stdoutLimit how many bytes of standard output to keep
     * @return the outcome
     * @throws IOException when the command cannot be started or is interrupted
     * @throws WireGuardException with reason TIMEOUT when it runs too long
     */
    static Result run(final List<String> command, final String stdin, final Duration timeout, final int stdoutLimit)
            throws IOException {
        final Process process = new ProcessBuilder(command).start();
        try {
            final Drain out = new Drain(process.getInputStream(), stdoutLimit);
            final Drain errors = new Drain(process.getErrorStream(), STDERR_LIMIT);
            out.start();
            errors.start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // The command exited without reading its input; its exit code and stderr tell why.
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new WireGuardException(WireGuardException.Reason.TIMEOUT,
                    String.join(" ", command) + " did not finish within " + timeout.toMillis() + " ms");
            }
            out.join(timeout.toMillis());
            errors.join(timeout.toMillis());
            return new Result(process.exitValue(), out.text(), errors.text());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** Copies a stream into memory up to a limit, then discards the rest. */
    private static final class Drain extends Thread {
        private final InputStream stream;
        private final int limit;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        Drain(final InputStream stream, final int limit) {
            super("wgcp-command-output");
            setDaemon(true);
            this.stream = stream;
            this.limit = limit;
        }

        @Override
        public void run() {
            final byte[] chunk = new byte[8192];
            try (InputStream in = stream) {
                int read;
                while ((read = in.read(chunk)) >= 0) {
                    synchronized (buffer) {
                        buffer.write(chunk, 0, Math.max(0, Math.min(read, limit - buffer.size())));
                    }
                }
            } catch (IOException e) {
                // the process was killed: keep what was read
            }
        }

        String text() {
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
