package org.enginetls.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.EnumSet;

import javax.net.ssl.SSLException;

import org.enginetls.async.AsyncStatus;
import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.testing.AsyncServerFixture;
import org.junit.After;
import org.junit.Test;

/**
 * A signature that throws inside a pool worker: the paused job is told ERR, the application's next
 * call throws an SSLException that names the pool and the fault, and the peer gets a fatal alert.
 */
public class WorkerFailureTest {

    private final GatedOperations faulty = GatedOperations.closedThenFailingSignatures();
    private final PoolEngine pool = new PoolEngine(new PoolSettings(1, 4, 100, EnumSet.of(OperationKind.SIGN), 0), faulty);

    @After
    public void stopPool() throws InterruptedException {
        faulty.open();
        pool.close();
        assertTrue(Threads.awaitNoneNamed(pool.threadNamePrefix()));
    }

    @Test
    public void signatureThatThrowsInAWorkerFailsTheHandshakeWithAClearExceptionAndAnAlert() throws Exception {
        AsyncServerFixture f = new AsyncServerFixture(pool, RouterSettings.DEFAULTS);
        f.deliverClientHello();
        assertTrue("the server's job waits for the pool", f.async.isWaitingForAsync());
        assertTrue("a worker holds the signature", faulty.awaitEntered(1));
        assertEquals(AsyncStatus.OK, f.async.getAsyncStatus());

        faulty.open();

        assertEquals(AsyncStatus.ERR, f.awaitNotification().status());
        try {
            f.wrapServer();
            fail("the call after ERR must throw");
        } catch (SSLException expected) {
            String causes = causes(expected);
            assertTrue(causes, causes.contains("pool engine's worker enginetls-pool-"));
            assertTrue(causes, causes.contains("injected fault: the signing device returned garbage"));
        }
        try {
            f.wrapServer();
            f.deliverServerOutputToClient();
            fail("the client must receive a fatal alert");
        } catch (SSLException expected) {
            assertTrue(causes(expected), causes(expected).toLowerCase().contains("alert"));
        }
        assertEquals(0, f.core.jobs().liveJobs());
        assertEquals(0, pool.pendingRequests());
        assertEquals(1L, pool.health().details().get("failed"));
        EngineRegistry registry = f.core.registry();
        assertEquals("the failure was counted where status reports it", 1, registry.find(PoolEngine.ID).statistics().failedCount());
        assertTrue(registry.find(PoolEngine.ID).statistics().lastError().contains("injected fault"));
    }

    private static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
