/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import io.wgcp.wireguard.WireGuardKeyPair;
import io.wgcp.wireguard.WireGuardPrivateKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The agent's WireGuard private keys on disk: base64 (as {@code wg genkey} writes them), one per file, mode 0600.
 */
public final class KeyFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFiles() {
    }

    /**
     * Loads a key pair, generating and storing it first when the file does not exist (first start).
     *
     * @param file the private key file
     * @return the key pair
     * @throws IOException if the file cannot be read or written, or its mode lets others read it
     */
    public static WireGuardKeyPair loadOrCreate(final Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            final var generated = WireGuardKeyPair.generate();
            try {
                // Created with mode 0600 in one step: the secret is never readable by others, not even briefly.
                Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY)),
                    (generated.privateKey().toBase64() + "\n").getBytes(StandardCharsets.US_ASCII),
                    StandardOpenOption.TRUNCATE_EXISTING);
                return generated;
            } catch (FileAlreadyExistsException e) {
                // another process created it meanwhile: use theirs
                return load(file);
            }
        }
        return load(file);
    }

    private static WireGuardKeyPair load(final Path file) throws IOException {
        final var permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IOException("private key file " + file + " has mode "
                + PosixFilePermissions.toString(permissions) + ": it must not be readable by others (chmod 600)");
        }
        final String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return WireGuardKeyPair.of(WireGuardPrivateKey.fromBase64(text));
        } catch (IllegalArgumentException e) {
            throw new IOException("private key file " + file + " does not hold a base64 WireGuard key", e);
        }
    }
}
