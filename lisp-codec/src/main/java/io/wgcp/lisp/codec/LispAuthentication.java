/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;

/**
 * Authentication of Map-Register, Map-Notify and Map-Notify-Ack (RFC 9301 section 5.6).
 *
 * <p>Algorithms (IANA "LISP Algorithm ID Numbers"): 1 = HMAC-SHA-1-96, 2 = HMAC-SHA-256-128, 3 = HMAC-SHA-256-128 with
 * HKDF-SHA-256 per-message keys. The MAC covers the whole encoded message (from the type field to the last byte,
 * xTR-ID/Site-ID included) with the authentication data zeroed. The Key ID and Algorithm ID are one byte each; the
 * 16-bit key id 1 or 2 of RFC 6830 peers (Open Overlay Router, lispflowmapping) is byte-identical to key id 0 with
 * algorithm 1 or 2 and needs no special case.
 *
 * <p>MAC length: the RFC truncates to 12 (SHA-1) or 16 (SHA-256) bytes, deployed peers send the full 20 or 32. A
 * verifier accepts any length from the truncated to the full size and compares that many leading bytes of the HMAC in
 * constant time; a signer writes as many leading bytes as the message's Authentication Data Length says, so an answer
 * built with {@link MapNotify#answering(MapRegister)} uses the register's length.
 *
 * <p>Algorithm 3 per-message key. RFC 9301 defines {@code per-msg-key = KDF(nonce + s + PSK[Key ID])}, where "+" is
 * concatenation, the nonce is the message's Nonce field and {@code s} is "Map-Register Authentication",
 * "Map-Notify Authentication" or "Map-Notify-Ack Authentication" by message type, but does not say how that single
 * input maps onto HKDF's salt, IKM and info. This codec reads it literally as the input keying material:
 * <pre>
 *   IKM  = nonce (8 bytes, network order, as on the wire) || s (ASCII, no terminator) || PSK
 *   PRK  = HKDF-Extract(salt = absent, i.e. 32 zero bytes, IKM)
 *   key  = HKDF-Expand(PRK, info = empty, L = 32)
 *   MAC  = HMAC-SHA-256(key, message with zeroed authentication data), truncated to the field length
 * </pre>
 * Both ends of wgcp use this codec, so they agree; a third-party peer using algorithm 3 may have read the RFC
 * differently, which is why the profile registers with algorithm 2.
 *
 * <p>All methods are thread-safe; HMAC engines are cached per thread.
 */
public final class LispAuthentication {
    /** Algorithm 0: no authentication. */
    public static final int NONE = 0;
    /** Algorithm 1: HMAC-SHA-1-96. */
    public static final int HMAC_SHA1_96 = 1;
    /** Algorithm 2: HMAC-SHA-256-128, the one RFC 9301 requires. */
    public static final int HMAC_SHA256_128 = 2;
    /** Algorithm 3: HMAC-SHA-256-128 keyed with an HKDF-SHA-256 per-message key. */
    public static final int HMAC_SHA256_128_HKDF_SHA256 = 3;
    /** Offset of the Authentication Data from the start of the message. */
    public static final int AUTHENTICATION_DATA_OFFSET = 16;

    private static final byte[] ZEROS = new byte[32];
    private static final byte[] REGISTER_SALT = "Map-Register Authentication".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTIFY_SALT = "Map-Notify Authentication".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTIFY_ACK_SALT = "Map-Notify-Ack Authentication".getBytes(StandardCharsets.US_ASCII);

    private LispAuthentication() {
        // static methods only
    }

    /**
     * Tells whether an algorithm id is one this class computes.
     *
     * @param algorithmId the algorithm id
     * @return true for 1, 2 and 3
     */
    public static boolean isSupported(final int algorithmId) {
        return algorithmId >= HMAC_SHA1_96 && algorithmId <= HMAC_SHA256_128_HKDF_SHA256;
    }

    /**
     * Returns the RFC (truncated) MAC length of an algorithm.
     *
     * @param algorithmId 1, 2 or 3
     * @return 12 for HMAC-SHA-1-96, 16 for the SHA-256 variants
     * @throws IllegalArgumentException for another algorithm id
     */
    public static int truncatedMacLength(final int algorithmId) {
        return switch (algorithmId) {
            case HMAC_SHA1_96 -> 12;
            case HMAC_SHA256_128, HMAC_SHA256_128_HKDF_SHA256 -> 16;
            default -> throw new IllegalArgumentException("unsupported algorithm id " + algorithmId);
        };
    }

