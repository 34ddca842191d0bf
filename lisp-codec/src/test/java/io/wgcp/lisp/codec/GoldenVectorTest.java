/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hand-written wire images, field by field from the layouts of RFC 9301, RFC 8060, RFC 9437 and the wgcp profile:
 * each decodes to the expected object and that object encodes back to the same bytes. The MACs and checksums inside
 * them were computed by an independent implementation (Python's hmac/hashlib), not by this codec.
 */
class GoldenVectorTest {
    static final ImmutableBytes WG_KEY = ImmutableBytes.fromHex(
        "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
    static final XtrSiteId XTR = new XtrSiteId(0x0011223344556677L, 0x8899aabbccddeeffL, 7);
    static final byte[] EDGE_SECRET = "wgcp-edge-secret".getBytes(StandardCharsets.US_ASCII);

    // Map-Request as the edge agent sends it for a plain pull.
    static final String MAP_REQUEST = """
        10 00 00 01                 # type 1, no flags | IRC 0 (one ITR-RLOC) | 1 record
        01 02 03 04 05 06 07 08     # nonce
        00 01 0a 01 00 05           # source EID: AFI 1, 10.1.0.5
        00 01 c0 00 02 01           # ITR-RLOC: AFI 1, 192.0.2.1
        00 20 00 01 0a 02 00 07     # record: N=0, mask 32, AFI 1, 10.2.0.7
        """;

    // Map-Request subscribing (RFC 9437: I=1, N=1) in virtual network 100, two ITR-RLOCs.
    static final String MAP_REQUEST_SUBSCRIBE = """
        10 50 01 01                 # type 1 | p=0 s=1 R=0 I=1 | IRC 1 (two ITR-RLOCs) | 1 record
        de ad be ef 00 00 00 2a     # nonce
        40 03 00 00 02 00 00 0a     # source EID: LCAF type 2 (instance id), IID mask-len 0, length 10
        00 00 00 64 00 01 0a 01 00 05                       # instance id 100, AFI 1, 10.1.0.5
        00 01 c0 00 02 01           # ITR-RLOC 1: 192.0.2.1
        00 02 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01  # ITR-RLOC 2: 2001:db8::1
        80 18                       # record: N=1 (subscribe), mask 24
        40 03 00 00 02 00 00 0a 00 00 00 64 00 01 0a 02 00 00  # [100] 10.2.0.0
        00112233445566778899aabbccddeeff  # xTR-ID
        00 00 00 00 00 00 00 07     # site id 7
        """;

    // Map-Request with M=1: a map-reply record (the requester's own mapping) follows the EID records.
    static final String MAP_REQUEST_WITH_MAP_DATA = """
        14 00 00 01                 # type 1, M=1 | IRC 0 | 1 record
        01 02 03 04 05 06 07 08     # nonce
        00 00                       # source EID: AFI 0
        00 01 c0 00 02 01           # ITR-RLOC 192.0.2.1
        00 20 00 01 0a 02 00 07     # record: mask 32, 10.2.0.7
        00 00 05 a0                 # map-reply record: TTL 1440
        01 20 10 00 00 00           # 1 locator, mask 32, ACT 0 + A, map version 0
        00 01 0a 01 00 05           # EID 10.1.0.5
        01 64 ff 00 00 05           # priority 1, weight 100, m-priority 255, m-weight 0, L=1 R=1
        00 01 c0 00 02 01           # 192.0.2.1
        """;

    // Positive Map-Reply carrying one WireGuard locator (LCAF 11 around LCAF 7).
    static final String MAP_REPLY_WIREGUARD = """
        20 00 00 01                 # type 2, no flags | 1 record
        de ad be ef 00 00 00 2a     # nonce of the request
        00 00 05 a0                 # TTL 1440 minutes
        01 20 10 00                 # 1 locator, mask 32, ACT 0 (no action) + A
        00 00                       # map version 0
        40 03 00 00 02 00 00 0a 00 00 00 64 00 01 0a 02 00 07  # EID [100] 10.2.0.7
        01 64 ff 00                 # priority 1, weight 100, m-priority 255, m-weight 0
        00 01                       # L=0 p=0 R=1
        40 03 00 00 0b 00 00 40     # LCAF type 11 (security key), length 64
        01 00 06 00                 # key count 1, rsvd, key algorithm 6, R=0
        00 20                       # key length 32
        0102030405060708090a0b0c0d0e0f10 1112131415161718191a1b1c1d1e1f20  # WireGuard public key
        40 03 00 00 07 00 00 12     # LCAF type 7 (NAT traversal), length 18
        00 00 ca 6c                 # MS port 0, ETR port 51820 (WireGuard listen port)
        00 01 cb 00 71 05           # global ETR RLOC: 203.0.113.5 (the endpoint)
        00 00                       # MS RLOC: AFI 0
        00 01 c0 a8 01 0a           # private ETR RLOC: 192.168.1.10
        """;

    // Negative Map-Reply: unknown overlay destination, ACT 3, TTL 1 minute, covering [100] 10.2.0.0/16.
    static final String MAP_REPLY_NEGATIVE = """
        20 00 00 01                 # type 2 | 1 record
        de ad be ef 00 00 00 2a     # nonce
        00 00 00 01                 # TTL 1 minute
        00 10 70 00                 # 0 locators, mask 16, ACT 3 (drop/no-reason) + A
        00 00                       # map version 0
        40 03 00 00 02 00 00 0a 00 00 00 64 00 01 0a 02 00 00  # EID [100] 10.2.0.0
        """;

    // Map-Register as Open Overlay Router sends it: 16-bit key id 1, full 20-byte HMAC-SHA-1, IID EID. Key "password".
    static final String MAP_REGISTER_OOR = """
        30 00 01 01                 # type 3, P=0 S=0 I=0 | E=0 T=0 a=0 R=0 M=1 | 1 record
        a1 b2 c3 d4 e5 f6 07 18     # nonce
        00 01                       # 16-bit key id 1 = key id 0 + algorithm 1 (HMAC-SHA-1)
        00 14                       # authentication data length 20 (the full HMAC-SHA-1)
        eecf5f110eb7276e3bcc0a5fe62074b588405718  # HMAC-SHA-1("password", message with these 20 bytes zeroed)
        00 00 05 a0                 # TTL 1440
        01 18 10 00 00 00           # 1 locator, mask 24, ACT 0 + A, version 0
        40 03 00 00 02 00 00 0a 00 00 00 64 00 01 0a 02 00 00  # EID [100] 10.2.0.0
        01 64 ff 00 00 05           # priority 1, weight 100, m-priority 255, m-weight 0, L=1 R=1
        00 01 cb 00 71 05           # 203.0.113.5
        """;

    // Map-Register as Open Overlay Router builds it (lisp_msg_mreg_create): 16-bit key id 1, the full 20-byte
    // HMAC-SHA-1, M=1, two records whose IID-LCAF EIDs carry the IID mask-len 32 that OOR writes for IPv4 EIDs,
    // each with one IPv4 RLOC (L=1, R=1). Key "oor-site-key".
    static final String MAP_REGISTER_OOR_TWO_RECORDS = """
        30 00 01 02                 # type 3, P=0 S=0 I=0 | M=1 | 2 records
        0f 1e 2d 3c 4b 5a 69 78     # nonce
        00 01                       # 16-bit key id 1 = key id 0 + algorithm 1 (HMAC-SHA-1)
        00 14                       # authentication data length 20 (the full HMAC-SHA-1)
        c199e3af4a8793349fc2aa1ecd5391d54708a205  # HMAC-SHA-1("oor-site-key", message with these 20 bytes zeroed)
        00 00 05 a0                 # record 1: TTL 1440
        01 18 10 00 00 00           # 1 locator, mask 24, ACT 0 + A, version 0
        40 03 00 00 02 20 00 0a     # LCAF type 2, IID mask-len 32, length 10
        00 00 00 64 00 01 0a 02 00 00                       # instance id 100, 10.2.0.0
        01 64 ff 00 00 05           # priority 1, weight 100, m-priority 255, m-weight 0, L=1 R=1
        00 01 cb 00 71 05           # 203.0.113.5
        00 00 05 a0                 # record 2: TTL 1440
        01 10 10 00 00 00           # 1 locator, mask 16, ACT 0 + A, version 0
        40 03 00 00 02 20 00 0a 00 00 00 64 00 01 0a 14 00 00  # [100] 10.20.0.0, IID mask-len 32
        02 64 ff 00 00 05           # priority 2, weight 100, m-priority 255, m-weight 0, L=1 R=1
        00 01 c6 33 64 05           # 198.51.100.5
        """;

    // ECM-wrapped Map-Request as Open Overlay Router's xTR sends it (lisp_msg_encap): the inner IPv4 header goes from
    // the source EID to the requested EID with an identification and DF, the inner UDP source port is not 4342, both
    // EIDs are IID LCAFs with IID mask-len 32. Checksums computed independently (Python).
    static final String ECM_IPV4_OOR = """
        80 00 00 00                 # type 8, S=0 D=0 E=0 M=0
        45 00 00 54                 # IPv4, IHL 5, TOS 0, total length 84
        2a 01 40 00                 # identification 0x2a01, DF
        40 11 fc 89                 # TTL 64, protocol 17 (UDP), header checksum
        0a 01 00 05                 # source 10.1.0.5: the source EID
        0a 02 00 07                 # destination 10.2.0.7: the requested EID
        ee 48 10 f6                 # UDP 61000 -> 4342
        00 40 c8 5d                 # UDP length 64, checksum
        10 00 00 01                 # Map-Request, IRC 0, 1 record
        5a 5a 5a 5a 01 02 03 04     # nonce
        40 03 00 00 02 20 00 0a 00 00 00 64 00 01 0a 01 00 05  # source EID [100] 10.1.0.5, IID mask-len 32
        00 01 c0 a8 01 0a           # ITR-RLOC 192.168.1.10
        00 20                       # record: mask 32
        40 03 00 00 02 20 00 0a 00 00 00 64 00 01 0a 02 00 07  # [100] 10.2.0.7, IID mask-len 32
        """;

    // Map-Register of a wgcp edge: algorithm 2 with the RFC's 16 bytes, M=1, I=1, WireGuard locator without a private
    // address. Key "wgcp-edge-secret".
    static final String MAP_REGISTER_WGCP = """
        32 00 01 01                 # type 3, I=1 | M=1 | 1 record
        00 00 00 00 00 00 10 01     # nonce
        05 02 00 10                 # key id 5, algorithm 2 (HMAC-SHA-256-128), 16 bytes
        dd4d1cfc8e5864abf0cba8ded0533b0d  # HMAC-SHA-256 truncated to 16 bytes
        00 00 00 03                 # TTL 3 minutes
        01 20 10 00 00 00           # 1 locator, mask 32, ACT 0 + A, version 0
        40 03 00 00 02 00 00 0a 00 00 00 64 00 01 0a 02 00 07  # EID [100] 10.2.0.7
        01 64 ff 00 00 01           # priority 1, weight 100, m-priority 255, m-weight 0, R=1
        40 03 00 00 0b 00 00 3c     # LCAF type 11, length 60
        01 00 06 00 00 20           # 1 key, algorithm 6, R=0, key length 32
        0102030405060708090a0b0c0d0e0f10 1112131415161718191a1b1c1d1e1f20
        40 03 00 00 07 00 00 0e     # LCAF type 7, length 14
        00 00 ca 6c                 # MS port 0, ETR port 51820
        00 01 cb 00 71 07           # global ETR RLOC 203.0.113.7
        00 00 00 00                 # MS RLOC AFI 0, private ETR RLOC AFI 0
        00112233445566778899aabbccddeeff  # xTR-ID
        00 00 00 00 00 00 00 07     # site id 7
        """;

    // Map-Notify answering with the full 32-byte HMAC-SHA-256, as deployed peers expect.
    static final String MAP_NOTIFY_FULL_MAC = """
        48 00 00 01                 # type 4, I=1 R=0 | 1 record
        00 00 00 00 00 00 10 01     # nonce, copied from the register
        05 02 00 20                 # key id 5, algorithm 2, 32 bytes
        b1b71d09cb6247a820e4df4a8ab2f379cfb8d5a0744d8f88054866ae7e0485b1
        00 00 00 03 01 20 10 00 00 00                          # TTL 3, 1 locator, mask 32, A
        40 03 00 00 02 00 00 0a 00 00 00 64 00 01 0a 02 00 07  # [100] 10.2.0.7
        01 64 ff 00 00 01
        40 03 00 00 0b 00 00 3c 01 00 06 00 00 20
        0102030405060708090a0b0c0d0e0f10 1112131415161718191a1b1c1d1e1f20
        40 03 00 00 07 00 00 0e 00 00 ca 6c 00 01 cb 00 71 07 00 00 00 00
        00112233445566778899aabbccddeeff 00 00 00 00 00 00 00 07
        """;

    // Map-Notify-Ack of a withdrawal (TTL 0, no locators), algorithm 3 (HKDF per-message key).
    static final String MAP_NOTIFY_ACK_HKDF = """
        50 00 00 01                 # type 5 | 1 record
        77 66 55 44 33 22 11 00     # nonce of the notify being acknowledged
        00 03 00 10                 # key id 0, algorithm 3, 16 bytes
        5f95ff3ab7786970053ee52078c35d8e
        00 00 00 00                 # TTL 0: withdrawn
        00 20 10 00 00 00           # no locators, mask 32, ACT 0 + A, version 0
        40 03 00 00 02 00 00 0a 00 00 00 64 00 01 0a 02 00 07  # [100] 10.2.0.7
        """;

    // ECM as Open Overlay Router wraps every Map-Request: inner IPv4 + UDP, EIDs in LCAF type 2.
    static final String ECM_IPV4 = """
        80 00 00 00                 # type 8, S=0 D=0 E=0 M=0
        45 00 00 54                 # IPv4, IHL 5, TOS 0, total length 84
        00 00 00 00                 # identification 0, no fragmentation
        ff 11 36 e8                 # TTL 255, protocol 17 (UDP), header checksum
        c0 a8 01 0a                 # source 192.168.1.10: the requester, where the reply goes
        c0 00 02 fe                 # destination 192.0.2.254
        10 f6 10 f6                 # UDP 4342 -> 4342
        00 40 0b af                 # UDP length 64, checksum
        10 00 00 01                 # Map-Request, IRC 0, 1 record
        12 34 56 78 9a bc de f0     # nonce
        40 03 00 00 02 00 00 0a 00 00 00 64 00 01 0a 01 00 05  # source EID [100] 10.1.0.5
        00 01 c0 a8 01 0a           # ITR-RLOC 192.168.1.10
        00 20                       # record: mask 32
        40 03 00 00 02 00 00 0a 00 00 00 64 00 01 0a 02 00 07  # [100] 10.2.0.7
        """;

    // ECM over IPv6 with S and E set, from an ephemeral port.
    static final String ECM_IPV6 = """
        8a 00 00 00                 # type 8, S=1 D=0 E=1 M=0
        60 00 00 00                 # IPv6, traffic class 0, flow label 0
        00 3c 11 40                 # payload length 60, next header 17 (UDP), hop limit 64
        20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 0a  # source 2001:db8::a
        20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 fe  # destination 2001:db8::fe
        c3 50 10 f6                 # UDP 50000 -> 4342
        00 3c 93 7f                 # UDP length 60, checksum
        10 00 00 01                 # Map-Request, IRC 0, 1 record
        00 00 00 00 00 00 00 2b     # nonce
        00 00                       # source EID: AFI 0
        00 02 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 0a  # ITR-RLOC 2001:db8::a
        00 40                       # record: mask 64
        00 02 fd 00 00 00 00 00 00 02 00 00 00 00 00 00 00 00  # fd00:0:0:2::
        """;

    // LCAF type 1 (AFI list) as an ITR-RLOC; IPv6 EIDs.
    static final String MAP_REQUEST_AFI_LIST = """
        10 00 00 01                 # type 1 | IRC 0 | 1 record
        00 00 00 00 00 00 00 0c     # nonce
        00 02 fd 00 00 00 00 00 00 01 00 00 00 00 00 00 00 05  # source EID fd00:0:0:1::5
        40 03 00 00 01 00 00 18     # LCAF type 1 (AFI list), length 24
        00 01 c0 00 02 01           # 192.0.2.1
        00 02 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01  # 2001:db8::1
        00 80                       # record: mask 128
        00 02 fd 00 00 00 00 00 00 02 00 00 00 00 00 00 00 07  # fd00:0:0:2::7
        """;

    // An LCAF type the codec does not interpret (10, explicit locator path) is skipped by its Length and kept verbatim
    // (flags included); the next locator still decodes.
    static final String MAP_REPLY_UNKNOWN_LCAF = """
        20 00 00 01                 # type 2 | 1 record
        00 00 00 00 00 00 00 0d     # nonce
        00 00 05 a0 02 18 10 00 00 00                          # TTL 1440, 2 locators, mask 24, A
        00 01 0a 03 00 00           # EID 10.3.0.0
        01 64 ff 00 00 01           # locator 1: priority 1, weight 100, R=1
        40 03 00 80 0a 00 00 10     # LCAF, Rsvd1 0, flags 0x80, type 10, Rsvd2 0, length 16
        00 00 00 01 c0 00 02 01 00 00 00 01 c0 00 02 02        # body, opaque to this codec
        02 32 ff 00 00 01           # locator 2: priority 2, weight 50, R=1
        00 01 c0 00 02 09           # 192.0.2.9
        """;

    // LCAF type 11 with two keys and R=1 around an LCAF type 7 using every field (MS port and RLOC, two RTRs).
    static final String MAP_REPLY_FULL_LCAFS = """
        20 00 00 01                 # type 2 | 1 record
        00 00 00 00 00 00 00 0e     # nonce
        00 00 00 3c 01 20 10 00 00 00                          # TTL 60, 1 locator, mask 32, A
        00 01 0a 04 00 01           # EID 10.4.0.1
        ff 00 ff 00 00 00           # priority 255 (do not use), weight 0, no flags
        40 03 00 00 0b 00 00 44     # LCAF type 11, length 68
        02 00 06 01                 # 2 keys, algorithm 6, R=1 (revoked)
        00 04 de ad be ef           # key 1: 4 bytes
        00 02 ca fe                 # key 2: 2 bytes
        40 03 00 00 07 00 00 2e     # LCAF type 7, length 46
        10 f6 ca 6c                 # MS port 4342, ETR port 51820
        00 01 cb 00 71 09           # global ETR RLOC 203.0.113.9
        00 01 c0 00 02 fe           # MS RLOC 192.0.2.254
        00 01 c0 a8 01 0b           # private ETR RLOC 192.168.1.11
        00 01 c6 33 64 01           # RTR 198.51.100.1
        00 02 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 99  # RTR 2001:db8::99
        """;

    static Ipv4Address v4(final String text) {
        return Ipv4Address.parse(text);
    }

    static Ipv6Address v6(final String text) {
        return Ipv6Address.parse(text);
    }

    static EidPrefix iid100(final String address, final int maskLength) {
        return EidPrefix.of(100, IpAddress.parse(address), maskLength);
    }

    static MappingRecord wgcpRegisteredRecord() {
        return MappingRecord.builder(iid100("10.2.0.7", 32)).ttl(3)
            .addLocator(new WireGuardLocator(WG_KEY, v4("203.0.113.7"), 51820, null, 1, 100))
            .build();
    }

    static MapRequest ecmInnerRequest() {
        return MapRequest.builder(0x123456789abcdef0L, InstanceIdAddress.of(100, v4("10.1.0.5")))
            .addItrRloc(v4("192.168.1.10"))
            .addRecord(iid100("10.2.0.7", 32), false)
            .build();
    }

    /**
     * Decodes the vector, compares with the expected object, encodes the object and compares with the vector.
     */
    static LispMessage assertGolden(final String vector, final LispMessage expected) throws LispDecodingException {
        final byte[] wire = Hex.bytes(vector);
        final ByteBuf in = Unpooled.wrappedBuffer(wire);
        final LispMessage decoded = LispMessageDecoder.decode(in);
        assertEquals(expected, decoded);
        assertEquals(0, in.readerIndex());

        final ByteBuf out = Unpooled.buffer();
        assertEquals(wire.length, LispMessageEncoder.encode(expected, out));
        assertEquals(Hex.of(wire), Hex.of(out));
        assertEquals(wire.length, LispMessageEncoder.encodedLength(expected));
        return decoded;
    }

    @Test
    void acceptsTheIidMaskLengthOpenOverlayRouterWritesForIpv6() throws LispDecodingException {
        // Map-Request, hand-written: source and record EID in IID 100 with IID mask-len 128 (OOR writes the EID's
        // length there for IPv6), 2001:db8::5 and 2001:db8::7/128; ITR-RLOC 2001:db8::1.
        final byte[] wire = Hex.bytes("""
            10000001 0102030405060708
            4003 0000 0280 0016 00000064 0002 20010db8000000000000000000000005
            0002 20010db8000000000000000000000001
            00 80 4003 0000 0280 0016 00000064 0002 20010db8000000000000000000000007
            """);
        final var request = (MapRequest) LispMessageDecoder.decode(Unpooled.wrappedBuffer(wire));
        final var source = (InstanceIdAddress) request.sourceEid();
        assertEquals(100, source.instanceId());
        assertEquals(128, source.iidMaskLength());
        assertEquals(100, request.records().get(0).eid().instanceId());
        assertEquals(128, request.records().get(0).eid().maskLength());
        // Re-encoded as it was sent.
        final ByteBuf out = Unpooled.buffer();
        LispMessageEncoder.encode(request, out);
        assertEquals(Hex.of(wire), Hex.of(ByteBufUtil.getBytes(out)));
    }

    @Test
    void mapRequest() throws LispDecodingException {
        assertGolden(MAP_REQUEST, MapRequest.builder(0x0102030405060708L, v4("10.1.0.5"))
            .addItrRloc(v4("192.0.2.1"))
            .addRecord(EidPrefix.parse("10.2.0.7/32"), false)
            .build());
    }

    @Test
    void mapRequestSubscribe() throws LispDecodingException {
        final MapRequest request = (MapRequest) assertGolden(MAP_REQUEST_SUBSCRIBE,
            MapRequest.builder(0xdeadbeef0000002aL, InstanceIdAddress.of(100, v4("10.1.0.5")))
                .smrInvoked(true)
                .addItrRloc(v4("192.0.2.1"))
                .addItrRloc(v6("2001:db8::1"))
                .addRecord(iid100("10.2.0.0", 24), true)
                .xtrSiteId(XTR)
                .build());
        assertTrue(request.xtrSiteIdPresent());
        assertTrue(request.records().get(0).subscribe());
        assertEquals(100, request.records().get(0).eid().instanceId());
        assertEquals(v4("10.2.0.0"), request.records().get(0).eid().innerAddress());
    }

    @Test
    void mapRequestWithMapData() throws LispDecodingException {
        final MapRequest request = (MapRequest) assertGolden(MAP_REQUEST_WITH_MAP_DATA,
            MapRequest.builder(0x0102030405060708L, NoAddress.INSTANCE)
                .addItrRloc(v4("192.0.2.1"))
                .addRecord(EidPrefix.parse("10.2.0.7/32"), false)
                .mapReplyRecord(MappingRecord.builder(EidPrefix.parse("10.1.0.5/32"))
                    .addLocator(new Locator(1, 100, 255, 0, true, false, true, v4("192.0.2.1")))
                    .build())
                .build());
        assertTrue(request.mapDataPresent());
        assertFalse(request.xtrSiteIdPresent());
    }

    @Test
    void mapReplyWithWireGuardLocator() throws LispDecodingException {
        final WireGuardLocator wg = new WireGuardLocator(WG_KEY, v4("203.0.113.5"), 51820, v4("192.168.1.10"), 1,
            100);
        final MapReply reply = (MapReply) assertGolden(MAP_REPLY_WIREGUARD, MapReply.of(0xdeadbeef0000002aL,
            MappingRecord.builder(iid100("10.2.0.7", 32)).addLocator(wg).build()));
        assertEquals(wg, WireGuardLocator.fromLocator(reply.records().get(0).locators().get(0)).orElseThrow());
        assertEquals(new InetSocketAddress("203.0.113.5", 51820), wg.endpointSocketAddress());
    }

    @Test
    void negativeMapReply() throws LispDecodingException {
        assertGolden(MAP_REPLY_NEGATIVE, MapReply.of(0xdeadbeef0000002aL,
            MappingRecord.negative(iid100("10.2.0.0", 16), MapReplyAction.DROP_NO_REASON, 1)));
    }

    @Test
    void mapRegisterAsOpenOverlayRouterSendsIt() throws LispDecodingException {
        final MapRegister register = (MapRegister) assertGolden(MAP_REGISTER_OOR,
            MapRegister.builder(0xa1b2c3d4e5f60718L)
                .wantMapNotify(true)
                .authentication(0, 1, ImmutableBytes.fromHex("eecf5f110eb7276e3bcc0a5fe62074b588405718"))
                .addRecord(MappingRecord.builder(iid100("10.2.0.0", 24))
                    .addLocator(new Locator(1, 100, 255, 0, true, false, true, v4("203.0.113.5")))
                    .build())
                .build());
        // the legacy 16-bit key id 1 reads as key id 0 + HMAC-SHA-1
        assertEquals(0, register.keyId());
        assertEquals(LispAuthentication.HMAC_SHA1_96, register.algorithmId());
        final byte[] wire = Hex.bytes(MAP_REGISTER_OOR);
        assertTrue(LispAuthentication.verify(Unpooled.wrappedBuffer(wire), "password".getBytes(
            StandardCharsets.US_ASCII)));
        assertFalse(LispAuthentication.verify(Unpooled.wrappedBuffer(wire), "passw0rd".getBytes(
            StandardCharsets.US_ASCII)));
    }

    static EidPrefix oorEid(final String address, final int maskLength) {
        return new EidPrefix(new InstanceIdAddress(100, 32, IpAddress.parse(address)), maskLength);
    }

    @Test
    void mapRegisterWithTwoRecordsAsOpenOverlayRouterBuildsIt() throws LispDecodingException {
        final MapRegister register = (MapRegister) assertGolden(MAP_REGISTER_OOR_TWO_RECORDS,
            MapRegister.builder(0x0f1e2d3c4b5a6978L)
                .wantMapNotify(true)
                .authentication(0, 1, ImmutableBytes.fromHex("c199e3af4a8793349fc2aa1ecd5391d54708a205"))
                .addRecord(MappingRecord.builder(oorEid("10.2.0.0", 24))
                    .addLocator(new Locator(1, 100, 255, 0, true, false, true, v4("203.0.113.5")))
                    .build())
                .addRecord(MappingRecord.builder(oorEid("10.20.0.0", 16))
                    .addLocator(new Locator(2, 100, 255, 0, true, false, true, v4("198.51.100.5")))
                    .build())
                .build());
        assertEquals(0, register.keyId());
        assertEquals(LispAuthentication.HMAC_SHA1_96, register.algorithmId());
        assertEquals(20, register.authenticationData().length());
        assertEquals(100, register.records().get(1).eid().instanceId());
        assertEquals(v4("10.20.0.0"), register.records().get(1).eid().innerAddress());
        final byte[] wire = Hex.bytes(MAP_REGISTER_OOR_TWO_RECORDS);
        assertTrue(LispAuthentication.verify(Unpooled.wrappedBuffer(wire), "oor-site-key".getBytes(
            StandardCharsets.US_ASCII)));
        assertFalse(LispAuthentication.verify(Unpooled.wrappedBuffer(wire), "oor-site-kex".getBytes(
            StandardCharsets.US_ASCII)));
        assertFalse(LispAuthentication.verify(Unpooled.wrappedBuffer(wire), EDGE_SECRET));
    }

    @Test
    void encapsulatedMapRequestAsOpenOverlayRouterSendsIt() throws LispDecodingException {
        final EncapsulatedControlMessage expected = new EncapsulatedControlMessage(false, false, false, false,
            v4("10.1.0.5"), v4("10.2.0.7"), 61000, 4342, 64,
            MapRequest.builder(0x5a5a5a5a01020304L, new InstanceIdAddress(100, 32, v4("10.1.0.5")))
                .addItrRloc(v4("192.168.1.10"))
                .addRecord(oorEid("10.2.0.7", 32), false)
                .build());
        final EncapsulatedControlMessage ecm = (EncapsulatedControlMessage) LispMessageDecoder.decode(
            Unpooled.wrappedBuffer(Hex.bytes(ECM_IPV4_OOR)));
        assertEquals(expected, ecm);
        // the port of the answer is the inner UDP source port; OOR's inner source address is its EID, the address to
        // answer is the ITR-RLOC
        assertEquals(61000, ecm.replyAddress().getPort());
        assertEquals(List.of(v4("192.168.1.10")), ecm.mapRequest().itrRlocs());
        // re-encoding drops the identification and DF and recomputes the checksums; the rest is kept
        final ByteBuf out = Unpooled.buffer();
        LispMessageEncoder.encode(ecm, out);
        assertEquals(expected, LispMessageDecoder.decode(out));
    }

    @Test
    void mapRegisterOfAWgcpEdge() throws LispDecodingException {
        final MapRegister register = (MapRegister) assertGolden(MAP_REGISTER_WGCP, MapRegister.builder(0x1001)
            .wantMapNotify(true)
            .authentication(5, 2, ImmutableBytes.fromHex("dd4d1cfc8e5864abf0cba8ded0533b0d"))
            .addRecord(wgcpRegisteredRecord())
            .xtrSiteId(XTR)
            .build());
        assertTrue(LispAuthentication.verify(Unpooled.wrappedBuffer(Hex.bytes(MAP_REGISTER_WGCP)), EDGE_SECRET));

        // building it unsigned and signing the encoding in place gives the same bytes
        final MapRegister unsigned = MapRegister.builder(0x1001)
            .wantMapNotify(true)
            .authentication(5, LispAuthentication.HMAC_SHA256_128)
            .addRecord(wgcpRegisteredRecord())
            .xtrSiteId(XTR)
            .build();
        final ByteBuf out = Unpooled.buffer();
        LispAuthentication.encodeAndSign(unsigned, EDGE_SECRET, out);
        assertEquals(Hex.of(Hex.bytes(MAP_REGISTER_WGCP)), Hex.of(out));
        assertEquals(register, LispMessageDecoder.decode(out));
    }

    @Test
    void mapNotifyWithFullMac() throws LispDecodingException {
        final MapNotify expected = new MapNotify(false, 0x1001, 5, 2, ImmutableBytes.fromHex(
            "b1b71d09cb6247a820e4df4a8ab2f379cfb8d5a0744d8f88054866ae7e0485b1"), List.of(wgcpRegisteredRecord()), XTR);
        assertGolden(MAP_NOTIFY_FULL_MAC, expected);
        assertTrue(LispAuthentication.verify(Unpooled.wrappedBuffer(Hex.bytes(MAP_NOTIFY_FULL_MAC)), EDGE_SECRET));

        // the solicited answer to a register that used the full 32 bytes, signed in place, gives the same bytes
        final MapRegister register = MapRegister.builder(0x1001)
            .wantMapNotify(true)
            .authentication(5, LispAuthentication.HMAC_SHA256_128, 32)
            .addRecord(wgcpRegisteredRecord())
            .xtrSiteId(XTR)
            .build();
        final ByteBuf out = Unpooled.buffer();
        LispAuthentication.encodeAndSign(MapNotify.answering(register), EDGE_SECRET, out);
        assertEquals(Hex.of(Hex.bytes(MAP_NOTIFY_FULL_MAC)), Hex.of(out));
    }

    @Test
    void mapNotifyAckWithHkdfKey() throws LispDecodingException {
        assertGolden(MAP_NOTIFY_ACK_HKDF, new MapNotifyAck(false, 0x7766554433221100L, 0, 3,
            ImmutableBytes.fromHex("5f95ff3ab7786970053ee52078c35d8e"),
            List.of(new MappingRecord(0, MapReplyAction.NO_ACTION, true, 0, iid100("10.2.0.7", 32), List.of())), null));
        assertTrue(LispAuthentication.verify(Unpooled.wrappedBuffer(Hex.bytes(MAP_NOTIFY_ACK_HKDF)), EDGE_SECRET));
    }

    @Test
    void encapsulatedMapRequestOverIpv4() throws LispDecodingException {
        final EncapsulatedControlMessage ecm = (EncapsulatedControlMessage) assertGolden(ECM_IPV4,
            new EncapsulatedControlMessage(false, false, false, false, v4("192.168.1.10"), v4("192.0.2.254"), 4342,
                4342, 255, ecmInnerRequest()));
        assertEquals(new InetSocketAddress("192.168.1.10", 4342), ecm.replyAddress());
    }

    @Test
    void encapsulatedMapRequestWithIdentificationAndDontFragment() throws LispDecodingException {
        // Open Overlay Router numbers its inner packets and may set DF; neither matters to the decoder, and the
        // checksums are not verified (the encoder normalises all three).
        final byte[] wire = Hex.bytes(ECM_IPV4);
        wire[8] = 0x12;
        wire[9] = 0x34;
        wire[10] = 0x40;
        wire[14] = 0;
        wire[15] = 0;
        assertEquals(new EncapsulatedControlMessage(false, false, false, false, v4("192.168.1.10"),
            v4("192.0.2.254"), 4342, 4342, 255, ecmInnerRequest()),
            LispMessageDecoder.decode(Unpooled.wrappedBuffer(wire)));
    }

    @Test
    void encapsulatedMapRequestOverIpv6() throws LispDecodingException {
        final EncapsulatedControlMessage ecm = (EncapsulatedControlMessage) assertGolden(ECM_IPV6,
            new EncapsulatedControlMessage(true, false, true, false, v6("2001:db8::a"), v6("2001:db8::fe"), 50000,
                4342, 64, MapRequest.builder(0x2b, NoAddress.INSTANCE)
                    .addItrRloc(v6("2001:db8::a"))
                    .addRecord(EidPrefix.parse("fd00:0:0:2::/64"), false)
                    .build()));
        assertEquals(new InetSocketAddress("2001:db8::a", 50000), ecm.replyAddress());
    }

    @Test
    void afiListLcaf() throws LispDecodingException {
        assertGolden(MAP_REQUEST_AFI_LIST, MapRequest.builder(0x0c, v6("fd00:0:0:1::5"))
            .addItrRloc(AfiListAddress.of(v4("192.0.2.1"), v6("2001:db8::1")))
            .addRecord(EidPrefix.parse("fd00:0:0:2::7/128"), false)
            .build());
    }

    @Test
    void unknownLcafIsSkippedAndKeptVerbatim() throws LispDecodingException {
        assertGolden(MAP_REPLY_UNKNOWN_LCAF, MapReply.of(0x0d, MappingRecord.builder(EidPrefix.parse("10.3.0.0/24"))
            .addLocator(Locator.of(1, 100, new UnknownLcafAddress(10, 0, 0x80, 0,
                ImmutableBytes.fromHex("00000001c000020100000001c0000202"))))
            .addLocator(Locator.of(2, 50, v4("192.0.2.9")))
            .build()));
    }

    @Test
    void securityKeyAndNatTraversalLcafsWithEveryField() throws LispDecodingException {
        final MapReply reply = (MapReply) assertGolden(MAP_REPLY_FULL_LCAFS, MapReply.of(0x0e,
            MappingRecord.builder(EidPrefix.parse("10.4.0.1/32")).ttl(60)
                .addLocator(new Locator(255, 0, 255, 0, false, false, false, new SecurityKeyAddress(6, true,
                    List.of(ImmutableBytes.fromHex("deadbeef"), ImmutableBytes.fromHex("cafe")),
                    new NatTraversalAddress(4342, 51820, v4("203.0.113.9"), v4("192.0.2.254"), v4("192.168.1.11"),
                        List.of(v4("198.51.100.1"), v6("2001:db8::99"))))))
                .build()));
        // two keys and a revoked flag are not a WireGuard locator of the profile
        assertTrue(WireGuardLocator.fromLocator(reply.records().get(0).locators().get(0)).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty message                     | ''                                          | empty message",
        "unknown message type 6            | 60000000                                    | unsupported message type 6",
        "short header                      | 100000                                      | needs 1 bytes",
        "I bit without xTR-ID/Site-ID      | 10100001 0102030405060708 0000 0001c0000201 0020 00010a020007"
            + " | xTR-ID/Site-ID trailer is missing",
        "record count past the end         | 10000002 0102030405060708 0000 0001c0000201 0020 00010a020007"
            + " | EID record needs 1 bytes but 0 are left",
        "IPv4 address cut short            | 10000001 0102030405060708 0001 0a01      | source EID needs 4 bytes",
        "unknown AFI                       | 10000001 0102030405060708 0011 0a010005  | unsupported AFI 17",
        "IPv4 mask length 33               | 10000001 0102030405060708 0000 0001c0000201 0021 00010a020007"
            + " | EID mask-len 33 exceeds 32",
        "LCAF length past the message      | 10000001 0102030405060708 4003 0000 0200 0020 00000064 00010a010005"
            + " | runs past its enclosing structure",
        "LCAF length past its parent       | 10000001 0102030405060708 4003 0000 0200 0012 00000064"
            + " 4003 0000 0200 0010 00000001 0001 0a010005 0001c0000201 | runs past its enclosing structure",
        "address runs past its LCAF        | 10000001 0102030405060708 4003 0000 0200 0008 00000064 00010a01"
            + " 0005 | needs 4 bytes but 2 are left in the enclosing LCAF",
        "LCAF bytes left unused            | 10000001 0102030405060708 4003 0000 0200 000b 00000064 00010a010005"
            + " 00 | bytes its fields do not use",
        "IID mask-len 129                  | 10000001 0102030405060708 4003 0000 0281 000a 00000064 00010a010005"
            + " | IID mask-len 129 exceeds 128",
        "trailing garbage                  | 20000000 0102030405060708 00                | 1 trailing bytes",
        "authentication data past the end  | 30000000 0102030405060708 0002 0020 00     | authentication data needs 32",
        "ECM carrying a Map-Register       | 80000000 4500002c 00000000 ff110000 c0a8010a c00002fe 10f610f6 0018 0000"
            + " 30000000 0102030405060708 00000000 | only a Map-Request is supported",
        "ECM with a wrong UDP length       | 80000000 45000038 00000000 ff110000 c0a8010a c00002fe 10f610f6 0020 0000"
            + " 10000001 0102030405060708 0000 0001c0000201 0020 00010a020007 | inner UDP length 32",
        "ECM with a fragment               | 80000000 45000038 00002000 ff110000 c0a8010a c00002fe 10f610f6 0024 0000"
            + " 10000001 0102030405060708 0000 0001c0000201 0020 00010a020007 | fragmented",
        "ECM with inner IP version 5       | 80000000 50000000                           | inner IP version 5",
    })
    void malformedInputIsRejectedWithAReason(final String name, final String hex, final String reason) {
        final LispDecodingException ex = assertThrows(LispDecodingException.class,
            () -> LispMessageDecoder.decode(Unpooled.wrappedBuffer(Hex.bytes(hex))), name);
        assertTrue(ex.getMessage().contains(reason), () -> name + ": " + ex.getMessage());
    }
}
