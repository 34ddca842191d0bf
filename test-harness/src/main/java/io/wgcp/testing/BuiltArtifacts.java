/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.testing;

import java.nio.file.Path;

/**
 * Where the tests find what the build made: the Karaf assembly and the agent's executable jar. Failsafe passes both
 * as system properties; the defaults fit a test started from its module's folder.
 */
public final class BuiltArtifacts {
    private BuiltArtifacts() {
        // paths only
    }

    /** The distribution, {@code karaf-distribution/target/assembly} ({@code wgcp.it.assembly}). */
    public static Path assembly() {
        return Path.of(System.getProperty("wgcp.it.assembly", "../karaf-distribution/target/assembly"))
            .toAbsolutePath();
    }

    /** The agent, {@code edge-agent/target/wgcp-edge-agent.jar} ({@code wgcp.e2e.agentJar}). */
    public static Path agentJar() {
        return Path.of(System.getProperty("wgcp.e2e.agentJar", "../edge-agent/target/wgcp-edge-agent.jar"))
            .toAbsolutePath();
    }
}
