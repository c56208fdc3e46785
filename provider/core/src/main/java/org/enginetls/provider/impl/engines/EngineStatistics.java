package org.enginetls.provider.impl.engines;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and a latency sample of one engine. Updated on the hot path, so every update is a
 * single atomic operation; snapshots are taken only when someone asks for the status.
 */
public final class EngineStatistics {

    /** Latencies are sampled into a ring: percentiles describe the most recent operations. */
    private static final int LATENCY_SAMPLES = 1024;

    private final LongAdder submitted = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder eagain = new LongAdder();
    private final LongAdder failovers = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong peakInFlight = new AtomicLong();
    private final AtomicLongArray latencyNanos = new AtomicLongArray(LATENCY_SAMPLES);
    private final AtomicLong latencyCount = new AtomicLong();
    private volatile String lastError;
    private volatile long lastErrorTime;
    private volatile boolean returnedPendingStage;
    private final AtomicBoolean keyCheckFailed = new AtomicBoolean();
    /** Told when the last in-flight operation ends; set only while the engine drains. */
    private volatile Runnable whenIdle;

    /** Records a submission; returns its start time for {@link #completed(long)} and friends. */
    public long submitted() {
        submitted.increment();
        long now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
        return System.nanoTime();
    }

    public void completed(long startNanos) {
        finish(startNanos);
        completed.increment();
    }

    public void failed(long startNanos, Throwable cause) {
        finish(startNanos);
        failed.increment();
        lastError(cause);
    }

    /**
     * Records that the engine's {@code accepts(Key)} threw: its last error, though no operation ran.
     *
     * @return whether it is the first time, so that the caller logs it once
     */
    public boolean keyCheckFailed(Throwable cause) {
        lastError(cause);
        // a check that keeps throwing is asked again for every use of the key: read before writing
        return !keyCheckFailed.get() && keyCheckFailed.compareAndSet(false, true);
    }

    private void lastError(Throwable cause) {
        lastError = String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause);
        lastErrorTime = System.currentTimeMillis();
    }

    /** A request the engine declined as not one it takes (unknown parameters, say): no engine failure. */
    public void rejected(long startNanos) {
        ended();
    }

    /** An operation EngineTLS cancelled (its TLS engine closed while it waited): the engine is not to blame. */
    public void cancelled(long startNanos) {
        ended();
    }

    /** A submission answered "busy": nothing ran, so it counts neither as completed nor failed. */
    public void busy(long startNanos) {
        ended();
        eagain.increment();
    }

    public void failedOver() {
        failovers.increment();
    }

    /**
     * Records that the engine returned a stage that was not yet complete: it did the work on a
     * thread of its own. Written once; later calls only read, so the hot path takes no contention.
     */
    public void returnedPendingStage() {
        if (!returnedPendingStage) {
            returnedPendingStage = true;
        }
    }

    /** Whether the engine has ever returned a stage that completed later. */
    public boolean hasReturnedPendingStage() {
        return returnedPendingStage;
    }

    /**
     * Calls {@code action} whenever the number of in-flight operations drops to zero, until it is replaced
     * ({@code null} stops it). The hot path pays a volatile read only when the count reaches zero.
     */
    void whenIdle(Runnable action) {
        whenIdle = action;
    }

    private void ended() {
        if (inFlight.decrementAndGet() == 0) {
            Runnable action = whenIdle;
            if (action != null) {
                action.run();
            }
        }
    }

    private void finish(long startNanos) {
        ended();
        long slot = latencyCount.getAndIncrement() % LATENCY_SAMPLES;
        latencyNanos.set((int) slot, System.nanoTime() - startNanos);
    }

    public long submittedCount() {
        return submitted.sum();
    }

    public long completedCount() {
        return completed.sum();
    }

    public long failedCount() {
        return failed.sum();
    }

    public long eagainCount() {
        return eagain.sum();
    }

    public long failoverCount() {
        return failovers.sum();
    }

    public long inFlight() {
        return inFlight.get();
    }

    public long peakInFlight() {
        return peakInFlight.get();
    }

    public String lastError() {
        return lastError;
    }

    public long lastErrorTime() {
        return lastErrorTime;
    }

    /**
     * The latencies at {@code percentiles} (each 0..100) over the recent sample, in nanoseconds, in the order asked; 0
     * if there is none. The sample is copied and sorted once per call: ask for every percentile a report needs at once.
     */
    public long[] latencyPercentilesNanos(double... percentiles) {
        long[] answers = new long[percentiles.length];
        int n = (int) Math.min(latencyCount.get(), LATENCY_SAMPLES);
        if (n == 0) {
            return answers;
        }
        long[] sample = new long[n];
        for (int i = 0; i < n; i++) {
            sample[i] = latencyNanos.get(i);
        }
        Arrays.sort(sample);
        for (int p = 0; p < percentiles.length; p++) {
            int index = (int) Math.ceil(percentiles[p] / 100.0 * n) - 1;
            answers[p] = sample[Math.max(0, Math.min(n - 1, index))];
        }
        return answers;
    }
}
