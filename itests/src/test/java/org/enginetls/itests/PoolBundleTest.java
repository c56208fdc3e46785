package org.enginetls.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineRuntime;
import org.enginetls.runtime.EngineState;
import org.enginetls.testing.AsyncEnginePair;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The worker-pool engine bundle next to the provider in Felix: its workers do the handshakes'
 * asymmetric work, its figures reach the EngineRuntime DTO, a Configuration Admin change replaces the
 * pool and its threads, and stopping or starting it (or dasync beside it) under load fails no handshake.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PoolBundleTest {

    private static final String PID = "org.enginetls.engine.pool";
    private static final String POOL_SERVICE = "(&(objectClass=" + CryptoEngine.class.getName() + ")(engine.id=pool))";
    private static final String WORKER_PREFIX = "enginetls-pool-";
    private static final long WAIT_SECONDS = 20;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private EngineRuntime runtime;

    @Configuration
    public Option[] configuration() {
        return Frameworks.engineTlsWithPoolAndDasync();
    }

    /** Each test starts with the pool bundle active and unconfigured, and dasync stopped. */
    @Before
    public void poolAloneAndUnconfigured() throws Exception {
        bundle(Frameworks.DASYNC).stop();
        if (bundle(Frameworks.POOL).getState() != Bundle.ACTIVE) {
            bundle(Frameworks.POOL).start();
        }
        if (configurationAdmin.listConfigurations("(service.pid=" + PID + ")") != null) {
            reregistered(() -> configurationAdmin.getConfiguration(PID, "?").delete());
        }
        awaitDefaultPool();
    }

    @After
    public void everythingStarted() throws Exception {
        for (String name : new String[] {Frameworks.POOL, Frameworks.DASYNC}) {
            if (bundle(name).getState() != Bundle.ACTIVE) {
                bundle(name).start();
            }
        }
    }

    @Test
    public void poolWorkersDoTheHandshakeAndTheRuntimeReportsThePoolFigures() throws Exception {
        assertEquals(Bundle.ACTIVE, bundle(Frameworks.POOL).getState());
        EngineDTO before = pool();
        assertEquals(Frameworks.POOL, before.bundleSymbolicName);
        assertEquals(100, before.ranking);

        AsyncEnginePair pair = Handshakes.asyncPair().handshake();

        assertEquals("hello", pair.roundTrip("hello"));
        EngineDTO after = pool();
        assertTrue("the pool's workers did the handshake's asymmetric work: " + after.completed + " after "
                + before.completed + "; " + runtime.getEngines().stream().map(e -> e.id + " " + e.completed).toList(),
                after.completed - before.completed >= 5);
        // pauses and DTO.async are not asserted: a worker may finish before the job looks at its stage
        assertEquals(EngineState.ACTIVE, after.state);
        assertEquals(Runtime.getRuntime().availableProcessors(), after.properties.get("threads"));
        assertEquals(256, after.properties.get("queue.capacity"));
        assertEquals(0, after.properties.get("queue.depth"));
        assertEquals(0, after.properties.get("workers.active"));
        assertEquals(0L, after.properties.get("rejected"));
        double utilisation = (Double) after.properties.get("utilisation");
        assertTrue(after.properties.toString(), utilisation >= 0 && utilisation <= 1);
        assertTrue(after.properties.toString(), after.properties.containsKey("utilisation.recent"));
    }

    @Test
    public void badSettingListsThePoolFailedWithTheReasonAndTheSoftwareEngineServes() throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("threads", "abc");
        reregistered(() -> configurationAdmin.getConfiguration(PID, "?").update(properties));

        EngineDTO failed = awaitPoolState(EngineState.FAILED);
        assertEquals("the pool engine is not configured: 'threads' of configuration org.enginetls.engine.pool = 'abc'"
                + " is not allowed: a whole number from 0 to 1024", failed.healthReason);
        assertEquals(Frameworks.POOL, failed.bundleSymbolicName);
        long softwareBefore = runtime.getEngine("software").orElseThrow().completed;

        Handshakes.asyncPair().handshake();

        assertTrue("the software engine did the handshake", runtime.getEngine("software").orElseThrow().completed > softwareBefore);
        reregistered(() -> configure(2, 4));
        awaitPool(2, 4);
    }

    @Test
    public void configurationChangeReplacesThePoolAndEndsTheOldThreads() throws Exception {
        reregistered(() -> configure(3, 7));

        EngineDTO configured = awaitPool(3, 7);
        assertEquals(3, configured.properties.get("threads"));
        assertEquals(7, configured.properties.get("queue.capacity"));
        assertEquals("only the new pool's workers are alive: " + workers(), 3, awaitWorkers(3).size());
        String generation = workers().get(0).getName().replaceFirst("worker-\\d+$", "");
        long before = configured.completed;

        Handshakes.asyncPair().handshake();

        assertTrue(pool().completed - before >= 5);
        reregistered(() -> configure(1, 1));
        awaitPool(1, 1);
        assertEquals(1, awaitWorkers(1).size());
        assertTrue("the replaced pool's threads ended: " + workers(),
                workers().stream().noneMatch(thread -> thread.getName().startsWith(generation)));
        Handshakes.asyncPair().handshake();
    }

    @Test
    public void poolWithoutQueueUnderLoadAnswersBusyInItsStatusAndNoHandshakeFails() throws Exception {
        reregistered(() -> configure(1, 0));
        awaitPool(1, 0);

        try (Load load = new Load(4)) {
            load.awaitHandshakes(20);
            assertEquals("failed handshakes", List.of(), load.stop());
        }

        EngineDTO status = pool();
        assertEquals(0, status.properties.get("queue.capacity"));
        assertEquals("the router and the engine count the same busy answers",
                status.properties.get("rejected"), status.eagain);
        assertEquals(0, status.inFlight);
        assertEquals(0, status.failed);
        System.out.println("pool with 1 thread and no queue after 20+ handshakes from 4 drivers: eagain " + status.eagain
                + ", failovers " + status.failovers + ", " + status.properties);
    }

    @Test
    public void stoppingAndStartingPoolOrDasyncUnderLoadFailsNoHandshake() throws Exception {
        bundle(Frameworks.DASYNC).start();
        // equal rankings: the engine that arrived first takes the work, here the pool
        try (Load load = new Load(3)) {
            long poolBefore = pool().completed;
            load.awaitHandshakes(6);
            assertTrue("the pool took the work first", pool().completed > poolBefore);

            bundle(Frameworks.POOL).stop();
            assertTrue("the pool's workers ended: " + workers(), awaitWorkers(0).isEmpty());
            long dasyncBefore = dasync().completed;
            load.awaitHandshakes(6);
            assertTrue("dasync took the work over", dasync().completed > dasyncBefore);

            bundle(Frameworks.POOL).start();
            awaitDefaultPool();
            bundle(Frameworks.DASYNC).stop();
            poolBefore = pool().completed;
            load.awaitHandshakes(6);
            assertTrue("the restarted pool took the work over from dasync", pool().completed > poolBefore);

            bundle(Frameworks.DASYNC).start();
            load.awaitHandshakes(6);
            assertEquals("failed handshakes", List.of(), load.stop());
        }
    }

    /** Threads that drive async handshakes one after the other until stopped, counting and collecting failures. */
    private static final class Load implements AutoCloseable {
        private final List<Thread> threads = new ArrayList<>();
        private final Semaphore handshakes = new Semaphore(0);
        private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        private volatile boolean running = true;

        Load(int drivers) {
            for (int i = 0; i < drivers; i++) {
                threads.add(Thread.ofPlatform().name("load-" + i).start(this::drive));
            }
        }

        private void drive() {
            while (running) {
                try {
                    AsyncEnginePair pair = Handshakes.asyncPair().handshake();
                    assertEquals("hello", pair.roundTrip("hello"));
                    handshakes.release();
                } catch (Throwable t) {
                    failures.add(t);
                    handshakes.release();
                }
            }
        }

        /**
         * Waits (bounded) for {@code count} handshakes that end from now on; with more than one per
         * driver, some of them also began after this call.
         */
        void awaitHandshakes(int count) throws InterruptedException {
            handshakes.drainPermits();
            if (!handshakes.tryAcquire(count, WAIT_SECONDS, TimeUnit.SECONDS)) {
                fail("fewer than " + count + " handshakes in " + WAIT_SECONDS + " s; failures " + failures);
            }
        }

        List<Throwable> stop() throws InterruptedException {
            running = false;
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(WAIT_SECONDS));
                assertTrue(thread.getName() + " did not stop", !thread.isAlive());
            }
            return new ArrayList<>(failures);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    /**
     * Waits (bounded) until the provider's registry has the pool engine with these settings: the
     * provider binds a new engine service on the framework's event delivery, which may come after
     * this test's own listener has seen the registration.
     */
    private EngineDTO awaitPool(int threads, int queueCapacity) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            EngineDTO pool = runtime.getEngine("pool").orElse(null);
            if (pool != null && pool.state == EngineState.ACTIVE && Integer.valueOf(threads).equals(pool.properties.get("threads"))
                    && Integer.valueOf(queueCapacity).equals(pool.properties.get("queue.capacity"))) {
                return pool;
            }
            if (System.nanoTime() > deadline) {
                fail("no active pool engine with " + threads + " threads and queue " + queueCapacity + " in "
                        + runtime.getEngines().stream().map(e -> e.id + " " + e.state + " " + e.properties).toList());
            }
            Thread.onSpinWait();
        }
    }

    private EngineDTO awaitPoolState(EngineState state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            EngineDTO pool = runtime.getEngine("pool").orElse(null);
            if (pool != null && pool.state == state) {
                return pool;
            }
            if (System.nanoTime() > deadline) {
                fail("no " + state + " pool engine in " + runtime.getEngines().stream().map(e -> e.id + " " + e.state).toList());
            }
            Thread.onSpinWait();
        }
    }

    private EngineDTO awaitDefaultPool() {
        return awaitPool(Runtime.getRuntime().availableProcessors(), 256);
    }

    /** The pool's status once the registry has asked it now: its figures are the answer to that question. */
    private EngineDTO pool() throws Exception {
        ProviderInternals.pollHealth(java.security.Security.getProvider("EngineTLS"));
        return runtime.getEngine("pool").orElseThrow(() -> new AssertionError("no pool engine in " + runtime.getEngines()));
    }

    private EngineDTO dasync() {
        return runtime.getEngine("dasync").orElseThrow(() -> new AssertionError("no dasync engine in " + runtime.getEngines()));
    }

    private static List<Thread> workers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(WORKER_PREFIX) && thread.isAlive()).toList();
    }

    /** Waits (bounded) until exactly {@code count} pool workers are alive: a stopped pool's threads end as close() returns. */
    private static List<Thread> awaitWorkers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        List<Thread> alive = workers();
        while (alive.size() != count && System.nanoTime() < deadline) {
            for (Thread thread : alive) {
                thread.join(Duration.ofMillis(100));
            }
            alive = workers();
        }
        return alive;
    }

    private void configure(int threads, int queueCapacity) throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("threads", threads);
        properties.put("queue.capacity", queueCapacity);
        configurationAdmin.getConfiguration(PID, "?").update(properties);
    }

    private interface Change {
        void apply() throws Exception;
    }

    /** Runs {@code change} and waits (bounded) until the pool registers its engine service again. */
    private void reregistered(Change change) throws Exception {
        BlockingQueue<ServiceEvent> registered = new LinkedBlockingQueue<>();
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                registered.add(event);
            }
        };
        context.addServiceListener(listener, POOL_SERVICE);
        try {
            change.apply();
            if (registered.poll(WAIT_SECONDS, TimeUnit.SECONDS) == null) {
                fail("the pool did not register its engine again within " + WAIT_SECONDS + " s");
            }
        } finally {
            context.removeServiceListener(listener);
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }
}
