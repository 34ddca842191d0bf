/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of random valid messages covering every message type, every address kind (LCAFs nested up to the
 * decoder's limit), IPv4 and IPv6, and counts from 0 up to the field limits (rarely, to keep messages small).
 */
final class RandomMessages {
    private final SplittableRandom random;

    RandomMessages(final long seed) {
        random = new SplittableRandom(seed);
    }

    LispMessage message() {
        return switch (random.nextInt(6)) {
            case 0 -> mapRequest();
            case 1 -> mapReply();
            case 2 -> mapRegister();
            case 3 -> mapNotify();
            case 4 -> mapNotifyAck();
            default -> encapsulatedControlMessage();
        };
    }

    MapRequest mapRequest() {
        final MapRequest.Builder builder = MapRequest.builder(random.nextLong(), address(0))
            .authoritative(random.nextBoolean())
            .probe(random.nextBoolean())
            .smr(random.nextBoolean())
            .pitr(random.nextBoolean())
            .smrInvoked(random.nextBoolean())
            .reservedR(random.nextBoolean())
            .local(random.nextBoolean())
            .dontMapReply(random.nextBoolean());
        final int itrRlocs = chance(5) ? 32 : 1 + random.nextInt(3);
        for (int i = 0; i < itrRlocs; i++) {
            builder.addItrRloc(address(chance(80) ? 6 : 0));
        }
        final int records = count(3, 255);
        for (int i = 0; i < records; i++) {
            builder.addRecord(eidPrefix(chance(90) ? 6 : 0), random.nextBoolean());
        }
        if (chance(20)) {
            builder.mapReplyRecord(mappingRecord());
        }
        if (chance(40)) {
            builder.xtrSiteId(xtrSiteId());
        }
        return builder.build();
    }

    MapReply mapReply() {
        return new MapReply(random.nextBoolean(), random.nextBoolean(), random.nextBoolean(), random.nextLong(),
            mappingRecords());
    }

    MapRegister mapRegister() {
        return new MapRegister(random.nextBoolean(), random.nextBoolean(), random.nextBoolean(), random.nextBoolean(),
            random.nextBoolean(), random.nextBoolean(), random.nextBoolean(), random.nextLong(), random.nextInt(256),
            random.nextInt(256), bytes(40), mappingRecords(), chance(40) ? xtrSiteId() : null);
    }

    MapNotify mapNotify() {
        return new MapNotify(random.nextBoolean(), random.nextLong(), random.nextInt(256), random.nextInt(256),
            bytes(40), mappingRecords(), chance(40) ? xtrSiteId() : null);
    }

    MapNotifyAck mapNotifyAck() {
        return new MapNotifyAck(random.nextBoolean(), random.nextLong(), random.nextInt(256), random.nextInt(256),
            bytes(40), mappingRecords(), chance(40) ? xtrSiteId() : null);
    }

    EncapsulatedControlMessage encapsulatedControlMessage() {
        final boolean ipv4 = random.nextBoolean();
        return new EncapsulatedControlMessage(random.nextBoolean(), random.nextBoolean(), random.nextBoolean(),
            random.nextBoolean(), ipv4 ? ipv4() : ipv6(), ipv4 ? ipv4() : ipv6(), random.nextInt(65536),
            random.nextInt(65536), random.nextInt(256), mapRequest());
    }

    /**
     * An authenticated message whose algorithm and MAC length are acceptable, so that it can be signed.
     */
    AuthenticatedMessage signableMessage() {
        final int algorithm = 1 + random.nextInt(3);
        final int length = LispAuthentication.truncatedMacLength(algorithm) + random.nextInt(
            LispAuthentication.fullMacLength(algorithm) - LispAuthentication.truncatedMacLength(algorithm) + 1);
        final ImmutableBytes zeros = ImmutableBytes.zeros(length);
        final int keyId = random.nextInt(256);
        final XtrSiteId xtr = chance(40) ? xtrSiteId() : null;
        return switch (random.nextInt(3)) {
            case 0 -> new MapRegister(random.nextBoolean(), false, false, random.nextBoolean(), false, false, true,
                random.nextLong(), keyId, algorithm, zeros, mappingRecords(), xtr);
            case 1 -> new MapNotify(false, random.nextLong(), keyId, algorithm, zeros, mappingRecords(), xtr);
            default -> new MapNotifyAck(false, random.nextLong(), keyId, algorithm, zeros, mappingRecords(), xtr);
        };
    }

    List<MappingRecord> mappingRecords() {
        final int count = count(3, 40);
        final List<MappingRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(mappingRecord());
        }
        return records;
    }

    MappingRecord mappingRecord() {
        final int count = count(3, 255);
        final List<Locator> locators = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            locators.add(locator());
        }
        final long ttl = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 0xFFFF_FFFFL;
            default -> random.nextLong(0x1_0000_0000L);
        };
        return new MappingRecord(ttl, MapReplyAction.ofCode(random.nextInt(8)), random.nextBoolean(),
            random.nextInt(4096), eidPrefix(chance(90) ? 6 : 0), locators);
    }

    Locator locator() {
        if (chance(30)) {
            final WireGuardLocator wg = new WireGuardLocator(ImmutableBytes.of(randomBytes(32)), ip(),
                1 + random.nextInt(65535), random.nextBoolean() ? ip() : null, random.nextInt(256),
                random.nextInt(256));
            return wg.toLocator();
        }
        return new Locator(random.nextInt(256), random.nextInt(256), random.nextInt(256), random.nextInt(256),
            random.nextBoolean(), random.nextBoolean(), random.nextBoolean(), address(chance(70) ? 5 : 0));
    }

    EidPrefix eidPrefix(final int startDepth) {
        final LispAddress address = address(startDepth);
        return new EidPrefix(address, random.nextInt(EidPrefix.maxMaskLength(address) + 1));
    }

    /**
     * A random address; LCAFs only while {@code depth} is below the nesting limit. A higher start depth makes plain
     * addresses likelier, which keeps most messages small.
     */
    LispAddress address(final int depth) {
        final int pick = random.nextInt(depth >= LispMessageDecoder.MAX_LCAF_DEPTH ? 45 : depth >= 5 ? 60 : 100);
        if (pick < 25) {
            return ipv4();
        } else if (pick < 40) {
            return ipv6();
        } else if (pick < 45) {
            return NoAddress.INSTANCE;
        } else if (pick < 60) {
            return new InstanceIdAddress(random.nextLong(0x1_0000_0000L), random.nextInt(33), address(depth + 1));
        } else if (pick < 67) {
            final int count = count(2, 5);
            final List<LispAddress> members = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                members.add(address(depth + 1));
            }
            return new AfiListAddress(members);
        } else if (pick < 77) {
            final int count = count(1, 4);
            final List<LispAddress> rtrs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                rtrs.add(address(depth + 1));
            }
            return new NatTraversalAddress(random.nextInt(65536), random.nextInt(65536), address(depth + 1),
                address(depth + 1), address(depth + 1), rtrs);
        } else if (pick < 87) {
            final int count = count(1, 4);
            final List<ImmutableBytes> keys = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                keys.add(bytes(40));
            }
            return new SecurityKeyAddress(random.nextInt(256), random.nextBoolean(), keys, address(depth + 1));
        } else {
            int type;
            do {
                type = random.nextInt(256);
            } while (Afi.isKnownLcafType(type));
            return new UnknownLcafAddress(type, random.nextInt(256), random.nextInt(256), random.nextInt(256),
                bytes(24));
        }
    }

    IpAddress ip() {
        return random.nextBoolean() ? ipv4() : ipv6();
    }

    Ipv4Address ipv4() {
        return new Ipv4Address(random.nextInt());
    }

    Ipv6Address ipv6() {
        return new Ipv6Address(random.nextLong(), random.nextLong());
    }

    XtrSiteId xtrSiteId() {
        return new XtrSiteId(random.nextLong(), random.nextLong(), random.nextLong());
    }

    ImmutableBytes bytes(final int maxLength) {
        return ImmutableBytes.of(randomBytes(random.nextInt(maxLength + 1)));
    }

    byte[] randomBytes(final int length) {
        final byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        return out;
    }

    int nextInt(final int bound) {
        return random.nextInt(bound);
    }

    boolean chance(final int percent) {
        return random.nextInt(100) < percent;
    }

    /**
     * Mostly 0 to {@code usual}, sometimes up to {@code max} (the field limit).
     */
    private int count(final int usual, final int max) {
        if (chance(1)) {
            return random.nextInt(max + 1);
        }
        return random.nextInt(usual + 1);
    }
}
