package org.enginetls.provider.impl.engines;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.enginetls.engine.EngineUnavailableException;

/**
 * Waits for a departed engine's in-flight operations to end, at most for the drain timeout, on a virtual thread of
 * its own that exists only while the engine drains. When the timeout elapses first, the operations still waiting
 * for the engine fail with {@link EngineUnavailableException}: the router moves those on portable keys to the next
 * engine, and a paused async job resumes with that engine's result.
 */
final class Drain {

    private final RegisteredEngine engine;
    private final CountDownLatch idle = new CountDownLatch(1);
    private volatile boolean cutShort;
    private Thread thread;

    private Drain(RegisteredEngine engine) {
        this.engine = engine;
    }

    /**
     * Starts draining {@code engine}; {@code whenDone} runs once, on the drain's thread, when the engine is idle or
     * the timeout has elapsed (or {@link #cutShort()} was called).
     */
    static Drain start(RegisteredEngine engine, long timeoutNanos, Consumer<RegisteredEngine> whenDone) {
        Drain drain = new Drain(engine);
        engine.statistics().whenIdle(drain.idle::countDown);
        if (engine.statistics().inFlight() <= 0) {
            // the last operation ended between the caller's look and the hook: nothing to wait for
            drain.idle.countDown();
        }
        drain.thread = Thread.ofVirtual().name("enginetls-drain-" + engine.id())
                .start(() -> drain.run(timeoutNanos, whenDone));
        return drain;
    }

    private void run(long timeoutNanos, Consumer<RegisteredEngine> whenDone) {
        boolean drained;
        try {
            drained = idle.await(timeoutNanos, TimeUnit.NANOSECONDS) && !cutShort;
        } catch (InterruptedException e) {
            drained = false;
        }
        engine.statistics().whenIdle(null);
        if (!drained) {
            engine.expire(new EngineUnavailableException("the engine '" + engine.id() + "' left and did not "
                    + "complete the operation within the drain timeout of " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                    + " ms" + (cutShort ? " (EngineTLS is shutting down)" : "")));
        }
        whenDone.accept(engine);
    }

    /** Ends the wait now, failing what is still in flight (the registry closes). */
    void cutShort() {
        cutShort = true;
        idle.countDown();
    }

    /** Waits (bounded) until the drain's thread has terminated. */
    boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return thread.join(java.time.Duration.ofNanos(Math.max(1, unit.toNanos(timeout))));
    }
}
