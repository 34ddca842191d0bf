/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Annotated hex for test vectors: whitespace is ignored and {@code #} starts a comment running to the end of the line.
 */
final class Hex {
    private Hex() {
        // utility class
    }

    static byte[] bytes(final String annotated) {
        final StringBuilder digits = new StringBuilder();
        for (String line : annotated.split("\n", -1)) {
            final int hash = line.indexOf('#');
            final String code = hash >= 0 ? line.substring(0, hash) : line;
            for (int i = 0; i < code.length(); i++) {
                final char ch = code.charAt(i);
                if (!Character.isWhitespace(ch)) {
                    digits.append(ch);
                }
            }
        }
        return ImmutableBytes.fromHex(digits.toString()).toByteArray();
    }

    static String of(final byte[] bytes) {
        return ByteBufUtil.hexDump(bytes);
    }

    static String of(final ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }
}
