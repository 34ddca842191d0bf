/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.mapserver.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.wgcp.mapserver.api.LocatorEntry;
import io.wgcp.mapserver.api.MappingEntry;
import io.wgcp.mapserver.api.Resolution;
import io.wgcp.types.AddressFamily;
import io.wgcp.types.IpPrefix;
import io.wgcp.types.WireGuardKey;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.opendaylight.mdsal.binding.dom.adapter.test.AbstractDataBrokerTest;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.MappingOrigin;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.Mappings;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.mappings.Mapping;
import org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.mappings.MappingKey;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;

/**
 * Drives the real in-memory MD-SAL datastore with 100k random operations (writes and deletes of provisioned and
 * registered mappings, IPv4 and IPv6, three virtual networks, and lookups) and checks after every transaction that
 * the in-memory index answers exactly as a brute-force scan of a reference model does, and at the end that the
 * datastore, the index and the reference hold the same mappings.
 */
public class MappingStoreConsistencyTest extends AbstractDataBrokerTest {
    private static final long[] INSTANCES = { 0, 7, 16_777_215 };
    private static final int OPERATIONS = 100_000;
    private static final int LIVE_TARGET = 1_500;

    private record Key(long instanceId, IpPrefix prefix) {
    }

    private final Map<Key, MappingEntry> provisioned = new HashMap<>();
    private final Map<Key, MappingEntry> registered = new HashMap<>();
    private final List<Key> keys = new ArrayList<>();
    private MappingStore store;
    private Random random;
    private long seed;

    @Before
    public void startStore() {
        seed = Long.getLong("wgcp.test.seed", System.nanoTime());
        random = new Random(seed);
        store = new MappingStore(getDataBroker());
    }

    @After
    public void stopStore() {
        store.close();
    }

    @Test
    public void indexFollowsDatastoreUnderRandomOperations() throws Exception {
        int done = 0;
        while (done < OPERATIONS) {
            final var tx = getDataBroker().newWriteOnlyTransaction();
            // Each commit costs the test broker a fixed notification delay, so batches are up to 40 operations.
            final int batch = 1 + random.nextInt(40);
            final var pending = new ArrayList<Runnable>();
            // A transaction may span only one datastore: each batch goes to config or to operational.
            final boolean config = random.nextBoolean();
            for (int i = 0; i < batch; i++, done++) {
                final var target = config ? provisioned : registered;
                final var datastore = config ? LogicalDatastoreType.CONFIGURATION : LogicalDatastoreType.OPERATIONAL;
                final boolean insert = keys.isEmpty() || random.nextInt(2 * LIVE_TARGET) >= keys.size();
                final Key key = insert || random.nextInt(4) == 0 ? randomKey() : keys.get(random.nextInt(keys.size()));
                final var path = InstanceIdentifier.create(Mappings.class).child(Mapping.class,
                    new MappingKey(BindingConversions.bindingPrefixOf(key.prefix()),
                        new org.opendaylight.yang.gen.v1.urn.wgcp.params.xml.ns.yang.wgcp.rev261124.InstanceId(
                            org.opendaylight.yangtools.yang.common.Uint32.valueOf(key.instanceId()))));
                if (insert) {
                    final var entry = randomEntry(key, config ? MappingOrigin.Provisioned : MappingOrigin.Registered);
                    tx.put(datastore, path, BindingConversions.builderOf(entry).build());
                    pending.add(() -> {
                        target.put(key, entry);
                        keys.add(key);
                    });
                } else {
                    tx.delete(datastore, path);
                    pending.add(() -> target.remove(key));
                }
            }
            tx.commit().get();
            pending.forEach(Runnable::run);
            // Forget keys that neither datastore holds any more, so that 'keys' stays the live set.
            keys.removeIf(key -> !provisioned.containsKey(key) && !registered.containsKey(key));
            for (int i = 0; i <= batch / 2; i++, done++) {
                checkRandomLookup();
            }
        }

        // Whole-state comparison: index vs reference, datastore vs reference.
        final var expected = new HashMap<Key, MappingEntry>(registered);
        expected.putAll(provisioned);
        final var actual = new HashMap<Key, MappingEntry>();
        for (var entry : store.mappings(null)) {
            actual.put(new Key(entry.instanceId(), entry.eidPrefix()), entry);
        }
        assertEquals("index vs reference, seed " + seed, expected, actual);
        assertEquals(provisioned.size(), store.provisionedCount());
        assertEquals(registered.size(), store.registeredCount());
        for (var type : List.of(LogicalDatastoreType.CONFIGURATION, LogicalDatastoreType.OPERATIONAL)) {
            final var reference = type == LogicalDatastoreType.CONFIGURATION ? provisioned : registered;
            try (var read = getDataBroker().newReadOnlyTransaction()) {
                final var mappings = read.read(type, InstanceIdentifier.create(Mappings.class)).get();
                final int stored = mappings.map(m -> m.nonnullMapping().size()).orElse(0);
                assertEquals("datastore " + type + " vs reference, seed " + seed, reference.size(), stored);
                for (var mapping : mappings.map(m -> m.nonnullMapping().values()).orElse(List.of())) {
                    final var origin = type == LogicalDatastoreType.CONFIGURATION ? MappingOrigin.Provisioned
                        : MappingOrigin.Registered;
                    final var entry = BindingConversions.entryOf(mapping, origin);
                    assertEquals(reference.get(new Key(entry.instanceId(), entry.eidPrefix())), entry);
                }
            }
        }
    }

