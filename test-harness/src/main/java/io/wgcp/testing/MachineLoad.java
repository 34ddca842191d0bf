/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmark reports say about the machine's load while they ran. */
public final class MachineLoad {
    private MachineLoad() {
        // static only
    }

    /**
     * Returns the 1, 5 and 15 minute load averages.
     *
     * @return e.g. {@code "1.65 1.90 2.81"}, or {@code "n/a"} where {@code /proc/loadavg} cannot be read
     */
    public static String loadAverage() {
        try {
            final var fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "n/a";
        }
    }
}
