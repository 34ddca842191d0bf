/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.wireguard;

import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;

/**
 * The backend of the kernel module: runs {@code wg} from wireguard-tools ({@code wg show <iface> dump},
 * {@code wg set <iface> ...}). It works on userspace implementations too, since {@code wg} talks to their UAPI socket.
 *
 * <p>The private key goes to {@code wg} through its standard input ({@code private-key /dev/stdin}), never on the
 * command line. {@link #syncPeers} reads the interface, then runs one {@code wg set} with all changes (several when
 * they exceed {@value #MAX_COMMAND_CHARS} characters of arguments). Each call runs its own processes, bounded by the
 * timeout. Thread-safe.
 *
 * <p>For a kernel interface in another network namespace, give a command prefix such as
 * {@code ip netns exec NAME wg}.
 */
public final class WgCommandDriver implements WireGuardDriver {
    /** The default bound of one run of {@code wg}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The most argument characters of one {@code wg set} before the changes are split across runs. */
    public static final int MAX_COMMAND_CHARS = 256 * 1024;

    private static final int MAX_DUMP = 64 << 20;

    private final List<String> command;
    private final Duration timeout;

    /** Creates a driver that runs {@code wg} from the PATH with the default timeout. */
    public WgCommandDriver() {
        this(List.of("wg"), DEFAULT_TIMEOUT);
    }

