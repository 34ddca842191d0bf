/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * An immutable sequence of bytes (authentication data, key material, the body of an unknown LCAF).
 *
 * <p>Message objects are shared between threads and compared by value, so they cannot hold a {@code byte[]} that a
 * caller could still modify: this wrapper copies on the way in and on the way out, and compares by content.
 */
public final class ImmutableBytes {
    private static final ImmutableBytes EMPTY = new ImmutableBytes(new byte[0]);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final byte[] bytes;

    private ImmutableBytes(final byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Returns an instance holding a copy of {@code bytes}.
     *
     * @param bytes the content; the array is copied
     * @return an instance with that content
     */
    public static ImmutableBytes of(final byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new ImmutableBytes(bytes.clone());
    }

    /**
     * Returns an instance holding {@code length} zero bytes, e.g. the placeholder authentication data of a message
     * that is signed after encoding.
     *
     * @param length the number of bytes
     * @return zero-filled content
     */
    public static ImmutableBytes zeros(final int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        return length == 0 ? EMPTY : new ImmutableBytes(new byte[length]);
    }

    /**
     * Returns the empty instance.
     *
     * @return an instance of length zero
     */
    public static ImmutableBytes empty() {
        return EMPTY;
    }

    /**
     * Parses hexadecimal text (two digits per byte, no separators).
     *
     * @param hex the text
     * @return the decoded bytes
     * @throws IllegalArgumentException if the text is not an even number of hex digits
     */
    public static ImmutableBytes fromHex(final String hex) {
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        final byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            final int hi = Character.digit(hex.charAt(2 * i), 16);
            final int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not a hex digit near index " + 2 * i);
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out.length == 0 ? EMPTY : new ImmutableBytes(out);
    }

    /**
     * Reads {@code length} bytes at an absolute index of a buffer, without moving its indexes.
     *
     * @param buf the buffer
     * @param index the absolute index
     * @param length the number of bytes
     * @return a copy of those bytes
     */
    static ImmutableBytes copyOf(final ByteBuf buf, final int index, final int length) {
        if (length == 0) {
            return EMPTY;
        }
        final byte[] out = new byte[length];
        buf.getBytes(index, out);
        return new ImmutableBytes(out);
    }

    /**
     * Returns the number of bytes.
     *
     * @return the length
     */
    public int length() {
        return bytes.length;
    }

    /**
     * Returns the byte at an index.
     *
     * @param index the index, from 0 to {@link #length()} - 1
     * @return the byte
     */
    public byte get(final int index) {
        return bytes[index];
    }

    /**
     * Returns a fresh copy of the content.
     *
     * @return a new array
     */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /**
     * Writes the content at the writer index of a buffer.
     *
     * @param buf the buffer
     */
    public void writeTo(final ByteBuf buf) {
        buf.writeBytes(bytes);
    }

    /**
     * Returns the content as lower-case hexadecimal text.
     *
     * @return hex digits, two per byte
     */
    public String toHex() {
        final char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] & 0xF0) >>> 4];
            out[2 * i + 1] = HEX[bytes[i] & 0x0F];
        }
        return new String(out);
    }

    @Override
    public boolean equals(final Object obj) {
        return this == obj || obj instanceof ImmutableBytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
