/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import io.wgcp.lisp.codec.MappingRecord;
import io.wgcp.mapserver.api.MappingEntry;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The wire record of recently answered mappings, so that answering the same destination again does not rebuild its
 * WireGuard locators. The mapping index hands out the same {@link MappingEntry} instance until the mapping changes,
 * so a slot is matched by identity: a changed mapping is a new instance and simply misses. Direct-mapped and
 * lock-free; a race between two writers of one slot costs one rebuild, never a wrong answer.
 */
final class RecordCache {
    private static final int SLOTS = 4096;

    private record Slot(MappingEntry entry, MappingRecord mappingRecord) {
    }

    private final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(SLOTS);

    /**
     * Returns the wire record of a mapping.
     *
     * @param entry the mapping
     * @return its record
     */
    MappingRecord recordOf(final MappingEntry entry) {
        final int index = System.identityHashCode(entry) & SLOTS - 1;
        final var slot = slots.get(index);
        if (slot != null && slot.entry == entry) {
            return slot.mappingRecord;
        }
        final var built = Conversions.recordOf(entry);
        slots.set(index, new Slot(entry, built));
        return built;
    }
}
