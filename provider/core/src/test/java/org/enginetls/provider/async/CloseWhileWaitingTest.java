package org.enginetls.provider.async;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.enginetls.engine.SignRequest;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineStatistics;
import org.enginetls.provider.testing.AsyncServerFixture;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.DelegatingEngine;
import org.enginetls.provider.testing.HeldSignEngine;
import org.junit.Test;

/** Contract point 8 at its edges: closing an engine whose job waits, whatever its crypto engine does meanwhile. */
public class CloseWhileWaitingTest {

    /**
     * The engine completes on its thread and the callback is running when the application closes: close
     * returns only after that callback, and no callback starts after close has returned.
     */
    @Test
    public void closeReturnsOnlyAfterARunningCallbackAndNoneStartsAfterIt() throws Exception {
        HeldSignEngine held = new HeldSignEngine("held", CountingEngine.software());
        AsyncServerFixture f = new AsyncServerFixture(held, RouterSettings.DEFAULTS);
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch callbackMayEnd = new CountDownLatch(1);
        AtomicBoolean closeReturned = new AtomicBoolean();
        AtomicInteger callbacksAfterClose = new AtomicInteger();
        f.async.setAsyncCallback((engine, arg) -> {
            if (closeReturned.get()) {
                callbacksAfterClose.incrementAndGet();
            }
            inCallback.countDown();
            await(callbackMayEnd);
            if (closeReturned.get()) {
                callbacksAfterClose.incrementAndGet();
            }
            return true;
        });
        f.deliverClientHello();
        assertTrue(f.async.isWaitingForAsync());
        assertTrue(held.awaitHeld(1));

        Thread engineThread = Thread.ofPlatform().start(held::releaseAll);
        assertTrue("the completion invoked no callback", inCallback.await(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS));
        Thread closer = Thread.ofPlatform().start(() -> {
            f.server.closeOutbound();
            closeReturned.set(true);
        });
        assertTrue("close neither returned nor waited for the callback", closeWaitsOrReturns(closer));
        callbackMayEnd.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(AsyncServerFixture.WAIT_SECONDS));
        engineThread.join(TimeUnit.SECONDS.toMillis(AsyncServerFixture.WAIT_SECONDS));

        assertTrue(closeReturned.get());
        assertEquals("callback ran after close returned", 0, callbacksAfterClose.get());
        assertFalse(f.async.isWaitingForAsync());
        assertEquals(0, f.core.jobs().liveJobs());
    }

    /**
     * Waits until {@code closer} has either returned from close (the defect: it did not wait for the
     * callback) or is waiting for the running callback to end (inside the awaited operation's cancel).
     */
    private static boolean closeWaitsOrReturns(Thread closer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AsyncServerFixture.WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            Thread.State state = closer.getState();
            if (state == Thread.State.TERMINATED) {
                return true;
            }
            if (state == Thread.State.WAITING && Arrays.stream(closer.getStackTrace()).anyMatch(
                    frame -> frame.getClassName().endsWith("AwaitedOperation") && frame.getMethodName().equals("cancel"))) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /** A callback may close its own engine: close does not wait for the callback it is called from. */
    @Test
    public void callbackThatClosesItsOwnEngineReturns() throws Exception {
        HeldSignEngine held = new HeldSignEngine("held", CountingEngine.software());
        AsyncServerFixture f = new AsyncServerFixture(held, RouterSettings.DEFAULTS);
        CountDownLatch closed = new CountDownLatch(1);
        f.async.setAsyncCallback((engine, arg) -> {
            engine.closeOutbound();
            closed.countDown();
            return true;
        });
        f.deliverClientHello();
        assertTrue(held.awaitHeld(1));

        Thread engineThread = Thread.ofPlatform().start(held::releaseAll);

        assertTrue("the callback's close did not return", closed.await(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS));
        engineThread.join(TimeUnit.SECONDS.toMillis(AsyncServerFixture.WAIT_SECONDS));
        assertFalse(f.async.isWaitingForAsync());
        assertEquals(0, f.core.jobs().liveJobs());
    }

    @Test
    public void closingIsNotCountedAsAFailureOfTheCryptoEngine() throws Exception {
        HeldSignEngine held = new HeldSignEngine("held", CountingEngine.software());
        AsyncServerFixture f = new AsyncServerFixture(held, RouterSettings.DEFAULTS);
        f.deliverClientHello();
        assertTrue(f.async.isWaitingForAsync());

        f.server.closeOutbound();

        EngineStatistics statistics = f.core.registry().find("held").statistics();
        assertEquals(1, statistics.submittedCount());
        assertEquals("the engine did nothing wrong", 0, statistics.failedCount());
        assertNull(statistics.lastError());
        assertEquals(0, statistics.inFlight());
        assertTrue("the engine was told to drop the work", held.held().get(0).stage().isCancelled());
        assertEquals(0, f.core.jobs().liveJobs());
    }

    /**
     * An engine that blocks inside its submit call: the operation timeout still ends the handshake, close
     * returns while the engine is still blocked, and the thread that called the engine ends when it returns.
     */
    @Test
    public void engineBlockedInsideSubmitIsTimedOutAndCloseReturnsWhileItIsStillBlocked() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread[] submitThread = new Thread[1];
        DelegatingEngine blocking = new DelegatingEngine("blocking", CountingEngine.software()) {
            @Override
            public CompletionStage<byte[]> sign(SignRequest request) {
                submitThread[0] = Thread.currentThread();
                entered.countDown();
                await(release);
                return super.sign(request);
            }
        };
        AsyncServerFixture f = new AsyncServerFixture(blocking, RouterSettings.DEFAULTS.withOperationTimeoutMillis(200));
        CompletableFuture<Void> clientHello = CompletableFuture.runAsync(() -> {
            try {
                f.deliverClientHello();
                f.wrapServer();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(entered.await(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS));

        CompletableFuture<Void> close = CompletableFuture.runAsync(f.server::closeOutbound);
        close.get(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS);
        try {
            clientHello.get(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // the handshake failed on the timeout: what matters here is that it ended
        }
        assertEquals("the engine is still inside submit", 1, release.getCount());
        assertEquals(0, f.core.jobs().liveJobs());
        EngineStatistics statistics = f.core.registry().find("blocking").statistics();
        assertEquals(0, statistics.inFlight());

        release.countDown();
        submitThread[0].join(TimeUnit.SECONDS.toMillis(AsyncServerFixture.WAIT_SECONDS));
        assertFalse("the thread that called the engine outlived its return", submitThread[0].isAlive());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
