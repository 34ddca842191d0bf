/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.southbound;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The LISP southbound's settings, from {@code etc/io.wgcp.lisp.southbound.cfg} through the OSGi Configuration Admin.
 * A change restarts the server with the new values. Each method {@code a_b_c()} is the property {@code a.b.c}
 * (Declarative Services maps an underscore to a dot).
 */
@ObjectClassDefinition(id = LispSouthboundConfiguration.PID, name = "wgcp LISP southbound")
public @interface LispSouthboundConfiguration {
    /** The configuration PID. */
    String PID = "io.wgcp.lisp.southbound";

    /**
     * Returns where the server listens.
     *
     * @return an IPv4 or IPv6 address
     */
    @AttributeDefinition(name = "bind.address", description = "Address the LISP control port listens on. In "
        + "production the map server's address inside the control tunnel; :: or 0.0.0.0 for every address.")
    String bind_address() default "127.0.0.1";

    /**
     * Returns the UDP port.
     *
     * @return the port
     */
    @AttributeDefinition(name = "port", description = "UDP port of the LISP control plane (RFC 9301: 4342).",
        min = "1", max = "65535")
    int port() default 4342;

    /**
     * Returns how many sockets share the port.
     *
     * @return a count, 0 for one per core
     */
    @AttributeDefinition(name = "channels", description = "Sockets bound to the port with SO_REUSEPORT, each served "
        + "by its own event-loop thread; 0 means one per core. Without epoll there is always one.", min = "0")
    int channels() default 0;

    /**
     * Returns how long a Map-Reply waits for the destination's acknowledgement of the pushed mapping.
     *
     * @return milliseconds
     */
    @AttributeDefinition(name = "push.ack.wait.ms", description = "How long the Map-Reply to a requester waits for "
        + "the destination edge to acknowledge the requester's pushed mapping; 0 = it leaves at once, with the push. "
        + "0 suits wgcp agents: when the requester's WireGuard handshake reaches the destination before the push "
        + "(WireGuard drops an initiation from an unknown key and retries after 5 s), the destination's agent "
        + "notices that nothing came from the requester and initiates itself. For edges that do not, a wait lets "
        + "the destination learn the requester's key before the requester's handshake arrives; without an ack in "
        + "time the reply leaves anyway.",
        min = "0")
    int push_ack_wait_ms() default 0;

    /**
     * Returns the first retransmission interval of unsolicited Map-Notifies.
     *
     * @return milliseconds
     */
    @AttributeDefinition(name = "notify.retransmit.interval.ms", description = "Retransmission interval of an "
        + "unacknowledged Map-Notify (RFC 9301: 3 s). The first three retransmissions use it; later ones double it, "
        + "up to 60 s.", min = "10")
    int notify_retransmit_interval_ms() default 3000;

    /**
     * Returns how many times an unsolicited Map-Notify is sent again.
     *
     * @return a count
     */
    @AttributeDefinition(name = "notify.max.retransmits", description = "Retransmissions of an unacknowledged "
        + "Map-Notify before the map server gives up on it.", min = "0")
    int notify_max_retransmits() default 8;

    /**
     * Returns the registration lifetime.
     *
     * @return seconds
     */
    @AttributeDefinition(name = "registration.lifetime.s", description = "How long a registration lives without a "
        + "refresh, unless the Map-Register sets T and a record TTL (RFC 9301: 3 minutes).", min = "1")
    int registration_lifetime_s() default 180;

    /**
     * Returns the TTL of negative Map-Replies.
     *
     * @return minutes
     */
    @AttributeDefinition(name = "negative.ttl.minutes", description = "TTL of negative Map-Replies.", min = "0")
    int negative_ttl_minutes() default 1;

    /**
     * Returns the map server's control WireGuard interface.
     *
     * @return an interface name, empty for none
     */
    @AttributeDefinition(name = "control.interface", description = "The map server's control-tunnel WireGuard "
        + "interface, whose peers wgcp keeps equal to the provisioned edges (public key, allowed-ip = control "
        + "address). Empty: wgcp does not manage it.")
    String control_interface() default "";

    /**
     * Returns the WireGuard backend of the control interface.
     *
     * @return uapi, kernel or auto
     */
    @AttributeDefinition(name = "wireguard.backend", description = "How to configure the control interface: uapi "
        + "(the UAPI socket of wireguard-go or boringtun), kernel (the wg tool) or auto.")
    String wireguard_backend() default "auto";
}
