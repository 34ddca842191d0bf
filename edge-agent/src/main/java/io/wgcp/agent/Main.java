/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code wgcp-agent [run|keys|status|metrics] CONFIG}.
 *
 * <ul>
 *   <li>{@code run} (the default) starts the daemon in the foreground until SIGTERM/SIGINT;</li>
 *   <li>{@code keys} creates the key files if they do not exist and prints both public keys (to provision the
 *       edge's control key on the map server before the first start);</li>
 *   <li>{@code status} and {@code metrics} ask the running agent over its status socket.</li>
 * </ul>
 */
public final class Main {
    private static final String DATA_KEY = "data.key";
    private static final String CONTROL_KEY = "control.key";
    private static final Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    /**
     * Runs a command.
     *
     * @param args the command and the configuration file
     * @throws IOException when the agent cannot start or be reached
     * @throws InterruptedException when interrupted while running
     */
    public static void main(final String[] args) throws IOException, InterruptedException {
        // The command's output (keys, status) is its result, not a log message.
        @SuppressWarnings("checkstyle:RegexpSinglelineJava")
        final PrintStream out = System.out;
        @SuppressWarnings("checkstyle:RegexpSinglelineJava")
        final PrintStream problems = System.err;
        final String command;
        final String configFile;
        if (args.length == 1 && !args[0].startsWith("-")) {
            command = "run";
            configFile = args[0];
        } else if (args.length == 2) {
            command = args[0];
            configFile = args[1];
        } else if (args.length == 3 && "--config".equals(args[1])) {
            command = args[0];
            configFile = args[2];
        } else {
            out.println("usage: wgcp-agent [run|keys|status|metrics] CONFIG");
            System.exit(2);
            return;
        }
        switch (command) {
            case "run" -> run(loadOrExit(configFile, problems));
            case "keys" -> {
                // Only the state directory is needed: the keys come before the edge is provisioned.
                final var state = statePathsOrExit(configFile, problems).stateDirectory();
                out.println("data-public-key = " + KeyFiles.loadOrCreate(state.resolve(DATA_KEY)).publicKey());
                out.println("control-public-key = " + KeyFiles.loadOrCreate(state.resolve(CONTROL_KEY)).publicKey());
            }
            case "status", "metrics" -> out.print(StatusServer.query(statePathsOrExit(configFile, problems)
                .statusSocket(), command));
            default -> {
                out.println("unknown command " + command + ": run, keys, status or metrics");
                System.exit(2);
            }
        }
    }

    private static AgentConfig.StatePaths statePathsOrExit(final String configFile, final PrintStream problems)
            throws IOException {
        try {
            return AgentConfig.StatePaths.load(Path.of(configFile));
        } catch (NoSuchFileException e) {
            problems.println("wgcp-agent: no configuration file " + configFile);
            System.exit(2);
            throw e;
        }
    }

    /** A configuration the agent cannot use is the user's error: one line that says what, exit code 2. */
    private static AgentConfig loadOrExit(final String configFile, final PrintStream problems) throws IOException {
        final String problem;
        try {
            return AgentConfig.load(Path.of(configFile));
        } catch (NoSuchFileException e) {
            problem = "no configuration file " + configFile;
        } catch (IllegalArgumentException e) {
            // The message names the key and what is wrong with it.
            problem = "invalid configuration " + configFile + ": " + e.getMessage();
        } catch (IOException e) {
            problem = "cannot read the configuration " + configFile + ": " + e;
        }
        problems.println("wgcp-agent: " + problem);
        System.exit(2);
        throw new IOException(problem);
    }

    static Path dataKeyFile(final AgentConfig config) {
        return config.local().stateDirectory().resolve(DATA_KEY);
    }

    static Path controlKeyFile(final AgentConfig config) {
        return config.local().stateDirectory().resolve(CONTROL_KEY);
    }

    private static void run(final AgentConfig config) throws IOException, InterruptedException {
        final var agent = new EdgeAgent(config, KeyFiles.loadOrCreate(dataKeyFile(config)),
            KeyFiles.loadOrCreate(controlKeyFile(config)));
        final var done = new CountDownLatch(1);
        final var status = new StatusServer[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.log(Level.INFO, "Agent {0} stopping", config.edge().name());
            if (status[0] != null) {
                status[0].close();
            }
            agent.close();
            done.countDown();
        }, "wgcp-agent-shutdown"));
        agent.start();
        status[0] = StatusServer.start(agent, config.local().statusSocket(), config.local().metricsPort());
        done.await();
    }
}
