/*
 * Copyright (c) 2026 wgcp authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * Workarounds for defects of the OpenDaylight release train wgcp runs on (Java 17 train: AAA 0.19.5, netconf 7.0.7),
 * each with the condition for removing it:
 * <ul>
 *   <li>{@link io.wgcp.mapserver.workaround.AaaStartupGuard}: AAA can lose its password or encryption service
 *       configuration at boot and RESTCONF then answers 401 to everything. Remove it once the train has an AAA with
 *       AAA-281 fixed (0.19.6 or later) and the same fix in {@code OSGiEncryptionServiceConfigurator}.</li>
 *   <li>{@link io.wgcp.mapserver.workaround.ValidationErrorFilter} with its
 *       {@code ErrorRewritingResponse}: RESTCONF reports a vetoed commit as {@code 500 operation-failed} with the
 *       reason only in {@code error-info}. Remove it once RESTCONF maps a commit cohort's
 *       {@code DataValidationFailedException} to a 4xx with the cohort's message (as the Netty RESTCONF server of
 *       the Java 21 trains does).</li>
 * </ul>
 */
package io.wgcp.mapserver.workaround;
