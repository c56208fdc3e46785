package org.enginetls.provider.status;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.enginetls.async.AsyncStatus;
import org.enginetls.engine.EngineBusyException;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.status.RegistryRuntime;
import org.enginetls.provider.testing.AsyncServerFixture;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.SignFaultEngine;
import org.enginetls.runtime.EngineDTO;
import org.junit.Test;

/**
 * A "busy" answer to a job in async mode is in the engine's status as soon as it is given: the job
 * only sees it when the application resumes it, but the submission is over.
 */
public class BusyAnswerStatusTest {

    @Test
    public void busyAnswerToAPausedJobCountsAsEagainAndNotInFlightBeforeTheResume() throws Exception {
        SignFaultEngine busy = new SignFaultEngine("busy", CountingEngine.software(), 1,
                () -> new EngineBusyException("queue full"));
        AsyncServerFixture f = new AsyncServerFixture(busy, RouterSettings.DEFAULTS);

        f.deliverClientHello();

        assertEquals(AsyncStatus.EAGAIN, f.async.getAsyncStatus());
        EngineDTO paused = new RegistryRuntime(f.core.registry()).getEngine("busy").orElseThrow();
        assertEquals(1, paused.eagain);
        assertEquals(0, paused.inFlight);
        assertEquals(0, paused.failed);

        f.completeHandshake(() -> { });

        EngineDTO done = new RegistryRuntime(f.core.registry()).getEngine("busy").orElseThrow();
        assertEquals("counted once, not again when the job saw it", 1, done.eagain);
        assertEquals(0, done.inFlight);
        assertTrue(done.completed >= 1);
    }
}
