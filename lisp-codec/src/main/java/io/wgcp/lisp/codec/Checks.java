/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

/**
 * Range checks shared by the value types' constructors. A value that does not fit its wire field is a programming
 * error, hence {@link IllegalArgumentException}; the decoder never produces one because every field it reads already
 * has the right width.
 */
final class Checks {
    private Checks() {
        // utility class
    }

    static void u8(final int value, final String what) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(what + " out of 8-bit range: " + value);
        }
    }

    static void u16(final int value, final String what) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " out of 16-bit range: " + value);
        }
    }

    static void u32(final long value, final String what) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " out of 32-bit range: " + value);
        }
    }

    static void count(final int count, final int max, final String what) {
        if (count > max) {
            throw new IllegalArgumentException("too many " + what + ": " + count + " > " + max);
        }
    }
}
