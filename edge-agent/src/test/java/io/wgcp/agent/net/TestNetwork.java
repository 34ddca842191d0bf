/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import io.wgcp.testing.Commands;
import io.wgcp.testing.TestHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The packet layer's test network: the project's {@link TestHosts} harness (tag {@code pk}) plus what only these
 * tests need, code run on a thread inside a namespace ({@link #callIn}) and key files made with {@code wg}.
 */
public final class TestNetwork implements AutoCloseable {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final TestHosts hosts;

    private TestNetwork(final TestHosts hosts) {
        this.hosts = hosts;
    }

    /**
     * Checks the prerequisites, sweeps what dead runs left behind and starts a run.
     *
     * @param wireguard whether wireguard-go and wg are needed
     */
    public static TestNetwork start(final boolean wireguard) throws IOException {
        return new TestNetwork(wireguard ? TestHosts.create("pk", "ping", "wireguard-go", "wg")
            : TestHosts.create("pk", "ping"));
    }

    public String interfaceName(final String role) {
        return hosts.interfaceName(role);
    }

    public String addNamespace(final String role) throws IOException {
        return hosts.addNamespace(role);
    }

    /** Joins two namespaces with a veth pair in a /24 of the benchmarking range 198.18.0.0/15. */
    public void addVeth(final String namespaceA, final String addressA, final String namespaceB, final String addressB)
            throws IOException {
        hosts.addVeth(namespaceA, addressA + "/24", namespaceB, addressB + "/24");
    }

    public void startWireguard(final String namespace, final String name) throws IOException {
        hosts.startWireGuardGo(namespace, name);
    }

    /** Generates a WireGuard private key into a file of the run. */
    Path generateKey(final String role) throws IOException {
        final Path file = hosts.workDir().resolve(role + ".key");
        Files.writeString(file, exec(List.of("wg", "genkey")).trim() + "\n", StandardCharsets.US_ASCII);
        return file;
    }

    /** The public key of a private key file. */
    String publicKey(final Path privateKey) throws IOException {
        return exec(List.of("sh", "-c", "wg pubkey < '" + privateKey + "'")).trim();
    }

    public TestHosts.Started startIn(final String namespace, final String... command) throws IOException {
        return hosts.startIn(namespace, command);
    }

    /**
     * Runs code on a fresh thread that has entered a namespace with {@code setns(2)}: what it opens (TUN devices,
     * sockets) belongs to that namespace for good. Only that thread changes namespace; it ends with the code.
     */
    static <T> T callIn(final String namespace, final Callable<T> body) throws IOException {
        final FutureTask<T> task = new FutureTask<>(() -> {
            final int fd = LibC.open("/var/run/netns/" + namespace, LibC.O_RDONLY | LibC.O_CLOEXEC);
            try {
                LibC.setns(fd, LibC.CLONE_NEWNET);
            } finally {
                LibC.closeQuietly(fd);
            }
            return body.call();
        });
        final Thread thread = new Thread(task, "in-" + namespace);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("code in namespace " + namespace + " failed: " + e.getCause(), e);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new IOException("code in namespace " + namespace + " did not finish", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Runs a command that must succeed and gives its output. */
    public static String exec(final List<String> command) throws IOException {
        return Commands.check(command).output();
    }

    @Override
    public void close() {
        hosts.close();
    }
}
