package org.enginetls.provider.routing;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.enginetls.async.AsyncStatus;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.async.AsyncJob;
import org.enginetls.provider.impl.async.JobCancelledException;
import org.enginetls.provider.impl.async.JobListener;
import org.enginetls.provider.impl.crypto.OperationTimeoutException;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.EngineStatistics;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.DelegatingEngine;
import org.enginetls.provider.testing.PlainSignRequest;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * An engine may answer with any {@link CompletionStage}, not only a {@code CompletableFuture}, and
 * {@link CryptoEngine}'s contract says what EngineTLS does then: the operation completes with the stage, times out
 * and is cancelled as with any stage, the stage itself is never cancelled (EngineTLS cannot reach it), and what the
 * engine completes after the operation settled is ignored. Pinned for a minimal stage, whose
 * {@code toCompletableFuture()} gives a copy, and for a stage that does not interoperate with
 * {@code CompletableFuture} at all.
 */
@RunWith(Parameterized.class)
public class NonCompletableFutureStageTest {

    private static final String ALGORITHM = "SHA256withECDSA";
    private static final byte[] DATA = {1, 2, 3};
    private static final byte[] SIGNATURE = {9, 8, 7};

    @Parameters(name = "{0}")
    public static List<Object[]> shapes() {
        Function<CompletableFuture<byte[]>, CompletionStage<byte[]>> minimal = CompletableFuture::minimalCompletionStage;
        Function<CompletableFuture<byte[]>, CompletionStage<byte[]>> opaque = NonCompletableFutureStageTest::opaque;
        return List.of(new Object[] {"minimal stage", minimal}, new Object[] {"stage without toCompletableFuture", opaque});
    }

