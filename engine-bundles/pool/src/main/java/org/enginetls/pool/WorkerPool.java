package org.enginetls.pool;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed number of named platform threads and a bounded queue, with the figures the engine
 * reports: queue depth, active workers, and the time the workers spent running operations.
 *
 * <p>Threads are named {@code enginetls-pool-<generation>-worker-<n>}; every pool made in this JVM
 * has a new generation, so a thread dump shows at once whether a replaced pool left a thread behind.
 */
final class WorkerPool {

    private static final AtomicInteger GENERATIONS = new AtomicInteger();

    /** The longest close() waits for interrupted workers to end after the drain time. */
    private static final long STOP_MILLIS = 5_000;

    private final int threads;
    private final int capacity;
    private final String threadNamePrefix;
    private final List<Thread> created = new CopyOnWriteArrayList<>();
    private final Executor executor;
    private final long startNanos = System.nanoTime();
    private final LongAdder finishedBusyNanos = new LongAdder();
    private final Map<Thread, Long> runningSince = new ConcurrentHashMap<>();
    private final UtilisationWindow window;
    private volatile boolean workersInterrupted;

    WorkerPool(int threads, int capacity) {
        this.threads = threads;
        this.capacity = capacity;
        this.threadNamePrefix = "enginetls-pool-" + GENERATIONS.incrementAndGet() + "-worker-";
        // a queue of capacity 0 is a hand-off: only a worker waiting for work takes an operation
        BlockingQueue<Runnable> queue = capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity);
        AtomicInteger numbers = new AtomicInteger();
        this.executor = new Executor(threads, queue, task -> {
            Thread thread = Thread.ofPlatform().name(threadNamePrefix + numbers.getAndIncrement()).daemon(true).unstarted(task);
            created.add(thread);
            return thread;
        });
        // all threads from the start: "threads" is what the pool has, not what it may grow to
        executor.prestartAllCoreThreads();
        this.window = new UtilisationWindow(startNanos);
    }

    /** Queues {@code task}; {@code false} if the queue is full (or the pool is shut down). */
    boolean offer(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException full) {
            return false;
        }
    }

    /** Takes {@code task} out of the queue if it has not started; whether it did. */
    boolean remove(Runnable task) {
        return executor.remove(task);
    }

    int threads() {
        return threads;
    }

    int capacity() {
        return capacity;
    }

    String threadNamePrefix() {
        return threadNamePrefix;
    }

    /** Worker threads of this pool that have not ended. */
    int threadsAlive() {
        int alive = 0;
        for (Thread thread : created) {
            alive += thread.isAlive() ? 1 : 0;
        }
        return alive;
    }

    /**
     * On a worker: it starts running an operation. Tasks call this and {@link #idle()} themselves,
     * around their work and before they hand out its result, so that whoever the result wakes sees
     * the worker idle already.
     */
    void busy() {
        runningSince.put(Thread.currentThread(), System.nanoTime());
    }

    /** On a worker: its operation's work is done. */
    void idle() {
        Long since = runningSince.remove(Thread.currentThread());
        if (since != null) {
            finishedBusyNanos.add(System.nanoTime() - since);
        }
    }

    /** Operations waiting for a worker. */
    int queueDepth() {
        return executor.getQueue().size();
    }

    /** Workers running an operation now. */
    int activeWorkers() {
        return runningSince.size();
    }

    /**
     * The workers' busy time / (threads x wall time) since the pool started, and over the recent
     * window (see {@link UtilisationWindow}).
     */
    UtilisationWindow.Reading utilisation() {
        long now = System.nanoTime();
        long busy = finishedBusyNanos.sum();
        for (Long since : runningSince.values()) {
            busy += Math.max(0, now - since);
        }
        return window.read(now, busy, threads);
    }

    /** Whether shutdown ran out of drain time and interrupted the workers. */
    boolean workersInterrupted() {
        return workersInterrupted;
    }

    boolean isShutdown() {
        return executor.isShutdown();
    }

    /**
     * Takes no more work, lets queued work run for up to {@code drainMillis}, then interrupts the
     * workers and waits (bounded) for their threads to end.
     *
     * @return the queued tasks that never ran
     */
    List<Runnable> shutdown(long drainMillis) {
        executor.shutdown();
        try {
            if (executor.awaitTermination(drainMillis, TimeUnit.MILLISECONDS)) {
                return List.of();
            }
            workersInterrupted = true;
            List<Runnable> neverRan = executor.shutdownNow();
            if (!executor.awaitTermination(STOP_MILLIS, TimeUnit.MILLISECONDS)) {
                System.getLogger(WorkerPool.class.getName()).log(System.Logger.Level.WARNING,
                        "{0} worker(s) named {1}* did not end within {2} ms of being interrupted",
                        threadsAlive(), threadNamePrefix, STOP_MILLIS);
            }
            return neverRan;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workersInterrupted = true;
            return executor.shutdownNow();
        }
    }

    /** Waits (bounded) until every worker thread has ended; whether they have. */
    boolean awaitThreadsEnded(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread thread : created) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0 || !thread.join(java.time.Duration.ofMillis(left))) {
                return threadsAlive() == 0;
            }
        }
        return true;
    }

    /** The executor: a fixed set of threads, and a full queue rejects. */
    private static final class Executor extends ThreadPoolExecutor {
        Executor(int threads, BlockingQueue<Runnable> queue, java.util.concurrent.ThreadFactory factory) {
            super(threads, threads, 0, TimeUnit.MILLISECONDS, queue, factory, new AbortPolicy());
        }
    }
}
