/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent.net;

import io.wgcp.types.IpPrefix;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2's {@code ip} for what the agent changes rarely, at start, and must be able to explain: links up,
 * addresses, and the routes that steer the overlay prefixes to the TUN device. Every change can be reproduced by hand
 * from the error message. The per-destination routes of resolved peers, on the path of every new tunnel, go over
 * rtnetlink instead ({@link RouteSocket}), since starting a process there would cost more than the rest of the path.
 *
 * <p>Every command is bounded in time; a failure raises an {@link IpCommandException} carrying the command line, the
 * exit code and what {@code ip} said (e.g. {@code RTNETLINK answers: File exists}). Immutable and thread-safe.
 */
public final class IpCommand {
    /** How long a command may run by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final List<String> prefix;
    private final Duration timeout;

    private IpCommand(final List<String> prefix, final Duration timeout) {
        this.prefix = List.copyOf(prefix);
        this.timeout = timeout;
    }

    /**
     * Commands acting on the network namespace of the process.
     *
     * @return the commands
     */
    public static IpCommand local() {
        return new IpCommand(List.of("ip"), DEFAULT_TIMEOUT);
    }

    /**
     * Commands acting on a named network namespace ({@code ip -n NAME}), as created by {@code ip netns add}.
     *
     * @param namespace the namespace name
     * @return the commands
     */
    public static IpCommand inNamespace(final String namespace) {
        if (namespace.isEmpty() || namespace.contains("/")) {
            throw new IllegalArgumentException("bad namespace name '" + namespace + "'");
        }
        return new IpCommand(List.of("ip", "-n", namespace), DEFAULT_TIMEOUT);
    }

    /**
     * Brings a link up.
     *
     * @param device the interface
     * @throws IpCommandException if {@code ip} fails
     */
    public void linkUp(final String device) throws IpCommandException {
        run("link", "set", "dev", device, "up");
    }

    /**
     * Stops the kernel from giving the interface an IPv6 link-local address. On a TUN device that address would make
     * the kernel send router solicitations and MLD reports into it, which the agent would read as traffic; IPv6
     * routes to the device work without it. Call before {@link #linkUp(String)}.
     *
     * @param device the interface
     * @throws IpCommandException if {@code ip} fails
     */
    public void disableAddressGeneration(final String device) throws IpCommandException {
        run("link", "set", "dev", device, "addrgenmode", "none");
    }

    /**
     * Adds a host address ({@code /32} or {@code /128}) to an interface, as the agent assigns its overlay address.
     * IPv6 addresses skip duplicate address detection, which would hold them back for a second on interfaces that
     * have no neighbours to ask.
     *
     * @param device the interface
     * @param address the address
     * @throws IpCommandException if {@code ip} fails, e.g. the address exists
     */
    public void addAddress(final String device, final InetAddress address) throws IpCommandException {
        final IpPrefix host = IpPrefix.host(address);
        if (host.isIpv4()) {
            run("-4", "address", "add", host.toString(), "dev", device);
        } else {
            run("-6", "address", "add", host.toString(), "dev", device, "nodad");
        }
    }

    /**
     * Adds a route of a prefix to a device.
     *
     * @param destination the prefix
     * @param device the interface
     * @throws IpCommandException if {@code ip} fails, e.g. the route exists ({@code File exists})
     */
    public void routeAdd(final IpPrefix destination, final String device) throws IpCommandException {
        run(route("add", destination, device));
    }

    /**
     * Adds or replaces the route of a prefix, so that it goes to a device.
     *
     * @param destination the prefix
     * @param device the interface
     * @throws IpCommandException if {@code ip} fails
     */
    public void routeReplace(final IpPrefix destination, final String device) throws IpCommandException {
        run(route("replace", destination, device));
    }

    /**
     * Adds or replaces the route of a prefix with a preferred source address, the address local senders then use
     * towards the prefix (it must be an address of the host).
     *
     * @param destination the prefix
     * @param device the interface
     * @param source the preferred source address
     * @throws IpCommandException if {@code ip} fails
     */
    public void routeReplace(final IpPrefix destination, final String device, final InetAddress source)
            throws IpCommandException {
        final List<String> args = route("replace", destination, device);
        args.add("src");
        args.add(source.getHostAddress());
        run(args);
    }

    /**
     * Deletes the route of a prefix to a device.
     *
     * @param destination the prefix
     * @param device the interface
     * @throws IpCommandException if {@code ip} fails, e.g. there is no such route ({@code No such process})
     */
    public void routeDelete(final IpPrefix destination, final String device) throws IpCommandException {
        run(route("del", destination, device));
    }

    private static List<String> route(final String verb, final IpPrefix destination, final String device) {
        final List<String> args = new ArrayList<>();
        args.add(destination.isIpv4() ? "-4" : "-6");
        args.add("route");
        args.add(verb);
        args.add(destination.toString());
        args.add("dev");
        args.add(device);
        return args;
    }

    /**
     * Runs {@code ip} with arguments.
     *
     * @param args the arguments after {@code ip} (and after {@code -n NAME} for a namespace)
     * @return what the command wrote to stdout
     * @throws IpCommandException if the command cannot start, fails or times out
     */
    public String run(final String... args) throws IpCommandException {
        return run(List.of(args));
    }

    /**
     * Runs {@code ip} with arguments.
     *
     * @param args the arguments after {@code ip} (and after {@code -n NAME} for a namespace)
     * @return what the command wrote to stdout
     * @throws IpCommandException if the command cannot start, fails or times out
     */
    public String run(final List<String> args) throws IpCommandException {
        final List<String> command = new ArrayList<>(prefix);
        command.addAll(args);
        // Output goes to files rather than pipes: reading a pipe could block past the time limit if ip hung.
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("wgcp-ip", ".out");
            err = Files.createTempFile("wgcp-ip", ".err");
            final Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IpCommandException(command, -1, read(err, out), "timed out after " + timeout.toMillis()
                    + " ms");
            }
            final int exitCode = process.exitValue();
            if (exitCode != 0) {
                throw new IpCommandException(command, exitCode, read(err, out), "exit code " + exitCode);
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IpCommandException e) {
            throw e;
        } catch (IOException e) {
            throw new IpCommandException(command, -1, "", "cannot run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpCommandException(command, -1, "", "interrupted", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static String read(final Path err, final Path out) throws IOException {
        final String stderr = Files.readString(err, StandardCharsets.UTF_8).trim();
        return stderr.isEmpty() ? Files.readString(out, StandardCharsets.UTF_8).trim() : stderr;
    }

    private static void deleteQuietly(final Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a leftover empty temporary file is harmless
            }
        }
    }

    @Override
    public String toString() {
        return String.join(" ", prefix);
    }
}
