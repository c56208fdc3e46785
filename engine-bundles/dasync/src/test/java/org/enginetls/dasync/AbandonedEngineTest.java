package org.enginetls.dasync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;

import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.testing.AsyncServerFixture;
import org.junit.Test;

/** An engine dropped by the application while its job waits does not leave the job behind. */
public class AbandonedEngineTest {

    @Test
    public void abandoningAPausedEngineCancelsItsJob() throws Exception {
        GatedEngine gate = new GatedEngine(0);
        AsyncServerFixture f = pausedWithoutCallback(gate);
        ProviderCore core = f.core;
        WeakReference<Object> engine = new WeakReference<>(f.server);
        f = null;
        assertEquals(1, core.jobs().liveJobs());

        // bounded: a paused job that kept its engine reachable would keep it forever
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((engine.get() != null || core.jobs().liveJobs() > 0) && System.nanoTime() < deadline) {
            System.gc();
            byte[][] pressure = new byte[64][];
            for (int i = 0; i < pressure.length; i++) {
                pressure[i] = new byte[1 << 16];
            }
        }

        assertNull("the paused job kept the abandoned engine reachable", engine.get());
        assertEquals("the cleaner cancelled the job", 0, core.jobs().liveJobs());
        assertTrue(gate.oldestCancelled());
    }

    /** Pauses a server engine on the gate, with no callback that would keep the engine reachable. */
    private static AsyncServerFixture pausedWithoutCallback(GatedEngine gate) throws Exception {
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);
        f.deliverClientHello();
        assertTrue(f.async.isWaitingForAsync());
        // the fixture's recording callback refers to the fixture, and so to the engine: an application
        // that keeps its engine reachable from its callback keeps it alive, by its own choice
        f.async.setAsyncCallback(null);
        return f;
    }
}
