/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * Test support: capture loopback UDP traffic with tshark and read how Wireshark's LISP dissector decoded it
 * ({@link io.wgcp.lisp.codec.tshark.TsharkCapture}, {@link io.wgcp.lisp.codec.tshark.TsharkFrame}). Published in the
 * codec's test-jar for integration tests that capture what a running map server sends.
 */
package io.wgcp.lisp.codec.tshark;
