package org.enginetls.dasync.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.enginetls.dasync.DasyncEngine;
import org.enginetls.dasync.DasyncSettings;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;

/**
 * How an EngineTLS engine hands out the work that waits for a crypto engine. dasync takes every
 * asymmetric operation in each mode, completing it on its own thread after a latency.
 */
enum EngineMode {

    /** The default: {@code NEED_TASK} and JSSE delegated tasks. */
    DELEGATED_TASKS(true, false, Map.of("latency.ms", "1")) {
        @Override
        void assertWentThisWay(Endpoint ours) {
            assertTrue(ours.name + " handed out delegated tasks", ours.tasksRun > 0);
        }
    },

    /** {@code org.enginetls.provider.delegatedTasks=false}: the work runs inside wrap and unwrap. */
    INLINE(false, false, Map.of("latency.ms", "1")) {
        @Override
        void assertWentThisWay(Endpoint ours) {
            assertEquals(ours.name + " handed out no delegated task", 0, ours.tasksRun);
        }
    },

    /** Async mode: jobs pause on dasync, which is busy (EAGAIN) every third submission; the driver resumes early, then on the callback. */
    ASYNC(true, true, Map.of("latency.ms", "2", "eagain.every", "3")) {
        @Override
        void assertWentThisWay(Endpoint ours) {
            assertTrue(ours.name + " paused on the engine", ours.pauses > 0);
            assertTrue(ours.name + " was woken by its callback", ours.callbacks.get() > 0);
            assertEquals(ours.name + " handed out no delegated task", 0, ours.tasksRun);
        }
    };

    private final boolean delegatedTasks;
    final boolean asyncMode;
    private final Map<String, String> dasyncSettings;

    EngineMode(boolean delegatedTasks, boolean asyncMode, Map<String, String> dasyncSettings) {
        this.delegatedTasks = delegatedTasks;
        this.asyncMode = asyncMode;
        this.dasyncSettings = dasyncSettings;
    }

    /** Fails unless EngineTLS's side of a finished conversation went the way this mode promises. */
    abstract void assertWentThisWay(Endpoint ours);

    /** A provider of this mode with dasync above the software engine, and the dasync to close afterwards. */
    Provider start() {
        DasyncEngine dasync = new DasyncEngine(DasyncSettings.from(dasyncSettings));
        ProviderCore core = new ProviderCore(new ProviderSettings(true, delegatedTasks, ProviderSettings.DEFAULT_MAX_JOBS,
                RouterSettings.DEFAULTS));
        core.registry().add(dasync, dasync.ranking(), EngineOrigin.CLASS_PATH);
        return new Provider(new EngineTlsProvider(core), core, dasync);
    }

    record Provider(EngineTlsProvider provider, ProviderCore core, DasyncEngine dasync) implements AutoCloseable {
        @Override
        public void close() {
            dasync.close();
        }
    }
}
