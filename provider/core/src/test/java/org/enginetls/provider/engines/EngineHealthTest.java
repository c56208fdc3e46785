package org.enginetls.provider.engines;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

import org.enginetls.engine.EngineHealth;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.provider.impl.engines.RegistrySettings;
import org.enginetls.provider.impl.jmx.EngineMBeans;
import org.enginetls.provider.impl.shell.EngineCommands;
import org.enginetls.provider.impl.status.RegistryRuntime;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.DelegatingEngine;
import org.enginetls.provider.testing.PlainSignRequest;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineState;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * One truth per engine: the registry's poller alone asks engines for their health, and the router and every status
 * reader (the {@code EngineRuntime}, the shell commands, JMX) read the same snapshot and change nothing. The poller
 * is driven here by {@code poll()} and by the router's "unavailable" report; its cadence is an hour unless a test
 * says otherwise, so nothing happens behind a test's back.
 */
public class EngineHealthTest {

    private static final String ALGORITHM = "SHA256withECDSA";
    private static final byte[] DATA = "to be signed".getBytes(StandardCharsets.UTF_8);
    private static final long AN_HOUR = TimeUnit.HOURS.toMillis(1);
    private static KeyPair keys;

    private final RegistryEvents events = new RegistryEvents();
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private ProviderCore core;
    private EngineRegistry registry;
    private RegistryRuntime runtime;
    private EngineMBeans mbeans;

    /** An engine whose health the test sets; it counts the questions and remembers the thread that asked last. */
    private static final class ToldHealthEngine extends DelegatingEngine {
        final AtomicInteger asked = new AtomicInteger();
        final boolean failsWhileUnhealthy;
        volatile EngineHealth health = EngineHealth.AVAILABLE;
        volatile Thread askedOn;
        volatile CountDownLatch questions = new CountDownLatch(0);

        ToldHealthEngine(boolean failsWhileUnhealthy) throws GeneralSecurityException {
            super("token", CountingEngine.software());
            this.failsWhileUnhealthy = failsWhileUnhealthy;
        }

        @Override
        public EngineHealth health() {
            asked.incrementAndGet();
            askedOn = Thread.currentThread();
            questions.countDown();
            return health;
        }

        @Override
        public CompletionStage<byte[]> sign(SignRequest request) {
            EngineHealth now = health;
            return !failsWhileUnhealthy || now.available() ? super.sign(request)
                    : CompletableFuture.failedFuture(new EngineUnavailableException(now.reason()));
        }
    }

