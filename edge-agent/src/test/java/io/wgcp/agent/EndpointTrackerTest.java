/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wgcp.lisp.codec.XtrSiteId;
import io.wgcp.types.IpLiteral;
import io.wgcp.types.IpPrefix;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointTrackerTest {
    private final Recorder host = new Recorder();
    private final List<String> events = host.events;
    private final FakeLoop loop = new FakeLoop();
    private InetAddress current = IpLiteral.parse("198.18.0.1");
    private final Registration registration = new Registration(new Registration.Identity(0,
        List.of(IpPrefix.parse("203.0.113.1/32")), 10, Mappings.key(1), 51820, 0, 2, new XtrSiteId(1, 2, 0),
        Duration.ofSeconds(60)), host, loop, System::nanoTime);
    private final EndpointTracker tracker = new EndpointTracker(registration, new EndpointTracker.Host() {
        @Override
        public InetAddress currentAddress() {
            return current;
        }

        @Override
        public void execute(final Runnable check) {
            events.add("queued");
            check.run();
        }

        @Override
        public void underLock(final Runnable change) {
            change.run();
        }

        @Override
        public void resetSourceAddresses() {
            events.add("reset");
        }

        @Override
        public void count(final Counter counter) {
            host.count(counter);
        }
    });

    @Test
    void theFirstAddressRegistersAndAHandoverResetsThePeersFirst() {
        tracker.check();
        assertEquals(List.of("register"), events);
        tracker.check();
        assertEquals(List.of("register"), events, "the same address changes nothing");
        current = IpLiteral.parse("198.18.1.1");
        tracker.queueCheck();
        assertEquals(List.of("register", "queued", "reset", "register"), events);
        assertEquals(1L, host.counted(Counter.HANDOVERS));
        assertEquals(current, registration.endpointAddress());
    }

    @Test
    void noRouteKeepsTheLastAddress() {
        tracker.check();
        current = null;
        tracker.check();
        assertEquals(IpLiteral.parse("198.18.0.1"), registration.endpointAddress());
        assertEquals(List.of("register"), events);
    }
}
