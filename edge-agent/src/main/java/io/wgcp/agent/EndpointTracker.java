/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Follows the edge's own endpoint address (the source the kernel picks towards the map server, unless one is
 * configured): on a change it registers again at once and, on a handover, resets the sticky source addresses of the
 * WireGuard peers. Checked on every rtnetlink address notification and by a periodic poll.
 */
final class EndpointTracker {
    /** What endpoint tracking needs of the agent. */
    interface Host {
        /** The source address towards the map server's endpoint now; null while there is no route. */
        InetAddress currentAddress() throws IOException;

        /** Runs a check on the loop thread, without the state lock. */
        void execute(Runnable check);

        /** Runs a change under the state lock. */
        void underLock(Runnable change);

        /** After a handover: set the control and data peers' endpoints again. */
        void resetSourceAddresses() throws IOException;

        void count(Counter counter);
    }

    private static final Logger LOG = System.getLogger(EndpointTracker.class.getName());

    private final Registration registration;
    private final Host host;
    private final AtomicBoolean queued = new AtomicBoolean();

    EndpointTracker(final Registration registration, final Host host) {
        this.registration = registration;
        this.host = host;
    }

    /** From the address watch, on its thread: one check queued at a time however many notifications come. */
    void queueCheck() {
        if (queued.compareAndSet(false, true)) {
            host.execute(this::check);
        }
    }

    /**
     * Looks at the endpoint address (one netlink round trip) without the state lock, which the TUN and control
     * threads need for every new tunnel, and takes it only when the address changed.
     */
    void check() {
        queued.set(false);
        final InetAddress current;
        try {
            current = host.currentAddress();
        } catch (IOException e) {
            host.count(Counter.ERRORS);
            LOG.log(Level.WARNING, "Cannot look up the endpoint address: " + e.getMessage(), e);
            return;
        }
        if (current != null && !current.equals(registration.endpointAddress())) {
            host.underLock(() -> changed(current));
        }
    }

    /**
     * Under the state lock: a new address registers at once. On a handover the peers' source addresses are reset
     * first, so that the Map-Register already leaves from the new address.
     */
    void changed(final InetAddress current) {
        final var previous = registration.endpointAddress();
        if (current.equals(previous)) {
            return;
        }
        if (previous != null) {
            LOG.log(Level.INFO, "Endpoint address {0} -> {1}: registering at once", previous, current);
            host.count(Counter.HANDOVERS);
            try {
                host.resetSourceAddresses();
            } catch (IOException e) {
                host.count(Counter.ERRORS);
                LOG.log(Level.WARNING, "Could not reset the peers' endpoints after the handover", e);
            }
        }
        registration.endpointChanged(current);
    }
}
