package org.enginetls.provider.engines;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.enginetls.async.AsyncStatus;
import org.enginetls.engine.EngineHealth;
import org.enginetls.engine.EngineKey;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.async.AsyncJob;
import org.enginetls.provider.impl.async.JobListener;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.provider.impl.engines.RegistrySettings;
import org.enginetls.provider.impl.status.RegistryRuntime;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.DelegatingEngine;
import org.enginetls.provider.testing.HeldSignEngine;
import org.enginetls.provider.testing.PlainSignRequest;
import org.enginetls.provider.testing.ThreadDump;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineState;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The registry's hot-swap semantics with real engines: departing engines drain, shadowed engines take over, the
 * preference list and rankings order the router's choice.
 */
public class EngineRegistryTest {

    private static final String ALGORITHM = "SHA256withECDSA";
    private static final byte[] DATA = "to be signed".getBytes(StandardCharsets.UTF_8);
    private static KeyPair keys;

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final RegistryEvents events = new RegistryEvents();
    private ProviderCore core;
    private EngineRegistry registry;

    /** A handle to a key that lives inside the engine {@code engineId}. */
    private record KeyHandle(String engineId) implements EngineKey {
        @Override
        public String getAlgorithm() {
            return "EC";
        }
    }

    /** An engine holding the test's private key, known outside only by handle (as in an HSM); counts its signatures. */
    private static final class KeyHoldingEngine extends DelegatingEngine {
        final AtomicInteger signatures = new AtomicInteger();

        KeyHoldingEngine(String id) throws GeneralSecurityException {
            super(id, CountingEngine.software());
        }

        @Override
        public CompletionStage<byte[]> sign(SignRequest request) {
            signatures.incrementAndGet();
            PrivateKey key = request.key() instanceof KeyHandle ? keys.getPrivate() : request.key();
            return super.sign(new PlainSignRequest(request.algorithm(), key, request.data(), request.waitContext()));
        }
    }

