package org.enginetls.provider.impl.engines;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineHealth;
import org.enginetls.runtime.EngineState;

/**
 * The one place where EngineTLS asks engines for their {@linkplain CryptoEngine#health() health}: on one daemon
 * thread of the registry's own ({@code enginetls-health-<n>}), every engine that is not retiring, at the registry's
 * cadence ({@link RegistrySettings#healthPollMillis()}), and one engine as soon as an operation found it unavailable.
 * Each answer goes to {@link EngineRegistry#answered}, which caches it, moves the engine into or out of
 * {@link EngineState#FAILED} and tells its listeners only when the state changed. Readers of status never get here.
 *
 * <p>The registry starts it and {@linkplain #stop stops} it when it closes. A registry that is simply dropped (a
 * class-path provider is never closed) is held only weakly by the periodic poll, which ends the thread once the
 * registry has been collected.
 */
public final class HealthPoller {

    private static final System.Logger LOG = System.getLogger(HealthPoller.class.getName());
    private static final AtomicLong POLLERS = new AtomicLong();

    private final WeakReference<EngineRegistry> registry;
    private final ScheduledThreadPoolExecutor executor;
    /** The threads the executor made (one, unless a task killed it): {@link #stop} waits for each to end. */
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    /** Engines reported unavailable whose check is queued: a burst of failed operations asks once. */
    private final Set<RegisteredEngine> queued = ConcurrentHashMap.newKeySet();
    /** The periodic poll; guarded by {@code this}. */
    private ScheduledFuture<?> cadence;
    private long periodMillis;

    HealthPoller(EngineRegistry registry) {
        this.registry = new WeakReference<>(registry);
        String name = "enginetls-health-" + POLLERS.incrementAndGet();
        this.executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Polls every engine each {@code periodMillis}, the first time one period from now; a new period replaces the old. */
    synchronized void every(long periodMillis) {
        if (cadence != null && periodMillis == this.periodMillis) {
            return;
        }
        if (cadence != null) {
            cadence.cancel(false);
        }
        this.periodMillis = periodMillis;
        try {
            cadence = executor.scheduleWithFixedDelay(new Tick(registry, executor), periodMillis, periodMillis,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopped: the registry is closed and polls no more
        }
    }

    /**
     * Polls every engine now, on the poller's thread, without waiting for the cadence (an operator's "check now", and
     * how tests drive the poller).
     *
     * @return done when every engine has answered and the answers are in the registry's snapshot
     * @throws RejectedExecutionException if the registry is closed
     */
    public Future<?> poll() {
        return executor.submit(() -> {
            EngineRegistry live = registry.get();
            if (live != null) {
                pollAll(live);
            }
        });
    }

    /** An operation found {@code entry}'s engine unavailable: it is asked at once, on the poller's thread. */
    void unavailable(RegisteredEngine entry) {
        if (!queued.add(entry)) {
            return;
        }
        try {
            executor.execute(() -> {
                queued.remove(entry);
                EngineRegistry live = registry.get();
                if (live != null) {
                    check(live, entry);
                }
            });
        } catch (RejectedExecutionException e) {
            // the registry is closed: nothing routes any more
            queued.remove(entry);
        }
    }

    /** Stops polling; returns when the poller's thread has ended, or after {@code timeoutNanos}. */
    void stop(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        executor.shutdownNow();
        // a terminated executor's worker may still be on its way out: wait for the thread itself
        for (Thread thread : threads) {
            thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
    }

    private static void pollAll(EngineRegistry registry) {
        for (EngineListing listing : registry.snapshot().engines()) {
            if (listing.state() != EngineState.RETIRING) {
                check(registry, listing.entry());
            }
        }
    }

    private static void check(EngineRegistry registry, RegisteredEngine entry) {
        CryptoEngine engine = entry.engine();
        if (engine != null) {
            registry.answered(entry, ask(engine));
        }
    }

    /** Asks {@code engine}; an engine that cannot answer (throws, returns {@code null}) is failed with what it did. */
    static EngineHealth ask(CryptoEngine engine) {
        try {
            EngineHealth health = engine.health();
            return health == null ? EngineHealth.failed("health() returned null") : health;
        } catch (RuntimeException e) {
            return EngineHealth.failed("health() threw " + e);
        }
    }

    /** What an engine's health answer changes. */
    enum Outcome {
        /** It says it cannot work and was not already failed for that reason: it is FAILED, and listeners hear it. */
        FAILS,
        /** It was failed and says it can work: it goes back among the candidates, and listeners hear it. */
        RECOVERS,
        /** Its state stays; only what it reports about itself changed: a new snapshot, no event. */
        REPORTS,
        /** Nothing changed. */
        NOTHING;

        static Outcome of(RegisteredEngine entry, EngineHealth answer) {
            boolean failed = entry.state() == EngineState.FAILED;
            if (!answer.available() && !(failed && answer.reason().equals(entry.stateReason()))) {
                return FAILS;
            }
            if (answer.available() && failed) {
                return RECOVERS;
            }
            return answer.equals(entry.health()) ? NOTHING : REPORTS;
        }
    }

    /** The periodic poll. Holds the registry weakly, so that a registry nobody closes does not keep the thread. */
    private record Tick(WeakReference<EngineRegistry> registry, ExecutorService executor) implements Runnable {
        @Override
        public void run() {
            EngineRegistry live = registry.get();
            if (live == null) {
                executor.shutdown();
                return;
            }
            try {
                pollAll(live);
            } catch (RuntimeException e) {
                // a periodic task that throws is never run again: log it and keep polling
                LOG.log(System.Logger.Level.WARNING, "EngineTLS health poll failed", e);
            }
        }
    }
}