    /**
     * Creates a driver.
     *
     * @param command how to run {@code wg}: the program, possibly behind a prefix ({@code ip netns exec NAME wg})
     * @param timeout the bound of one run
     */
    public WgCommandDriver(final List<String> command, final Duration timeout) {
        this.command = List.copyOf(command);
        if (this.command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
    }

    @Override
    public InterfaceState show(final String iface) throws WireGuardException {
        return WgDump.parse(iface, wg(iface, List.of("show", InterfaceNames.check(iface), "dump"), null));
    }

    @Override
    public void setInterface(final String iface, final WireGuardPrivateKey privateKey, final int listenPort)
            throws WireGuardException {
        if (listenPort < 0 || listenPort > 0xFFFF) {
            throw new WireGuardException(WireGuardException.Reason.INVALID_ARGUMENT,
                "listen port out of range 0..65535: " + listenPort);
        }
        final List<String> args = new ArrayList<>(List.of("set", InterfaceNames.check(iface)));
        if (privateKey != null) {
            args.add("private-key");
            args.add("/dev/stdin");
        }
        args.add("listen-port");
        args.add(Integer.toString(listenPort));
        wg(iface, args, privateKey == null ? null : privateKey.toBase64() + "\n");
    }

    @Override
    public void setPeer(final String iface, final PeerConfig peer) throws WireGuardException {
        final List<String> args = new ArrayList<>(List.of("set", InterfaceNames.check(iface)));
        args.addAll(peerArgs(peer));
        wg(iface, args, null);
    }

    @Override
    public void setPersistentKeepalive(final String iface, final WireGuardKey publicKey, final int seconds)
            throws WireGuardException {
        PeerConfig.checkKeepalive(seconds);
        // wg has no update-only mode: look first, so that a peer removed meanwhile is not created again (a removal
        // racing between the two calls can still re-create it, without allowed IPs, so it carries no traffic).
        if (show(iface).peers().stream().anyMatch(peer -> peer.config().publicKey().equals(publicKey))) {
            wg(iface, List.of("set", InterfaceNames.check(iface), "peer", publicKey.toBase64(), "persistent-keepalive",
                Integer.toString(seconds)), null);
        }
    }

    @Override
    public void removePeer(final String iface, final WireGuardKey publicKey) throws WireGuardException {
        wg(iface, List.of("set", InterfaceNames.check(iface), "peer", publicKey.toBase64(), "remove"), null);
    }

    @Override
    public void syncPeers(final String iface, final Collection<PeerConfig> desired) throws WireGuardException {
        final PeerPlan plan = PeerPlan.of(iface, show(iface), desired);
        final List<List<String>> sections = new ArrayList<>();
        for (WireGuardKey key : plan.remove()) {
            sections.add(List.of("peer", key.toBase64(), "remove"));
        }
        for (PeerConfig peer : plan.set()) {
            sections.add(peerArgs(peer));
        }
        final List<String> args = new ArrayList<>();
        int chars = 0;
        for (List<String> section : sections) {
            final int sectionChars = section.stream().mapToInt(arg -> arg.length() + 1).sum();
            if (!args.isEmpty() && chars + sectionChars > MAX_COMMAND_CHARS) {
                runSet(iface, args);
                args.clear();
                chars = 0;
            }
            args.addAll(section);
            chars += sectionChars;
        }
        if (!args.isEmpty()) {
            runSet(iface, args);
        }
    }

    private void runSet(final String iface, final List<String> peerArgs) throws WireGuardException {
        final List<String> args = new ArrayList<>(peerArgs.size() + 2);
        args.add("set");
        args.add(iface);
        args.addAll(peerArgs);
        wg(iface, args, null);
    }

    /**
     * Returns the arguments of {@code wg set} for one peer.
     *
     * @param peer the peer
     * @return {@code peer KEY [endpoint E] persistent-keepalive N|off allowed-ips LIST}
     */
    static List<String> peerArgs(final PeerConfig peer) {
        final List<String> args = new ArrayList<>(8);
        args.add("peer");
        args.add(peer.publicKey().toBase64());
        if (peer.endpoint() != null) {
            args.add("endpoint");
            args.add(IpLiteral.formatEndpoint(peer.endpoint()));
        }
        args.add("persistent-keepalive");
        args.add(peer.persistentKeepaliveSeconds() == 0 ? "off" : Integer.toString(peer.persistentKeepaliveSeconds()));
        final StringJoiner allowed = new StringJoiner(",");
        for (IpPrefix network : peer.allowedIps()) {
            allowed.add(network.toString());
        }
        args.add("allowed-ips");
        args.add(allowed.toString());
        return args;
    }

    /**
     * Runs {@code wg} with these arguments.
     *
     * @param iface the interface, for messages
     * @param args the arguments
     * @param stdin the standard input, or null
     * @return the standard output
     * @throws WireGuardException when wg cannot be run, times out or fails
     */
    String wg(final String iface, final List<String> args, final String stdin) throws WireGuardException {
        final List<String> full = new ArrayList<>(command.size() + args.size());
        full.addAll(command);
        full.addAll(args);
        final String shown = describe(args);
        final Commands.Result result;
        try {
            result = Commands.run(full, stdin, timeout, MAX_DUMP);
        } catch (WireGuardException e) {
            throw e;
        } catch (IOException e) {
            throw new WireGuardException(WireGuardException.Reason.UNAVAILABLE,
                "cannot run " + String.join(" ", command) + " (" + shown + "): " + e.getMessage(), e);
        }
        if (result.exitCode() == 0) {
            return result.stdout();
        }
        final String stderr = result.stderrLine();
        // "Unable to access interface" (show) or "Unable to modify interface" (set), then the errno text: no device,
        // or no WireGuard netlink family at all (no kernel module, and no UAPI socket of that name).
        if (stderr.contains("Unable to ") && stderr.contains(" interface: ") && (stderr.contains("No such device")
                || stderr.contains("Protocol not supported") || stderr.contains("No such file"))) {
            throw new WireGuardException(WireGuardException.Reason.NO_SUCH_INTERFACE,
                "no such WireGuard interface " + iface + " (wg: " + stderr + ")");
        }
        final WireGuardException.Reason reason = stderr.contains("Operation not permitted")
            || stderr.contains("Permission denied") ? WireGuardException.Reason.UNAVAILABLE
                : WireGuardException.Reason.REJECTED;
        throw new WireGuardException(reason,
            shown + " failed with exit code " + result.exitCode() + ": " + (stderr.isEmpty() ? "(no output)" : stderr));
    }

    // The command for messages: long peer lists are abbreviated.
    private static String describe(final List<String> args) {
        final String text = "wg " + String.join(" ", args);
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + args.size() + " arguments)";
    }
}