    @BeforeClass
    public static void generateKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
    }

    @After
    public void stopCallers() throws Exception {
        callers.shutdownNow();
        assertTrue("a caller thread hangs", callers.awaitTermination(10, TimeUnit.SECONDS));
        if (registry != null) {
            registry.close(10, TimeUnit.SECONDS);
        }
    }

    private void start(long drainTimeoutMillis, String... preference) {
        core = new ProviderCore(new ProviderSettings(true, true, ProviderSettings.DEFAULT_MAX_JOBS,
                RouterSettings.DEFAULTS, new RegistrySettings(drainTimeoutMillis, List.of(preference))));
        registry = core.registry();
        registry.addListener(events);
    }

    private byte[] sign(PrivateKey key) throws Exception {
        return core.router().submit(OperationKind.SIGN, ALGORITHM, key,
                (engine, wait) -> engine.sign(new PlainSignRequest(ALGORITHM, key, DATA, wait)));
    }

    private Future<byte[]> signInBackground(PrivateKey key) {
        return callers.submit(() -> sign(key));
    }

    private static boolean verifies(byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(ALGORITHM);
        verifier.initVerify(keys.getPublic());
        verifier.update(DATA);
        return verifier.verify(signature);
    }

    private List<String> routableIds() {
        return Arrays.stream(registry.routable()).map(RegisteredEngine::id).toList();
    }

    private List<String> listing() {
        return Arrays.stream(registry.engines()).map(engine -> engine.id() + ":" + engine.state()).toList();
    }

    @Test
    public void departingEngineStaysListedAsRetiringUntilItsInFlightOperationCompletesThere() throws Exception {
        start(RegistrySettings.DEFAULT_DRAIN_TIMEOUT_MILLIS);
        HeldSignEngine held = new HeldSignEngine("held", CountingEngine.software());
        RegisteredEngine entry = registry.add(held, 100, EngineOrigin.CLASS_PATH);
        Future<byte[]> inFlight = signInBackground(keys.getPrivate());
        assertTrue("the signature never reached the engine", held.awaitHeld(1));

        registry.remove(held);

        assertEquals("new work skips it at once", List.of("software"), routableIds());
        assertEquals(List.of("held:RETIRING", "software:ACTIVE"), listing());
        assertSame("still reported while it drains", entry, registry.find("held"));
        assertTrue("new work went to the software engine", verifies(sign(keys.getPrivate())));
        assertEquals(1, entry.statistics().submittedCount());

        assertTrue("the drain runs on a thread of its own", ThreadDump.threadNames().contains("enginetls-drain-held"));
        held.releaseAll();

        assertTrue("the in-flight signature is the held engine's", verifies(inFlight.get(10, TimeUnit.SECONDS)));
        assertTrue("not dropped once idle: " + events.seen(), events.await("REMOVED held"));
        assertEquals(List.of("software:ACTIVE"), listing());
        assertEquals(1, entry.statistics().completedCount());
        assertEquals(0, entry.statistics().failoverCount());
        assertEquals(List.of("ADDED held:ACTIVE", "RETIRING held:RETIRING", "REMOVED held:RETIRING"), events.seen());
    }

    @Test
    public void departingEngineWithoutWorkInFlightIsDroppedAtOnce() throws Exception {
        start(RegistrySettings.DEFAULT_DRAIN_TIMEOUT_MILLIS);
        CountingEngine idle = CountingEngine.overSoftware("idle");
        registry.add(idle, 100, EngineOrigin.CLASS_PATH);
        sign(keys.getPrivate());

        registry.remove(idle);

        assertEquals(List.of("software:ACTIVE"), listing());
        assertEquals(List.of("ADDED idle:ACTIVE", "RETIRING idle:RETIRING", "REMOVED idle:RETIRING"), events.seen());
    }

    @Test
    public void drainTimeoutFailsInFlightOperationOverToTheNextEngine() throws Exception {
        start(0);
        HeldSignEngine held = new HeldSignEngine("held", CountingEngine.software());
        RegisteredEngine entry = registry.add(held, 100, EngineOrigin.CLASS_PATH);
        Future<byte[]> inFlight = signInBackground(keys.getPrivate());
        assertTrue(held.awaitHeld(1));

        registry.remove(held);

        assertTrue("the signature failed instead of moving on", verifies(inFlight.get(10, TimeUnit.SECONDS)));
        assertTrue(events.await("REMOVED held"));
        assertTrue("the held stage was failed", held.held().get(0).stage().isCompletedExceptionally());
        assertEquals(1, entry.statistics().failedCount());
        assertEquals("moved to the software engine", 1, entry.statistics().failoverCount());
        assertEquals(0, entry.statistics().inFlight());
        assertTrue(entry.statistics().lastError(), entry.statistics().lastError().contains("drain timeout of 0 ms"));
        held.releaseAll();
        assertEquals("a late completion changes nothing", 0, entry.statistics().completedCount());
    }

    @Test
    public void pausedAsyncJobMovesToTheNextEngineWhenResumedAfterTheDrainTimesOut() throws Exception {
        start(0);
        HeldSignEngine held = new HeldSignEngine("held", CountingEngine.software());
        RegisteredEngine entry = registry.add(held, 100, EngineOrigin.CLASS_PATH);
        List<AsyncStatus> statuses = new CopyOnWriteArrayList<>();
        Semaphore woken = new Semaphore(0);
        JobListener application = new JobListener() {
            @Override
            public void setStatus(AsyncStatus status) {
                statuses.add(status);
            }

            @Override
            public void wake() {
                woken.release();
            }
        };
        AsyncJob<byte[]> job = AsyncJob.start(core.jobs(), application, () -> sign(keys.getPrivate()));
        assertTrue("the job did not pause on the held engine", job.isPaused());
        assertEquals(1, held.held().size());

        registry.remove(held);

        assertTrue("the application was never woken", woken.tryAcquire(10, TimeUnit.SECONDS));
        // the wake asks the application to call again: on its call the job moves to the next engine
        assertTrue("finished on the software engine", job.resume());
        assertTrue("the software engine's signature", verifies(job.result()));
        assertEquals("paused once, never told ERR", List.of(AsyncStatus.OK), statuses);
        assertEquals(1, entry.statistics().failoverCount());
        assertEquals(0, core.jobs().liveJobs());
    }

    @Test
    public void drainTimeoutFailsWorkOnTheDepartedEnginesOwnKeyClearly() throws Exception {
        start(0);
        HeldSignEngine held = new HeldSignEngine("hsm", CountingEngine.software());
        registry.add(held, 100, EngineOrigin.CLASS_PATH);
        Future<byte[]> inFlight = signInBackground(new KeyHandle("hsm"));
        assertTrue(held.awaitHeld(1));

        registry.remove(held);

        try {
            inFlight.get(10, TimeUnit.SECONDS);
            fail("an operation on a departed engine's key succeeded");
        } catch (ExecutionException e) {
            assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof EngineUnavailableException);
            String message = e.getCause().getMessage();
            assertTrue(message, message.contains("'hsm' that holds this key left"));
            assertTrue(message, message.contains("drain timeout"));
        }
    }

    @Test
    public void sameIdArrivingBeforeTheOldOneLeavesIsShadowedAndTakesOverWhenItLeaves() throws Exception {
        start(RegistrySettings.DEFAULT_DRAIN_TIMEOUT_MILLIS);
        KeyHoldingEngine old = new KeyHoldingEngine("dup");
        KeyHoldingEngine updated = new KeyHoldingEngine("dup");
        RegisteredEngine oldEntry = registry.add(old, 10, EngineOrigin.CLASS_PATH);
        RegisteredEngine updatedEntry = registry.add(updated, 10, EngineOrigin.CLASS_PATH);

        assertEquals("equal rankings: the earlier arrival routes", EngineState.ACTIVE, oldEntry.state());
        assertEquals(EngineState.SHADOWED, updatedEntry.state());
        assertEquals(List.of("dup", "software"), routableIds());
        assertSame(oldEntry, registry.find("dup"));
        sign(new KeyHandle("dup"));
        assertEquals("an engine key of the id goes to the active engine", 1, old.signatures.get());
        assertEquals(0, updated.signatures.get());

        registry.remove(old);

        assertEquals(EngineState.ACTIVE, updatedEntry.state());
        assertSame(updatedEntry, registry.find("dup"));
        sign(new KeyHandle("dup"));
        assertEquals(1, updated.signatures.get());
        assertEquals(List.of("ADDED dup:ACTIVE", "ADDED dup:SHADOWED", "RETIRING dup:RETIRING", "ACTIVE dup:ACTIVE",
                "REMOVED dup:RETIRING"), events.seen());
    }

    @Test
    public void betterRankedSameIdArrivingShadowsTheEngineThatRouted() throws Exception {
        start(RegistrySettings.DEFAULT_DRAIN_TIMEOUT_MILLIS);
        RegisteredEngine old = registry.add(CountingEngine.overSoftware("dup"), 10, EngineOrigin.CLASS_PATH);
        RegisteredEngine better = registry.add(CountingEngine.overSoftware("dup"), 20, EngineOrigin.CLASS_PATH);

        assertEquals(EngineState.SHADOWED, old.state());
        assertEquals(EngineState.ACTIVE, better.state());
        assertEquals("the arrival, then what it caused", List.of("ADDED dup:ACTIVE", "ADDED dup:ACTIVE",
                "SHADOWED dup:SHADOWED"), events.seen());
        assertEquals(List.of("dup:ACTIVE", "dup:SHADOWED", "software:ACTIVE"), listing());
    }

    @Test
    public void preferenceListRoutesBeforeRankingAndChangesApplyAtOnce() throws Exception {
        start(RegistrySettings.DEFAULT_DRAIN_TIMEOUT_MILLIS, "b");
        CountingEngine a = CountingEngine.overSoftware("a");
        CountingEngine b = CountingEngine.overSoftware("b");
        registry.add(a, 100, EngineOrigin.CLASS_PATH);
        registry.add(b, 50, EngineOrigin.CLASS_PATH);

        assertEquals(List.of("b", "a", "software"), routableIds());
        sign(keys.getPrivate());
        assertEquals(1, b.count(OperationKind.SIGN));

        registry.settings(new RegistrySettings(RegistrySettings.DEFAULT_DRAIN_TIMEOUT_MILLIS, List.of("software", "a")));

        assertEquals(List.of("software", "a", "b"), routableIds());
        sign(keys.getPrivate());
        assertEquals("the software engine is preferred now", 0, a.count(OperationKind.SIGN));
        assertEquals(1, b.count(OperationKind.SIGN));

        registry.settings(RegistrySettings.DEFAULTS);
        assertEquals("without a list, by ranking", List.of("a", "b", "software"), routableIds());
    }

    @Test
    public void rankingChangeReordersInPlaceAndKeepsTheStatistics() throws Exception {
        start(RegistrySettings.DEFAULT_DRAIN_TIMEOUT_MILLIS);
        KeyHoldingEngine a = new KeyHoldingEngine("a");
        RegisteredEngine entry = registry.add(a, 10, EngineOrigin.CLASS_PATH);
        registry.add(CountingEngine.overSoftware("b"), 20, EngineOrigin.CLASS_PATH);
        sign(new KeyHandle("a"));
        assertEquals(List.of("b", "a", "software"), routableIds());

        assertTrue(registry.rank(a, 30));

        assertEquals(List.of("a", "b", "software"), routableIds());
        assertSame("the same entry", entry, registry.find("a"));
        assertEquals(30, entry.ranking());
        assertEquals("statistics kept", 1, entry.statistics().completedCount());
        assertEquals("no departure, no arrival", List.of("ADDED a:ACTIVE", "ADDED b:ACTIVE"), events.seen());
        sign(keys.getPrivate());
        assertEquals(2, a.signatures.get());
    }

    @Test
    public void engineReportingItselfUnavailableIsFailedAndSkippedUntilItSaysItRecovered() throws Exception {
        start(RegistrySettings.DEFAULT_DRAIN_TIMEOUT_MILLIS);
        HealthReportingEngine token = new HealthReportingEngine("token");
        RegisteredEngine entry = registry.add(token, 10, EngineOrigin.CLASS_PATH);
        token.health = EngineHealth.failed("token removed");

        assertTrue("moved on to the software engine", verifies(sign(keys.getPrivate())));
        assertTrue("the registry asked it after its unavailable answer", events.await("FAILED token"));

        assertEquals(EngineState.FAILED, entry.state());
        assertEquals("token removed", entry.stateReason());
        assertEquals(List.of("software"), routableIds());
        sign(keys.getPrivate());
        assertEquals("not asked again while failed", 1, token.signatures.get());

        token.health = EngineHealth.AVAILABLE;
        registry.health().poll().get(10, TimeUnit.SECONDS);
        EngineDTO reported = new RegistryRuntime(registry).getEngine("token").orElseThrow();

        assertEquals(EngineState.ACTIVE, reported.state);
        sign(keys.getPrivate());
        assertEquals(2, token.signatures.get());
        assertEquals(List.of("ADDED token:ACTIVE", "FAILED token:FAILED", "ACTIVE token:ACTIVE"), events.seen());
    }

    /** Signs while its health says available; otherwise answers "unavailable", as the health contract asks. */
    private static final class HealthReportingEngine extends DelegatingEngine {
        final AtomicInteger signatures = new AtomicInteger();
        volatile EngineHealth health = EngineHealth.AVAILABLE;

        HealthReportingEngine(String id) throws GeneralSecurityException {
            super(id, CountingEngine.software());
        }

        @Override
        public EngineHealth health() {
            return health;
        }

        @Override
        public CompletionStage<byte[]> sign(SignRequest request) {
            signatures.incrementAndGet();
            EngineHealth now = health;
            return now.available() ? super.sign(request)
                    : CompletableFuture.failedFuture(new EngineUnavailableException(now.reason()));
        }
    }

    @Test
    public void closingTheRegistryEndsDrainsAtOnceAndMovesTheirWorkOn() throws Exception {
        start(TimeUnit.HOURS.toMillis(1));
        HeldSignEngine held = new HeldSignEngine("held", CountingEngine.software());
        registry.add(held, 100, EngineOrigin.CLASS_PATH);
        Future<byte[]> inFlight = signInBackground(keys.getPrivate());
        assertTrue(held.awaitHeld(1));
        registry.remove(held);

        registry.close(10, TimeUnit.SECONDS);

        assertTrue("the drain did not end", events.await("REMOVED held"));
        assertTrue("a drain thread outlived close()", ThreadDump.threadNames().stream()
                .noneMatch(name -> name.startsWith("enginetls-drain-")));
        assertTrue(verifies(inFlight.get(10, TimeUnit.SECONDS)));
        CountingEngine late = CountingEngine.overSoftware("late");
        registry.add(late, 1, EngineOrigin.CLASS_PATH);
        registry.remove(late);
        assertNotNull("removed without a drain", events.seen().stream().filter(e -> e.equals("REMOVED late:RETIRING"))
                .findFirst().orElse(null));
        assertArrayEquals(new String[] {"software:ACTIVE"}, listing().toArray());
    }
}
