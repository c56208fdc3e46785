package org.enginetls.provider.impl.async;

import java.lang.ref.Cleaner;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where jobs come from: the virtual threads they run on and how many may live at once. One per
 * EngineTLS instance &mdash; OpenSSL's job pool.
 */
public final class JobPool {

    private final ThreadFactory threads = Thread.ofVirtual().name("enginetls-job-", 0).factory();
    /** Cancels the jobs of engines the application abandoned; its thread ends with this pool. */
    private final Cleaner cleaner = Cleaner.create(Thread.ofVirtual().name("enginetls-job-cleaner").factory());
    private final AtomicInteger live = new AtomicInteger();
    private final int maxJobs;

    /**
     * @param maxJobs how many jobs may be live at once; a call that finds the pool full runs its
     *        work on the caller's thread instead (OpenSSL's {@code ASYNC_NO_JOBS})
     */
    public JobPool(int maxJobs) {
        this.maxJobs = maxJobs;
    }

    /** The number of jobs started and not yet finished. */
    public int liveJobs() {
        return live.get();
    }

    /** Reserves a place for a new job; {@code false} if the pool is full. */
    boolean reserve() {
        while (true) {
            int now = live.get();
            if (now >= maxJobs) {
                return false;
            }
            if (live.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        live.decrementAndGet();
    }

    /** Runs {@code action} once {@code owner} is unreachable (or when the returned cleanable is called). */
    public Cleaner.Cleanable whenUnreachable(Object owner, Runnable action) {
        return cleaner.register(owner, action);
    }

    Thread newThread(Runnable body) {
        return threads.newThread(body);
    }
}
