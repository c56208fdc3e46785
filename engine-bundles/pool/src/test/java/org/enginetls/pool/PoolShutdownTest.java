package org.enginetls.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.enginetls.async.AsyncStatus;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.testing.PlainSignRequest;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.junit.After;
import org.junit.Test;

/**
 * Stopping the pool with work in it: within the drain time queued operations still run on the pool;
 * after it they fail with EngineUnavailableException, which the router takes to the next engine.
 * Either way the workers end.
 */
public class PoolShutdownTest {

    private static final long WAIT_SECONDS = GatedOperations.WAIT_SECONDS;

    private final GatedOperations gate = GatedOperations.closed();
    private PoolEngine pool;

    @After
    public void stopPool() {
        gate.open();
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    public void closeLetsQueuedWorkFinishOnThePoolWithinTheDrainTimeAndThenEndsItsThreads() throws Exception {
        pool = new PoolEngine(new PoolSettings(1, 1, 100, EnumSet.of(OperationKind.SIGN), TimeUnit.SECONDS.toMillis(WAIT_SECONDS)), gate);
        KeyPair key = KeyPairGenerator.getInstance("EC").generateKeyPair();
        CompletableFuture<byte[]> running = pool.sign(new PlainSignRequest("SHA256withECDSA", key.getPrivate(), "running".getBytes(StandardCharsets.UTF_8))).toCompletableFuture();
        assertTrue(gate.awaitEntered(1));
        CompletableFuture<byte[]> queued = pool.sign(new PlainSignRequest("SHA256withECDSA", key.getPrivate(), "queued".getBytes(StandardCharsets.UTF_8))).toCompletableFuture();
        assertEquals(1, pool.health().details().get("queue.depth"));

        Thread closer = Thread.ofPlatform().name("closer").start(pool::close);
        awaitStopped();
        CompletableFuture<byte[]> late = pool.sign(new PlainSignRequest("SHA256withECDSA", key.getPrivate(), "late".getBytes(StandardCharsets.UTF_8))).toCompletableFuture();
        assertTrue(late.isCompletedExceptionally());
        assertCause(EngineUnavailableException.class, late);
        assertTrue("close waits while the queue drains", closer.isAlive());

        gate.open();
        closer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

        assertFalse("close returned", closer.isAlive());
        assertTrue(verifies(key, "running", running.get(WAIT_SECONDS, TimeUnit.SECONDS)));
        assertTrue("the queued signature ran on the pool before it stopped",
                verifies(key, "queued", queued.get(WAIT_SECONDS, TimeUnit.SECONDS)));
        assertEquals(0, pool.pendingRequests());
        assertTrue(Threads.awaitNoneNamed(pool.threadNamePrefix()));
        assertFalse(pool.health().available());
    }

    @Test
    public void workStillInThePoolWhenTheDrainTimeEndsMovesToTheSoftwareEngineAndHandshakesComplete() throws Exception {
        pool = new PoolEngine(new PoolSettings(1, 1, 100, EnumSet.of(OperationKind.KEYGEN, OperationKind.AGREE,
                OperationKind.SIGN), 0), gate);
        PoolPeers provider = new PoolPeers(new ProviderSettings(true, true, ProviderSettings.DEFAULT_MAX_JOBS,
                RouterSettings.DEFAULTS), pool, false);
        SSLContext server = provider.peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256));
        SSLContext client = provider.peers.client("TLSv1.3");
        provider.register();
        AsyncFleet fleet = new AsyncFleet(client, server, 2, pool::pendingRequests);
        fleet.start(0);
        assertTrue("the worker holds connection 0's key generation", gate.awaitEntered(1));
        fleet.start(1);
        assertEquals("connection 1's key generation is queued", 1, pool.health().details().get("queue.depth"));
        assertEquals(AsyncStatus.OK, fleet.connection(1).clientStatus());

        // what deactivation does: out of the router, then stop; no drain time, the held worker is interrupted
        provider.close();

        fleet.completeAll();
        assertEquals("no operation left in the pool", 0, pool.pendingRequests());
        assertEquals("no job left", 0, provider.core.jobs().liveJobs());
        assertEquals("the pool completed nothing", 0, pool.completions());
        assertTrue("the worker ended: " + Threads.named(pool.threadNamePrefix()), Threads.awaitNoneNamed(pool.threadNamePrefix()));
    }

    private void awaitStopped() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (pool.health().available()) {
            if (System.nanoTime() > deadline) {
                fail("the pool did not start stopping");
            }
            Thread.onSpinWait();
        }
    }

    private static boolean verifies(KeyPair key, String text, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(key.getPublic());
        verifier.update(text.getBytes());
        return verifier.verify(signature);
    }

    private static void assertCause(Class<? extends Throwable> expected, CompletableFuture<?> future) throws Exception {
        try {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            fail("expected " + expected.getSimpleName());
        } catch (ExecutionException e) {
            assertTrue(String.valueOf(e.getCause()), expected.isInstance(e.getCause()));
        }
    }

}
