package org.enginetls.provider.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.enginetls.async.AsyncStatus;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.async.AsyncJob;
import org.enginetls.provider.impl.async.JobListener;
import org.enginetls.provider.impl.crypto.OperationTimeoutException;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.EngineStatistics;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.DelegatingEngine;
import org.enginetls.provider.testing.PlainSignRequest;
import org.junit.Test;

/**
 * What an engine's answer means to the application, decided once per awaited operation: the wake,
 * the status, the timeout and the statistics, exactly once and never after a cancellation.
 */
public class AwaitedOperationTest {

    private static final String ALGORITHM = "SHA256withECDSA";
    private static final byte[] DATA = {1, 2, 3};

    /** Records what the application hears, in order. */
    private static final class Application implements JobListener {
        final List<AsyncStatus> statuses = new CopyOnWriteArrayList<>();
        final AtomicInteger wakes = new AtomicInteger();
        final Semaphore woken = new Semaphore(0);
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicInteger wakesAfterClose = new AtomicInteger();

        @Override
        public void setStatus(AsyncStatus status) {
            statuses.add(status);
        }

        @Override
        public void wake() {
            if (closed.get()) {
                wakesAfterClose.incrementAndGet();
            }
            wakes.incrementAndGet();
            woken.release();
        }

        boolean awaitWake() throws InterruptedException {
            return woken.tryAcquire(10, TimeUnit.SECONDS);
        }
    }

    /** Signs only when the test completes the stage it returned. */
    private static final class PendingSignEngine extends DelegatingEngine {
        final List<CompletableFuture<byte[]>> stages = new CopyOnWriteArrayList<>();

        PendingSignEngine() throws Exception {
            super("pending", CountingEngine.software());
        }

        @Override
        public CompletionStage<byte[]> sign(SignRequest request) {
            CompletableFuture<byte[]> stage = new CompletableFuture<>();
            stages.add(stage);
            return stage;
        }

        CompletableFuture<byte[]> last() {
            return stages.get(stages.size() - 1);
        }
    }

    private final KeyPair keys = ecKeys();

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ProviderCore coreWith(DelegatingEngine engine, RouterSettings router) {
        ProviderCore core = new ProviderCore(new ProviderSettings(false, router));
        core.registry().add(engine, 100, EngineOrigin.CLASS_PATH);
        return core;
    }

    private byte[] sign(ProviderCore core) throws Exception {
        return core.router().submit(OperationKind.SIGN, ALGORITHM, keys.getPrivate(),
                (engine, wait) -> engine.sign(new PlainSignRequest(ALGORITHM, keys.getPrivate(), DATA, wait)));
    }

    @Test
    public void operationTimeoutWakesTheApplicationExactlyOnceWithErr() throws Exception {
        PendingSignEngine engine = new PendingSignEngine();
        ProviderCore core = coreWith(engine, RouterSettings.DEFAULTS.withOperationTimeoutMillis(100));
        Application application = new Application();
        AsyncJob<byte[]> job = AsyncJob.start(core.jobs(), application, () -> sign(core));
        assertTrue(job.isPaused());

        assertTrue("the timeout woke nobody", application.awaitWake());
        assertTrue(job.resume());

        try {
            job.result();
            fail("the job saw no timeout");
        } catch (OperationTimeoutException expected) {
            // as configured
        }
        assertTrue("the engine's stage was cancelled", engine.last().isCancelled());
        assertEquals("paused, then failed; nothing else", List.of(AsyncStatus.OK, AsyncStatus.ERR), application.statuses);
        assertEquals("one operation, one wake", 1, application.wakes.get());
        EngineStatistics statistics = core.registry().find("pending").statistics();
        assertEquals(1, statistics.failedCount());
        assertEquals(0, statistics.inFlight());
        assertEquals(0, core.jobs().liveJobs());
    }

    /** Contract point 7, at the job level: the engine completes on its thread just as the job is cancelled. */
    @Test
    public void completionRacingCancelNeverWakesTheApplicationAfterCancelReturned() throws Exception {
        PendingSignEngine engine = new PendingSignEngine();
        ProviderCore core = coreWith(engine, RouterSettings.DEFAULTS);
        Application application = new Application();
        byte[] signature = {9};
        for (int attempt = 0; attempt < 2_000; attempt++) {
            application.closed.set(false);
            AsyncJob<byte[]> job = AsyncJob.start(core.jobs(), application, () -> sign(core));
            assertTrue(job.isPaused());
            CompletableFuture<byte[]> stage = engine.last();
            CyclicBarrier go = new CyclicBarrier(2);
            Thread engineThread = Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                stage.complete(signature);
            });
            awaitQuietly(go);
            job.cancel();
            application.closed.set(true);
            engineThread.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertEquals("callbacks after cancel returned", 0, application.wakesAfterClose.get());
        assertEquals(0, core.jobs().liveJobs());
        EngineStatistics statistics = core.registry().find("pending").statistics();
        assertEquals(0, statistics.inFlight());
        assertEquals("a cancellation is nobody's failure", 0, statistics.failedCount());
    }

    /** An engine that never returns from submit is timed out all the same, and its thread ends when it returns. */
    @Test
    public void engineBlockedInsideSubmitIsTimedOutAndLeavesNoThreadWhenItReturns() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> submitThread = new AtomicReference<>();
        AtomicReference<CompletableFuture<byte[]>> returned = new AtomicReference<>();
        DelegatingEngine blocking = new DelegatingEngine("blocking", CountingEngine.software()) {
            @Override
            public CompletionStage<byte[]> sign(SignRequest request) {
                submitThread.set(Thread.currentThread());
                entered.countDown();
                awaitQuietly(release);
                CompletableFuture<byte[]> stage = new CompletableFuture<>();
                returned.set(stage);
                return stage;
            }
        };
        ProviderCore core = coreWith(blocking, RouterSettings.DEFAULTS.withOperationTimeoutMillis(100));
        CompletableFuture<byte[]> caller = CompletableFuture.supplyAsync(() -> {
            try {
                return sign(core);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });

        try {
            caller.get(10, TimeUnit.SECONDS);
            fail("an engine blocked in submit produced a signature");
        } catch (ExecutionException e) {
            assertTrue(String.valueOf(e.getCause()), e.getCause().getCause() instanceof OperationTimeoutException);
        }
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        EngineStatistics statistics = core.registry().find("blocking").statistics();
        assertEquals(1, statistics.failedCount());
        assertEquals(0, statistics.inFlight());

        release.countDown();
        submitThread.get().join(TimeUnit.SECONDS.toMillis(10));
        assertTrue("the submit thread outlived the engine's return", !submitThread.get().isAlive());
        assertTrue("the stage returned after the timeout was cancelled", returned.get().isCancelled());
        assertEquals("counted once", 1, statistics.failedCount());
    }

    private static void awaitQuietly(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