    /**
     * Returns the full HMAC length of an algorithm.
     *
     * @param algorithmId 1, 2 or 3
     * @return 20 for HMAC-SHA-1, 32 for the SHA-256 variants
     * @throws IllegalArgumentException for another algorithm id
     */
    public static int fullMacLength(final int algorithmId) {
        return switch (algorithmId) {
            case HMAC_SHA1_96 -> 20;
            case HMAC_SHA256_128, HMAC_SHA256_128_HKDF_SHA256 -> 32;
            default -> throw new IllegalArgumentException("unsupported algorithm id " + algorithmId);
        };
    }

    /**
     * Tells whether an Authentication Data Length is acceptable for an algorithm: from the truncated to the full size.
     *
     * @param algorithmId the algorithm id
     * @param macLength the Authentication Data Length
     * @return true when the algorithm is supported and the length within its range
     */
    public static boolean isAcceptableMacLength(final int algorithmId, final int macLength) {
        return isSupported(algorithmId) && macLength >= truncatedMacLength(algorithmId)
            && macLength <= fullMacLength(algorithmId);
    }

    /**
     * Computes the key the MAC of one message is keyed with: the pre-shared key itself for algorithms 1 and 2, the
     * HKDF-derived per-message key (see the class description) for algorithm 3.
     *
     * @param algorithmId 1, 2 or 3
     * @param messageType 3, 4 or 5
     * @param nonce the message's nonce
     * @param preSharedKey the pre-shared key selected by the Key ID
     * @return the HMAC key
     */
    public static byte[] perMessageKey(final int algorithmId, final int messageType, final long nonce,
            final byte[] preSharedKey) {
        if (algorithmId != HMAC_SHA256_128_HKDF_SHA256) {
            return preSharedKey;
        }
        final byte[] salt = switch (messageType) {
            case 3 -> REGISTER_SALT;
            case 4 -> NOTIFY_SALT;
            case 5 -> NOTIFY_ACK_SALT;
            default -> throw new IllegalArgumentException("message type " + messageType + " is not authenticated");
        };
        final byte[] ikm = new byte[8 + salt.length + preSharedKey.length];
        for (int i = 0; i < 8; i++) {
            ikm[i] = (byte) (nonce >>> 56 - 8 * i);
        }
        System.arraycopy(salt, 0, ikm, 8, salt.length);
        System.arraycopy(preSharedKey, 0, ikm, 8 + salt.length, preSharedKey.length);
        try {
            return Hkdf.derive(null, ikm, null, Hkdf.HASH_LENGTH);
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    /**
     * Encodes a message at the writer index of a buffer and signs it in place. The message's authentication data is
     * only a placeholder: its length decides how many bytes of the MAC are written, its content is ignored.
     *
     * @param message the message, with a supported algorithm id and an acceptable authentication data length
     * @param preSharedKey the key selected by the message's Key ID
     * @param out the buffer
     * @return the number of bytes written
     * @throws IllegalArgumentException if the algorithm is not supported or the length not acceptable for it
     */
    public static int encodeAndSign(final AuthenticatedMessage message, final byte[] preSharedKey,
            final ByteBuf out) {
        final int start = out.writerIndex();
        final int length = LispMessageEncoder.encode(message, out);
        sign(out, start, length, preSharedKey);
        return length;
    }

    /**
     * Signs an encoded Map-Register, Map-Notify or Map-Notify-Ack in place: computes the MAC over the message with the
     * authentication data zeroed and writes its leading Authentication-Data-Length bytes into the field.
     *
     * @param buf the buffer holding the message
     * @param offset the absolute index of the message
     * @param length the length of the message
     * @param preSharedKey the key selected by the message's Key ID
     * @throws IllegalArgumentException if the region is not such a message, or its algorithm is not supported, or its
     *                                  authentication data length not acceptable for the algorithm
     */
    public static void sign(final ByteBuf buf, final int offset, final int length, final byte[] preSharedKey) {
        if (offset < 0 || length < AUTHENTICATION_DATA_OFFSET || length > buf.capacity() - offset) {
            throw new IllegalArgumentException("not an authenticated message region: " + offset + "+" + length);
        }
        final int type = buf.getUnsignedByte(offset) >>> 4;
        if (type < 3 || type > 5) {
            throw new IllegalArgumentException("message type " + type + " carries no authentication data");
        }
        final int algorithmId = buf.getUnsignedByte(offset + 13);
        final int macLength = buf.getUnsignedShort(offset + 14);
        if (!isAcceptableMacLength(algorithmId, macLength)) {
            throw new IllegalArgumentException("cannot sign with algorithm " + algorithmId + " and " + macLength
                + " bytes of authentication data");
        }
        if (AUTHENTICATION_DATA_OFFSET + macLength > length) {
            throw new IllegalArgumentException("authentication data runs past the message");
        }
        final byte[] mac = fullMac(buf, offset, length, type, algorithmId, macLength, preSharedKey);
        buf.setBytes(offset + AUTHENTICATION_DATA_OFFSET, mac, 0, macLength);
    }

    /**
     * Verifies the received bytes of a Map-Register, Map-Notify or Map-Notify-Ack held in the readable bytes of a
     * buffer (the indexes are not moved). See {@link #verify(ByteBuf, int, int, byte[])}.
     *
     * @param message the buffer, its readable bytes being exactly the message
     * @param preSharedKey the key selected by the message's Key ID
     * @return true when the MAC is valid
     */
    public static boolean verify(final ByteBuf message, final byte[] preSharedKey) {
        return verify(message, message.readerIndex(), message.readableBytes(), preSharedKey);
    }

    /**
     * Verifies the received bytes of a Map-Register, Map-Notify or Map-Notify-Ack, as the peer signed them (no
     * re-encoding). Fails, rather than throws, on anything that is not a correctly signed message: wrong type, too
     * short, unsupported algorithm, MAC length outside truncated..full, or a wrong MAC. The comparison is constant
     * time.
     *
     * @param buf the buffer holding the message
     * @param offset the absolute index of the message
     * @param length the length of the message
     * @param preSharedKey the key selected by the message's Key ID
     * @return true when the MAC is valid
     */
    public static boolean verify(final ByteBuf buf, final int offset, final int length, final byte[] preSharedKey) {
        if (offset < 0 || length < AUTHENTICATION_DATA_OFFSET || length > buf.capacity() - offset) {
            return false;
        }
        final int type = buf.getUnsignedByte(offset) >>> 4;
        if (type < 3 || type > 5) {
            return false;
        }
        final int algorithmId = buf.getUnsignedByte(offset + 13);
        final int macLength = buf.getUnsignedShort(offset + 14);
        if (!isAcceptableMacLength(algorithmId, macLength) || AUTHENTICATION_DATA_OFFSET + macLength > length) {
            return false;
        }
        final byte[] expected = Arrays.copyOf(fullMac(buf, offset, length, type, algorithmId, macLength,
            preSharedKey), macLength);
        final byte[] received = new byte[macLength];
        buf.getBytes(offset + AUTHENTICATION_DATA_OFFSET, received);
        return MessageDigest.isEqual(expected, received);
    }

    private static byte[] fullMac(final ByteBuf buf, final int offset, final int length, final int type,
            final int algorithmId, final int macLength, final byte[] preSharedKey) {
        final long nonce = buf.getLong(offset + 4);
        final byte[] key = perMessageKey(algorithmId, type, nonce, preSharedKey);
        final Mac mac = algorithmId == HMAC_SHA1_96 ? Macs.hmacSha1(key) : Macs.hmacSha256(key);
        if (key != preSharedKey) {
            Arrays.fill(key, (byte) 0);
        }
        update(mac, buf, offset, AUTHENTICATION_DATA_OFFSET);
        mac.update(ZEROS, 0, macLength);
        final int rest = offset + AUTHENTICATION_DATA_OFFSET + macLength;
        update(mac, buf, rest, offset + length - rest);
        return mac.doFinal();
    }

    private static void update(final Mac mac, final ByteBuf buf, final int index, final int length) {
        if (length == 0) {
            return;
        }
        if (buf.hasArray()) {
            mac.update(buf.array(), buf.arrayOffset() + index, length);
        } else {
            mac.update(buf.nioBuffer(index, length));
        }
    }
}