    /**
     * A {@link CompletionStage} that is no {@code CompletableFuture} and, as the interface allows, throws from
     * {@code toCompletableFuture()}; everything else follows {@code source} (through a minimal stage, so that no
     * cancellation can reach it).
     */
    @SuppressWarnings("unchecked")
    private static CompletionStage<byte[]> opaque(CompletableFuture<byte[]> source) {
        CompletionStage<byte[]> followed = source.minimalCompletionStage();
        return (CompletionStage<byte[]>) Proxy.newProxyInstance(CompletionStage.class.getClassLoader(),
                new Class<?>[] {CompletionStage.class}, (proxy, method, args) -> {
                    if (method.getName().equals("toCompletableFuture")) {
                        throw new UnsupportedOperationException("this stage does not interoperate with CompletableFuture");
                    }
                    try {
                        return method.invoke(followed, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Signs only when the test completes the source of the stage it returned. */
    private static final class StageEngine extends DelegatingEngine {
        private final Function<CompletableFuture<byte[]>, CompletionStage<byte[]>> shape;
        final List<CompletableFuture<byte[]>> sources = new CopyOnWriteArrayList<>();
        final List<Thread> submitThreads = new CopyOnWriteArrayList<>();

        StageEngine(Function<CompletableFuture<byte[]>, CompletionStage<byte[]>> shape) throws Exception {
            super("staged", CountingEngine.software());
            this.shape = shape;
        }

        @Override
        public CompletionStage<byte[]> sign(SignRequest request) {
            submitThreads.add(Thread.currentThread());
            CompletableFuture<byte[]> source = new CompletableFuture<>();
            sources.add(source);
            return shape.apply(source);
        }

        CompletableFuture<byte[]> source() {
            assertEquals("one submission", 1, sources.size());
            return sources.get(0);
        }
    }

    /** Records what the application hears, and on which thread it is woken. */
    private static final class Application implements JobListener {
        final List<AsyncStatus> statuses = new CopyOnWriteArrayList<>();
        final List<Thread> wakeThreads = new CopyOnWriteArrayList<>();
        final AtomicInteger wakes = new AtomicInteger();
        final Semaphore woken = new Semaphore(0);

        @Override
        public void setStatus(AsyncStatus status) {
            statuses.add(status);
        }

        @Override
        public void wake() {
            wakeThreads.add(Thread.currentThread());
            wakes.incrementAndGet();
            woken.release();
        }

        boolean awaitWake() throws InterruptedException {
            return woken.tryAcquire(10, TimeUnit.SECONDS);
        }
    }

    private final Function<CompletableFuture<byte[]>, CompletionStage<byte[]>> shape;
    private final KeyPair keys;

    public NonCompletableFutureStageTest(String name, Function<CompletableFuture<byte[]>, CompletionStage<byte[]>> shape)
            throws Exception {
        this.shape = shape;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
    }

    private static ProviderCore coreWith(StageEngine engine, RouterSettings router) {
        ProviderCore core = new ProviderCore(new ProviderSettings(false, router));
        core.registry().add(engine, 100, EngineOrigin.CLASS_PATH);
        return core;
    }

    private byte[] sign(ProviderCore core) throws Exception {
        return core.router().submit(OperationKind.SIGN, ALGORITHM, keys.getPrivate(),
                (engine, wait) -> engine.sign(new PlainSignRequest(ALGORITHM, keys.getPrivate(), DATA, wait)));
    }

    @Test
    public void stageCompletesTheOperationAndWakesOnTheCompletingThread() throws Exception {
        StageEngine engine = new StageEngine(shape);
        ProviderCore core = coreWith(engine, RouterSettings.DEFAULTS);
        Application application = new Application();
        AsyncJob<byte[]> job = AsyncJob.start(core.jobs(), application, () -> sign(core));
        assertTrue("the job waits for the engine", job.isPaused());

        engine.source().complete(SIGNATURE);

        assertTrue("the completion woke nobody", application.awaitWake());
        assertSame("woken on the thread that completed the stage", Thread.currentThread(), application.wakeThreads.get(0));
        assertTrue("submit ran on a virtual thread of its own", engine.submitThreads.get(0).isVirtual());
        assertTrue(job.resume());
        assertArrayEquals(SIGNATURE, job.result());
        assertEquals(List.of(AsyncStatus.OK), application.statuses);
        EngineStatistics statistics = core.registry().find("staged").statistics();
        assertEquals(1, statistics.completedCount());
        assertEquals(0, statistics.failedCount());
        assertEquals(0, statistics.inFlight());
    }

    @Test
    public void timeoutEndsTheOperationLeavesTheStageAloneAndIgnoresItsLateCompletion() throws Exception {
        StageEngine engine = new StageEngine(shape);
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
        assertFalse("EngineTLS cannot reach the engine's work through this stage", engine.source().isDone());

        // dependent actions run on the completing thread: whatever follows from it has happened when it returns
        engine.source().complete(SIGNATURE);

        assertEquals("paused, then failed; nothing after", List.of(AsyncStatus.OK, AsyncStatus.ERR), application.statuses);
        assertEquals("one operation, one wake", 1, application.wakes.get());
        EngineStatistics statistics = core.registry().find("staged").statistics();
        assertEquals("the timeout is the one outcome", 1, statistics.failedCount());
        assertEquals("the late completion is not counted", 0, statistics.completedCount());
        assertEquals(0, statistics.inFlight());
    }

    @Test
    public void closeCancelsTheJobLeavesTheStageAloneAndIgnoresItsLateCompletion() throws Exception {
        StageEngine engine = new StageEngine(shape);
        ProviderCore core = coreWith(engine, RouterSettings.DEFAULTS);
        Application application = new Application();
        AsyncJob<byte[]> job = AsyncJob.start(core.jobs(), application, () -> sign(core));
        assertTrue(job.isPaused());

        job.cancel();

        try {
            job.result();
            fail("a cancelled job produced a result");
        } catch (JobCancelledException expected) {
            // closed while waiting
        }
        assertFalse("EngineTLS cannot reach the engine's work through this stage", engine.source().isDone());

        engine.source().complete(SIGNATURE);

        assertEquals("no wake after the close", 0, application.wakes.get());
        assertEquals(List.of(AsyncStatus.OK), application.statuses);
        EngineStatistics statistics = core.registry().find("staged").statistics();
        assertEquals("the late completion is not counted", 0, statistics.completedCount());
        assertEquals("a cancellation is nobody's failure", 0, statistics.failedCount());
        assertEquals(0, statistics.inFlight());
        assertEquals(0, core.jobs().liveJobs());
    }
}