    @BeforeClass
    public static void generateKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
    }

    private void start(long healthPollMillis) {
        core = new ProviderCore(new ProviderSettings(true, true, ProviderSettings.DEFAULT_MAX_JOBS, RouterSettings.DEFAULTS,
                new RegistrySettings(RegistrySettings.DEFAULT_DRAIN_TIMEOUT_MILLIS, List.of(), healthPollMillis)));
        registry = core.registry();
        registry.addListener(events);
        runtime = new RegistryRuntime(registry);
        mbeans = EngineMBeans.open(registry, server);
    }

    @After
    public void close() throws Exception {
        if (registry != null) {
            mbeans.close();
            registry.close(10, TimeUnit.SECONDS);
        }
    }

    private void sign() throws Exception {
        core.router().submit(OperationKind.SIGN, ALGORITHM, keys.getPrivate(),
                (engine, wait) -> engine.sign(new PlainSignRequest(ALGORITHM, keys.getPrivate(), DATA, wait)));
    }

    private void poll() throws Exception {
        registry.health().poll().get(10, TimeUnit.SECONDS);
    }

    /** Reads the token's state through every reader: the EngineRuntime (both calls), the shell commands and JMX. */
    private List<String> everyReader() throws Exception {
        String table = new EngineCommands(runtime).engines();
        String line = table.lines().filter(row -> row.startsWith("token ")).findFirst().orElseThrow();
        return List.of(
                runtime.getEngines().stream().filter(engine -> engine.id.equals("token")).findFirst().orElseThrow().state.name(),
                runtime.getEngine("token").orElseThrow().state.name(),
                line.split(" +")[1],
                (String) server.getAttribute(new ObjectName("org.enginetls:type=Engine,name=token"), "State"),
                registry.snapshot().find("token").state().name(),
                Arrays.stream(registry.routable()).anyMatch(engine -> engine.id().equals("token")) ? "ACTIVE" : "not routed");
    }

    @Test
    public void readingStatusNeverAsksAnEngineNorChangesItsState() throws Exception {
        start(AN_HOUR);
        ToldHealthEngine token = new ToldHealthEngine(false);
        registry.add(token, 100, EngineOrigin.CLASS_PATH);
        int askedWhenAdded = token.asked.get();
        token.health = EngineHealth.failed("token removed");

        for (int i = 0; i < 10; i++) {
            assertEquals(List.of("ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE"), everyReader());
            new EngineCommands(runtime).engine("token");
            server.getAttribute(new ObjectName("org.enginetls:type=Engine,name=token"), "Reported");
        }

        assertEquals("health() was asked once, when the engine was added", 1, askedWhenAdded);
        assertEquals("reading status asked the engine nothing", askedWhenAdded, token.asked.get());
        assertEquals("reading status moved nothing", List.of("ADDED token:ACTIVE"), events.seen());
    }

    @Test
    public void theRouterAndEveryReaderAgreeOnFailedFromTheSameSnapshot() throws Exception {
        start(AN_HOUR);
        ToldHealthEngine token = new ToldHealthEngine(false);
        RegisteredEngine entry = registry.add(token, 100, EngineOrigin.CLASS_PATH);
        token.health = EngineHealth.failed("token removed");

        sign();
        assertEquals("routed to the token until the registry has its answer", 1, entry.statistics().completedCount());
        assertEquals(List.of("ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE"), everyReader());

        poll();

        assertEquals(List.of("FAILED", "FAILED", "FAILED", "FAILED", "FAILED", "not routed"), everyReader());
        sign();
        assertEquals("the router skips it from that snapshot on", 1, entry.statistics().completedCount());
        EngineDTO dto = runtime.getEngine("token").orElseThrow();
        assertEquals("token removed", dto.healthReason);
        assertNull("no operation failed", dto.lastError);
        assertEquals("token removed",
                server.getAttribute(new ObjectName("org.enginetls:type=Engine,name=token"), "HealthReason"));
        assertEquals(List.of("ADDED token:ACTIVE", "FAILED token:FAILED"), events.seen());
    }

    @Test
    public void anUnavailableAnswerHasTheEngineAskedAtOnceOnThePollersThread() throws Exception {
        start(AN_HOUR);
        ToldHealthEngine token = new ToldHealthEngine(true);
        registry.add(token, 100, EngineOrigin.CLASS_PATH);
        token.health = EngineHealth.failed("token removed");

        sign();

        assertTrue("the registry asked after the unavailable answer", events.await("FAILED token"));
        Thread poller = token.askedOn;
        assertTrue(poller.getName(), poller.getName().startsWith("enginetls-health-"));
        assertTrue("a daemon thread", poller.isDaemon());
        assertEquals("FAILED", runtime.getEngine("token").orElseThrow().state.name());
        EngineDTO dto = runtime.getEngine("token").orElseThrow();
        assertEquals("the operation's error", "token removed", dto.lastError);
        assertEquals("the health answer", "token removed", dto.healthReason);
    }

    @Test
    public void recoveryFiresExactlyOneEventAndAnUnchangedAnswerNone() throws Exception {
        start(AN_HOUR);
        ToldHealthEngine token = new ToldHealthEngine(false);
        token.health = EngineHealth.failed("token removed");
        registry.add(token, 100, EngineOrigin.CLASS_PATH);
        poll();
        token.health = EngineHealth.AVAILABLE;

        poll();
        poll();
        poll();

        assertEquals(List.of("ADDED token:FAILED", "FAILED token:FAILED", "ACTIVE token:ACTIVE"), events.seen());
        assertEquals(List.of("ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE"), everyReader());
        assertNull(runtime.getEngine("token").orElseThrow().healthReason);
    }

    @Test
    public void thePollerAsksOnItsOwnCadenceAndItsThreadEndsWhenTheRegistryCloses() throws Exception {
        start(1);
        ToldHealthEngine token = new ToldHealthEngine(false);
        token.questions = new CountDownLatch(3);
        registry.add(token, 100, EngineOrigin.CLASS_PATH);

        assertTrue("asked again and again without anyone reading status", token.questions.await(10, TimeUnit.SECONDS));
        Thread poller = token.askedOn;
        assertTrue(poller.getName(), poller.getName().startsWith("enginetls-health-"));

        registry.close(10, TimeUnit.SECONDS);

        assertFalse("the poller's thread outlived close()", poller.isAlive());
        registry = null;
        mbeans.close();
    }
}
