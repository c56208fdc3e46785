package org.enginetls.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.enginetls.async.AsyncStatus;
import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.runtime.EngineDTO;
import org.junit.After;
import org.junit.Test;

/**
 * A pool of one worker with room for one queued operation, and eight async handshakes at once: the
 * worker is held at a gate while the handshakes start, so exactly one operation runs, one waits in
 * the queue and the other six submissions are answered EAGAIN. Then the gate opens and the event
 * loop retries the busy ones as operations complete, until every handshake is done on the pool.
 */
public class EagainPressureTest {

    private static final int CONNECTIONS = 8;

    private final GatedOperations gate = GatedOperations.closed();
    private final PoolEngine pool = new PoolEngine(new PoolSettings(1, 1, 100,
            EnumSet.of(OperationKind.SIGN, OperationKind.VERIFY, OperationKind.AGREE, OperationKind.KEYGEN), 2_000), gate);
    private final ProviderSettings settings = new ProviderSettings(true, true, ProviderSettings.DEFAULT_MAX_JOBS,
            RouterSettings.DEFAULTS);
    private PoolPeers provider;

    @After
    public void stopPool() {
        gate.open();
        if (provider != null) {
            provider.close();
        }
        pool.close();
    }

    @Test
    public void fullQueueAnswersEagainAndEveryHandshakeCompletesOnThePoolThroughRetries() throws Exception {
        provider = new PoolPeers(settings, pool, false);
        SSLContext server = provider.peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256));
        SSLContext client = provider.peers.client("TLSv1.3");
        provider.register();
        AsyncFleet fleet = new AsyncFleet(client, server, CONNECTIONS, pool::pendingRequests);

        fleet.start(0);
        assertTrue("the worker took the first key generation", gate.awaitEntered(1));
        fleet.start(1);
        for (int i = 2; i < CONNECTIONS; i++) {
            fleet.start(i);
            assertEquals("connection " + i + " was told to retry", AsyncStatus.EAGAIN, fleet.connection(i).clientStatus());
        }

        Map<String, Object> held = pool.health().details();
        assertEquals(1, held.get("workers.active"));
        assertEquals(1, held.get("queue.depth"));
        assertEquals(1, held.get("queue.capacity"));
        assertEquals(1, held.get("threads"));
        assertEquals((long) CONNECTIONS - 2, held.get("rejected"));
        EngineDTO status = provider.status();
        assertEquals("the router counted the same EAGAIN answers", CONNECTIONS - 2, status.eagain);
        assertEquals("in flight: the running and the queued key generation", 2, status.inFlight);
        assertEquals("the status DTO carries the pool's figures", held.get("queue.depth"), status.properties.get("queue.depth"));
        assertEquals(held.get("rejected"), status.properties.get("rejected"));
        assertEquals(AsyncStatus.OK, fleet.connection(0).clientStatus());
        assertEquals(AsyncStatus.OK, fleet.connection(1).clientStatus());

        gate.open();
        fleet.completeAll();

        Map<String, Object> after = pool.health().details();
        System.out.println("after " + CONNECTIONS + " handshakes on 1 worker + 1 queue slot: " + after
                + "; EAGAIN wakes handled by the loop " + fleet.eagainWakes);
        assertTrue("more busy answers while the loop retried: " + after, (long) after.get("rejected") >= CONNECTIONS - 2);
        assertEquals(0, after.get("queue.depth"));
        assertEquals(0, after.get("workers.active"));
        assertTrue("the event loop retried after EAGAIN callbacks", fleet.eagainWakes >= CONNECTIONS - 2);
        // key shares and agreement on both sides, the server's signature, the client's verification
        assertTrue("the pool did every handshake's asymmetric work: " + pool.completions(),
                pool.completions() >= 6L * CONNECTIONS);
        EngineDTO done = provider.status();
        assertEquals("the router counted every busy answer", ((Long) after.get("rejected")).longValue(), done.eagain);
        assertEquals(0, done.inFlight);
        assertEquals("nothing moved to the software engine", 0, done.failovers);
        assertEquals(0, done.failed);
        assertEquals("no job left", 0, provider.core.jobs().liveJobs());
        assertEquals("no operation left in the pool", 0, pool.pendingRequests());

        provider.close();
        assertTrue("the worker thread ended: " + Threads.named(pool.threadNamePrefix()),
                Threads.awaitNoneNamed(pool.threadNamePrefix()));
        assertEquals(0, pool.threadsAlive());
    }
}