    @Test
    public void provisionedMappingWinsOverRegisteredOne() throws Exception {
        final var key = new Key(7, IpPrefix.parse("192.0.2.0/24"));
        final var registeredEntry = randomEntry(key, MappingOrigin.Registered);
        final var provisionedEntry = randomEntry(key, MappingOrigin.Provisioned);
        final var path = InstanceIdentifier.create(Mappings.class).child(Mapping.class,
            BindingConversions.builderOf(registeredEntry).build().key());
        var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, path, BindingConversions.builderOf(registeredEntry).build());
        tx.commit().get();
        assertEquals(registeredEntry, found(7, "192.0.2.9"));
        tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.CONFIGURATION, path, BindingConversions.builderOf(provisionedEntry).build());
        tx.commit().get();
        assertEquals(provisionedEntry, found(7, "192.0.2.9"));
        tx = getDataBroker().newWriteOnlyTransaction();
        tx.delete(LogicalDatastoreType.CONFIGURATION, path);
        tx.commit().get();
        assertEquals(registeredEntry, found(7, "192.0.2.9"));
        tx = getDataBroker().newWriteOnlyTransaction();
        tx.delete(LogicalDatastoreType.OPERATIONAL, path);
        tx.commit().get();
        assertTrue(store.resolve(7, InetAddress.getByName("192.0.2.9")) instanceof Resolution.Negative);
        assertNull(store.exact(7, key.prefix()));
    }

    @Test
    public void existingDataIsIndexedAtStart() throws Exception {
        final var key = new Key(0, IpPrefix.parse("2001:db8:1::/48"));
        final var entry = randomEntry(key, MappingOrigin.Provisioned);
        final var tx = getDataBroker().newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.CONFIGURATION, InstanceIdentifier.create(Mappings.class).child(Mapping.class,
            BindingConversions.builderOf(entry).build().key()), BindingConversions.builderOf(entry).build());
        tx.commit().get();
        try (var restarted = new MappingStore(getDataBroker())) {
            assertEquals(entry, restarted.exact(0, key.prefix()));
            assertNotNull(restarted.resolve(0, InetAddress.getByName("2001:db8:1:2::3")));
        }
    }

    private MappingEntry found(final long instanceId, final String address) throws UnknownHostException {
        final var resolution = store.resolve(instanceId, InetAddress.getByName(address));
        assertTrue("expected a hit for " + address + ": " + resolution, resolution instanceof Resolution.Found);
        return ((Resolution.Found) resolution).mapping();
    }

    private void checkRandomLookup() throws UnknownHostException {
        final long instanceId = INSTANCES[random.nextInt(INSTANCES.length)];
        final var family = random.nextBoolean() ? AddressFamily.IPV4 : AddressFamily.IPV6;
        // Half the lookups aim inside a live prefix, so that hits and nested matches are exercised.
        final byte[] address;
        if (!keys.isEmpty() && random.nextBoolean()) {
            final var near = keys.get(random.nextInt(keys.size()));
            address = near.prefix().addressBytes();
            final var bits = near.prefix().family().width() - near.prefix().length();
            for (int bit = 0; bit < bits; bit++) {
                if (random.nextBoolean()) {
                    final int index = address.length * 8 - 1 - bit;
                    address[index / 8] ^= (byte) (0x80 >>> (index % 8));
                }
            }
            checkLookup(near.instanceId(), address);
        } else {
            address = randomAddress(family);
            checkLookup(instanceId, address);
        }
    }

    private void checkLookup(final long instanceId, final byte[] address) throws UnknownHostException {
        final var host = IpPrefix.host(address);
        MappingEntry best = null;
        int widestEmpty = 0;
        for (var source : List.of(provisioned, registered)) {
            for (var entry : source.entrySet()) {
                final var prefix = entry.getKey().prefix();
                if (entry.getKey().instanceId() != instanceId || prefix.family() != host.family()
                        || source == registered && provisioned.containsKey(entry.getKey())) {
                    continue;
                }
                if (prefix.contains(host)) {
                    if (best == null || prefix.length() > best.eidPrefix().length()) {
                        best = entry.getValue();
                    }
                } else {
                    // addr/L holds this prefix for every L up to min(length, common prefix length).
                    widestEmpty = Math.max(widestEmpty, Math.min(prefix.length(), commonPrefix(prefix, host)) + 1);
                }
            }
        }
        final var resolution = store.resolve(instanceId, InetAddress.getByAddress(address));
        if (best != null) {
            assertTrue("seed " + seed + ": expected hit " + best.eidPrefix() + " for " + host,
                resolution instanceof Resolution.Found);
            assertEquals("seed " + seed, best, ((Resolution.Found) resolution).mapping());
        } else {
            assertTrue("seed " + seed + ": expected a miss for " + host + ", got " + resolution,
                resolution instanceof Resolution.Negative);
            final var negative = (Resolution.Negative) resolution;
            assertEquals("seed " + seed + ": negative prefix for " + host,
                IpPrefix.ofMasked(address, widestEmpty), negative.coveringPrefix());
        }
    }

    private static int commonPrefix(final IpPrefix prefix, final IpPrefix host) {
        final byte[] a = prefix.addressBytes();
        final byte[] b = host.addressBytes();
        for (int bit = 0; bit < a.length * 8; bit++) {
            final int mask = 0x80 >>> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) {
                return bit;
            }
        }
        return a.length * 8;
    }

    private Key randomKey() {
        final long instanceId = INSTANCES[random.nextInt(INSTANCES.length)];
        final var family = random.nextBoolean() ? AddressFamily.IPV4 : AddressFamily.IPV6;
        // Short, clustered addresses make nested and neighbouring prefixes common.
        final byte[] address = randomAddress(family);
        final int length = family == AddressFamily.IPV4 ? 8 + random.nextInt(25) : 16 + random.nextInt(113);
        return new Key(instanceId, IpPrefix.ofMasked(address, length));
    }

    private byte[] randomAddress(final AddressFamily family) {
        final byte[] address = new byte[family == AddressFamily.IPV4 ? 4 : 16];
        random.nextBytes(address);
        // Keep the first bytes in a small set so prefixes collide and nest.
        address[0] = (byte) (family == AddressFamily.IPV4 ? 198 : 0x20);
        address[1] = (byte) (random.nextInt(4));
        return address;
    }

    private MappingEntry randomEntry(final Key key, final MappingOrigin origin) {
        final byte[] raw = new byte[WireGuardKey.LENGTH];
        random.nextBytes(raw);
        final byte[] endpoint = { (byte) 198, 18, (byte) random.nextInt(256), (byte) random.nextInt(256) };
        try {
            final var locator = new LocatorEntry(InetAddress.getByAddress(endpoint), 51_820 + random.nextInt(100),
                1 + random.nextInt(3), 100, null);
            return new MappingEntry(key.instanceId(), key.prefix(), WireGuardKey.of(raw), List.of(locator),
                1 + random.nextInt(1440), origin, random.nextBoolean() ? "edge-" + random.nextInt(50) : null,
                null, null);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
