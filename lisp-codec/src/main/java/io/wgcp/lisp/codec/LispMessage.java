/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package io.wgcp.lisp.codec;

/**
 * A LISP control message. Instances are immutable and compare by value; {@link LispMessageDecoder} produces them and
 * {@link LispMessageEncoder} writes them.
 */
public sealed interface LispMessage
        permits MapRequest, MapReply, AuthenticatedMessage, EncapsulatedControlMessage {
    /**
     * Returns the message type.
     *
     * @return the type
     */
    MessageType type();
}
