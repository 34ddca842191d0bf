/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.agent.net.IpCommand;
import io.wgcp.agent.net.IpCommandException;
import io.wgcp.types.IpPrefix;
import io.wgcp.wireguard.InterfaceState;
import io.wgcp.wireguard.PeerConfig;
import io.wgcp.wireguard.WireGuardDriver;
import io.wgcp.wireguard.WireGuardException;
import io.wgcp.wireguard.WireGuardKeyPair;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * Brings up the agent's two WireGuard interfaces at start, idempotently: an interface that already exists (a
 * restarted agent, or one an operator made) is reused, and what it already has is not set again, so that a restart
 * does not disturb established tunnels.
 */
final class InterfaceBootstrap {
    private static final Logger LOG = System.getLogger(InterfaceBootstrap.class.getName());
    private static final Duration WIREGUARD_GO_START = Duration.ofSeconds(5);

    private final AgentConfig config;
    private final WireGuardDriver wg;
    private final IpCommand ip;

    InterfaceBootstrap(final AgentConfig config, final WireGuardDriver wg, final IpCommand ip) {
        this.config = config;
        this.wg = wg;
        this.ip = ip;
    }

    /**
     * Brings up the control interface: wireguard-go if needed, the key, the control address, the route and the peer
     * of the map server.
     *
     * @param controlKeys the control key pair
     * @throws IOException if a part cannot be brought up
     */
    void control(final WireGuardKeyPair controlKeys) throws IOException {
        final String iface = config.control().iface();
        ensureWireGuard(iface, config.control().startWireGuardGo());
        final InterfaceState state = wg.show(iface);
        if (!controlKeys.publicKey().equals(state.publicKey())
                || config.control().listenPort() != 0 && state.listenPort() != config.control().listenPort()) {
            wg.setInterface(iface, controlKeys.privateKey(), config.control().listenPort());
        }
        addAddress(iface, config.control().address());
        ip.linkUp(iface);
        ip.routeReplace(IpPrefix.host(config.mapServer().address()), iface);
        wg.setPeer(iface, new PeerConfig(config.mapServer().publicKey(), config.mapServer().endpoint(),
            List.of(IpPrefix.host(config.mapServer().address())), config.control().keepaliveSeconds()));
    }

    /**
     * Brings up the data interface: wireguard-go if needed, the key and listen port, the local EID.
     *
     * @param dataKeys the data key pair
     * @throws IOException if a part cannot be brought up
     */
    void data(final WireGuardKeyPair dataKeys) throws IOException {
        final String iface = config.data().iface();
        ensureWireGuard(iface, config.data().startWireGuardGo());
        final InterfaceState state = wg.show(iface);
        // Setting the same key again would be harmless in wireguard-go, but skipping it keeps a restart invisible.
        if (!dataKeys.publicKey().equals(state.publicKey()) || state.listenPort() != config.data().listenPort()) {
            wg.setInterface(iface, dataKeys.privateKey(), config.data().listenPort());
        }
        addAddress(iface, config.localEid());
        ip.linkUp(iface);
    }

    private void ensureWireGuard(final String iface, final boolean startWireGuardGo) throws IOException {
        try {
            wg.show(iface);
            LOG.log(Level.INFO, "Using the existing WireGuard interface {0}", iface);
            return;
        } catch (WireGuardException e) {
            if (!startWireGuardGo || e.reason() != WireGuardException.Reason.NO_SUCH_INTERFACE
                    && e.reason() != WireGuardException.Reason.UNAVAILABLE) {
                throw e;
            }
        }
        // Not WireGuardGoProcess: it reads wireguard-go's output through a pipe, so wireguard-go would die of SIGPIPE
        // once the agent is gone, taking the tunnels with it. Here its output goes to a file and it outlives the
        // agent on purpose (tunnels survive an agent restart); the PID file lets an operator or a test stop it.
        Files.createDirectories(config.local().stateDirectory());
        final var log = config.local().stateDirectory().resolve(iface + ".log").toFile();
        final var builder = new ProcessBuilder("wireguard-go", "-f", iface).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD", "1");
        builder.environment().putIfAbsent("LOG_LEVEL", "error");
        final Process process = builder.start();
        Files.writeString(config.local().stateDirectory().resolve(iface + ".pid"), process.pid() + "\n");
        final long deadline = System.nanoTime() + WIREGUARD_GO_START.toNanos();
        while (true) {
            try {
                wg.show(iface);
                break;
            } catch (WireGuardException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IOException("wireguard-go did not bring up " + iface + " (see "
                        + config.local().stateDirectory().resolve(iface + ".log") + "): " + e.getMessage(), e);
                }
                sleepMillis(10);
            }
        }
        LOG.log(Level.INFO, "Started wireguard-go for {0} (pid {1})", iface, process.pid());
    }

    private static void sleepMillis(final long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void addAddress(final String iface, final InetAddress address) throws IpCommandException {
        try {
            ip.addAddress(iface, address);
        } catch (IpCommandException e) {
            if (!e.getMessage().contains("File exists") && !e.getMessage().contains("already assigned")) {
                throw e;
            }
        }
    }

}
