package org.enginetls.provider.impl.async;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A unit of work that can pause and be resumed later by another call &mdash; OpenSSL's
 * {@code ASYNC_JOB}, on a virtual thread instead of a fibre.
 *
 * <p>{@link #start} runs the body on a new virtual thread and returns once the body has either
 * finished or paused. The body pauses by calling {@link #pause()}; {@link #resume()} continues it on
 * behalf of an application call, and {@link #cancel()} ends it. Like {@code async.c}, a job
 * interprets nothing: whether a resumed body has what it waited for, what a wait means to the
 * application, how long it may last &mdash; all that is decided by whoever pauses the job (the
 * router's awaited operation). A body that is resumed too early simply pauses again.
 *
 * <p>The job knows nothing of TLS or engines: the body is any callable.
 */
public final class AsyncJob<T> {

    /** The work of a job. */
    @FunctionalInterface
    public interface Body<T> {
        T run() throws Exception;
    }

    private enum State { RUNNING, PAUSED, FINISHED }

    private static final ScopedValue<AsyncJob<?>> CURRENT = ScopedValue.newInstance();

    private final JobPool pool;
    private final JobListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.RUNNING;
    private boolean cancelled;
    /** What {@link #cancel()} must tell before it returns: the wait the body is in, if any. */
    private Runnable onCancel;
    private T result;
    private Throwable failure;

    private AsyncJob(JobPool pool, JobListener listener) {
        this.pool = pool;
        this.listener = listener;
    }

    /** The job the current thread works for, or {@code null} outside jobs. */
    public static AsyncJob<?> current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /**
     * Starts {@code body} as a job and waits until it has finished or paused.
     *
     * @param listener the application's wait context, for whoever pauses the job to tell; the job
     *        itself never calls it
     * @return the job, or {@code null} if the pool is full (the caller then runs the body itself)
     */
    public static <T> AsyncJob<T> start(JobPool pool, JobListener listener, Body<T> body) {
        if (!pool.reserve()) {
            return null;
        }
        AsyncJob<T> job = new AsyncJob<>(pool, listener);
        try {
            pool.newThread(() -> job.run(body)).start();
        } catch (RuntimeException | Error e) {
            pool.release();
            throw e;
        }
        job.awaitNotRunning();
        return job;
    }

    private void run(Body<T> body) {
        T value = null;
        Throwable thrown = null;
        try {
            value = ScopedValue.where(CURRENT, this).call(body::run);
        } catch (Throwable t) {
            thrown = t;
        }
        pool.release();
        lock.lock();
        try {
            result = value;
            failure = thrown;
            state = State.FINISHED;
            onCancel = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The application's wait context, as given to {@link #start}. */
    public JobListener listener() {
        return listener;
    }

    /** Whether the job has finished (its result is available). */
    public boolean isFinished() {
        return is(State.FINISHED);
    }

    /** Whether the job is paused. */
    public boolean isPaused() {
        return is(State.PAUSED);
    }

    private boolean is(State expected) {
        lock.lock();
        try {
            return state == expected;
        } finally {
            lock.unlock();
        }
    }

    /** The body's result; rethrows what the body threw. Only valid once {@link #isFinished()}. */
    public T result() throws Exception {
        lock.lock();
        try {
            if (state != State.FINISHED) {
                throw new IllegalStateException("the job has not finished");
            }
            if (failure instanceof Exception e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Continues a paused job on behalf of the calling application thread and waits until it has
     * paused again or finished.
     *
     * @return whether the job has finished
     */
    public boolean resume() {
        lock.lock();
        try {
            awaitNotRunningLocked();
            if (state == State.PAUSED) {
                state = State.RUNNING;
                changed.signalAll();
                awaitNotRunningLocked();
            }
            return state == State.FINISHED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * On the job's own thread: pauses until the application {@linkplain #resume() resumes} the job.
     *
     * @throws JobCancelledException if the job is (or was already) cancelled
     */
    public void pause() throws JobCancelledException {
        lock.lock();
        try {
            throwIfCancelled();
            state = State.PAUSED;
            changed.signalAll();
            while (state == State.PAUSED && !cancelled) {
                changed.awaitUninterruptibly();
            }
            state = State.RUNNING;
            throwIfCancelled();
        } finally {
            lock.unlock();
        }
    }

    /**
     * On the job's own thread: {@code action} is run by {@link #cancel()}, on the cancelling thread and
     * before it returns, until it is replaced ({@code null} clears it). A body that waits for something
     * other than a resume (the answer of an engine call in progress) is told of the cancellation that way.
     *
     * @throws JobCancelledException if the job is already cancelled
     */
    public void onCancel(Runnable action) throws JobCancelledException {
        lock.lock();
        try {
            if (action != null) {
                throwIfCancelled();
            }
            onCancel = action;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels the job: its {@linkplain #onCancel cancellation action} runs on this thread, a pause
     * ends with {@link JobCancelledException}, and this method returns once the job has finished.
     * Everything the body waits for is cancellable, so the wait is short.
     */
    public void cancel() {
        Runnable action;
        lock.lock();
        try {
            if (state == State.FINISHED || cancelled) {
                awaitFinishLocked();
                return;
            }
            cancelled = true;
            action = onCancel;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (action != null) {
            action.run();
        }
        lock.lock();
        try {
            awaitFinishLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the job has been cancelled. */
    public boolean isCancelled() {
        lock.lock();
        try {
            return cancelled;
        } finally {
            lock.unlock();
        }
    }

    private void awaitNotRunning() {
        lock.lock();
        try {
            awaitNotRunningLocked();
        } finally {
            lock.unlock();
        }
    }

    private void awaitNotRunningLocked() {
        while (state == State.RUNNING) {
            changed.awaitUninterruptibly();
        }
    }

    private void awaitFinishLocked() {
        while (state != State.FINISHED) {
            changed.awaitUninterruptibly();
        }
    }

    private void throwIfCancelled() throws JobCancelledException {
        if (cancelled) {
            throw new JobCancelledException();
        }
    }
}
