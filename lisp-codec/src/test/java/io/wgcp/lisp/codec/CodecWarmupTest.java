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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CodecWarmupTest {
    @Test
    void everyRoundGoesThroughEncodeSignVerifyAndDecode() {
        // Each round checks its own results (a message that does not verify or decode throws), and the sum depends
        // on every round: the same rounds give the same value, more rounds a larger one.
        final long twelve = CodecWarmup.run(12);
        assertEquals(twelve, CodecWarmup.run(12));
        assertTrue(CodecWarmup.run(24) > twelve);
    }

    @Test
    void theBackgroundWarmupIsADaemonThatEnds() throws InterruptedException {
        final Thread thread = CodecWarmup.start("codec-warmup-test", 50);
        assertTrue(thread.isDaemon());
        thread.join(Duration.ofSeconds(30).toMillis());
        assertFalse(thread.isAlive());
        // Once per class loader: a second start (a restarted control port) does not run it again.
        assertSame(thread, CodecWarmup.start("codec-warmup-again", 50));
    }
}
