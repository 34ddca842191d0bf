/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.it;

import io.wgcp.testing.BuiltArtifacts;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The controller under test: a copy of the assembled distribution, booted until RESTCONF and the wgcp model answer,
 * with a RESTCONF client and the Karaf console. Shared by the integration tests.
 *
 * <p>AAA 0.19.5 can lose its password service or encryption service configuration at boot (see the README's known
 * issues); the map server's {@code AaaStartupGuard} then restarts that AAA bundle within the readiness wait, and the
 * guard's log lines are reported. One more boot stays as a logged safety net for a controller that is still not
 * ready: a stuck boot must not hide what the suites test, and a controller that never comes up still fails them.
 */
final class Controller {
    private static final System.Logger LOG = System.getLogger(Controller.class.getName());
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final int BOOT_ATTEMPTS = 2;
    private static final Duration CONSOLE_TIMEOUT = Duration.ofSeconds(60);
    /** What bin/client prints while the SSH console or the wgcp commands are not up yet. */
    private static final List<String> CONSOLE_NOT_READY = List.of("Command not found", "Connection refused",
        "Failed to get the session", "Authentication failed");

    private final KarafDistribution karaf;
    private final RestconfClient rest;

    private Controller(final KarafDistribution karaf, final RestconfClient rest) {
        this.karaf = karaf;
        this.rest = rest;
    }

    /**
     * Copies the assembly into a work directory named after the suite, writes extra {@code etc/} settings, and
     * boots it.
     *
     * @param suite names the work directory
     * @param etcFiles file name to content, written into {@code etc/} before the boot
     * @return the running controller
     */
    static Controller start(final String suite, final java.util.Map<String, String> etcFiles)
            throws IOException, InterruptedException {
        final var assembly = BuiltArtifacts.assembly();
        final var workDir = Path.of(System.getProperty("wgcp.it.workdir", "target/it-karaf")).toAbsolutePath()
            .resolveSibling("it-karaf-" + suite);
        final var rest = new RestconfClient(System.getProperty("wgcp.it.restconf", "http://127.0.0.1:8181/rests"),
            "admin", "admin");
        final var karaf = KarafDistribution.copyOf(assembly, workDir, System.getProperty("wgcp.it.heap", "1g"));
        for (var file : etcFiles.entrySet()) {
            Files.writeString(karaf.home().resolve("etc").resolve(file.getKey()), file.getValue());
        }
        final var controller = new Controller(karaf, rest);
        controller.startUntilReady();
        return controller;
    }

    KarafDistribution karaf() {
        return karaf;
    }

    RestconfClient rest() {
        return rest;
    }

    /**
     * Boots (again) until ready.
     */
    void startUntilReady() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            karaf.start();
            try {
                awaitReady();
                return;
            } catch (AssertionError e) {
                if (attempt >= BOOT_ATTEMPTS) {
                    throw e;
                }
                LOG.log(Level.WARNING, "The controller was not ready after boot {0}; booting again (safety net: "
                    + "the AAA guard should have made this unnecessary, please report). {1}",
                    new Object[] { attempt, e.getMessage() });
                karaf.stop();
            }
        }
    }

    private void awaitReady() throws InterruptedException {
        final long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        final var restconf = karaf.awaitRunning("RESTCONF (GET /rests/data/ietf-restconf-monitoring:restconf-state)",
            STARTUP_TIMEOUT, () -> {
                final var response = rest.get("/data/ietf-restconf-monitoring:restconf-state");
                return new KarafDistribution.Outcome(response.status() == 200, response.describe());
            });
        final var remaining = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 10_000_000_000L));
        final var model = karaf.awaitRunning("the wgcp model and its resolve RPC", remaining, () -> {
            final var response = rest.post("/operations/wgcp:resolve",
                "{\"input\":{\"instance-id\":0,\"address\":\"192.0.2.1\"}}");
            return new KarafDistribution.Outcome(response.status() == 200, response.describe());
        });
        LOG.log(Level.INFO, "RESTCONF answered after {0} s, the wgcp resolve RPC {1} s later",
            restconf.toSeconds(), model.toSeconds());
        final var guard = karaf.logLinesMentioning("AaaStartupGuard", 10);
        if (!guard.isEmpty()) {
            LOG.log(Level.WARNING, "AAA needed the map server''s guard in this controller''s log:\n{0}",
                String.join("\n", guard));
        }
    }

    /**
     * Runs a console command (options before arguments: Karaf takes everything after the first argument as
     * arguments), retrying only while the console is not ready (SSH not up, or the wgcp commands not yet
     * registered); whether the command itself succeeded is for the caller to check.
     *
     * @param command the command line
     * @return what it printed
     */
    KarafDistribution.ClientResult console(final String command) throws IOException, InterruptedException {
        return karaf.clientUntil(command, CONSOLE_TIMEOUT, result -> CONSOLE_NOT_READY.stream()
            .noneMatch(result.output()::contains));
    }

    /**
     * Stops the controller.
     */
    void shutdown() throws InterruptedException {
        final boolean clean = karaf.shutdown();
        LOG.log(Level.INFO, "Controller stopped ({0}); its files are in {1}", clean ? "bin/stop" : "killed",
            karaf.home());
    }
}
