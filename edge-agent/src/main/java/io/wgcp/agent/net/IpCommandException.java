/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import java.io.IOException;
import java.util.List;

/**
 * An {@code ip} command that failed, timed out or could not be started.
 */
public final class IpCommandException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The command line. */
    private final List<String> command;
    /** The exit code, -1 if the command did not finish. */
    private final int exitCode;
    /** What the command said. */
    private final String output;

    /**
     * Creates an exception.
     *
     * @param command the command line
     * @param exitCode the exit code, -1 if the command did not finish
     * @param output what the command wrote to stderr (stdout when stderr is empty), trimmed
     * @param message what went wrong
     */
    public IpCommandException(final List<String> command, final int exitCode, final String output,
            final String message) {
        this(command, exitCode, output, message, null);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param command the command line
     * @param exitCode the exit code, -1 if the command did not finish
     * @param output what the command wrote to stderr (stdout when stderr is empty), trimmed
     * @param message what went wrong
     * @param cause why, or null
     */
    public IpCommandException(final List<String> command, final int exitCode, final String output,
            final String message, final Throwable cause) {
        super(String.join(" ", command) + ": " + message + (output.isEmpty() ? "" : ": " + output), cause);
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.output = output;
    }

    /**
     * The command line.
     *
     * @return the program and its arguments
     */
    public List<String> command() {
        return command;
    }

    /**
     * The exit code.
     *
     * @return the code, -1 if the command did not finish
     */
    public int exitCode() {
        return exitCode;
    }

    /**
     * What the command said.
     *
     * @return its stderr (stdout when stderr is empty), trimmed
     */
    public String output() {
        return output;
    }
}
