/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tests' one process runner: every command is bounded in time, its output (stdout and stderr together) kept for
 * the failure message; processes started for a test are stopped by their PID only.
 */
public final class Commands {
    /** The default bound of a command. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Logger LOG = System.getLogger(Commands.class.getName());

    private Commands() {
        // static helpers
    }

    /** What a command did. */
    public record Result(List<String> command, int exit, String output) {
        public Result {
            command = List.copyOf(command);
        }

        public boolean ok() {
            return exit == 0;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exit + ": " + output.strip();
        }
    }

    /** Runs a command with the default bound; a timeout gives exit -1. */
    public static Result run(final List<String> command) throws IOException {
        return run(command, TIMEOUT);
    }

    /** Runs a command; a timeout kills it and gives exit -1. */
    public static Result run(final List<String> command, final Duration timeout) throws IOException {
        final var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final var output = new ByteArrayOutputStream();
        final var reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "output of " + command, e);
            }
        }, "cmd-output");
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                reader.join(1000);
                return new Result(command, -1, "timed out after " + timeout + ": " + output);
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + command, e);
        }
        return new Result(command, process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed; otherwise throws with its output. */
    public static Result check(final List<String> command) throws IOException {
        final var result = run(command);
        if (!result.ok()) {
            throw new IOException(result.toString());
        }
        return result;
    }

    /** Runs a command and only logs a failure (for cleanup). */
    public static void quietly(final List<String> command) {
        try {
            final var result = run(command);
            if (!result.ok()) {
                LOG.log(Level.DEBUG, "cleanup: {0}", result);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cleanup " + command, e);
        }
    }

    /** The command, run inside a network namespace. */
    public static List<String> in(final String namespace, final String... command) {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return full;
    }

    /** Stops a process this test started: SIGTERM, then SIGKILL after the grace period. */
    public static void stop(final ProcessHandle process, final Duration grace) {
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
