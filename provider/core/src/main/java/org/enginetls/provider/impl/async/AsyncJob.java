package org.enginetls.provider.impl.async;

import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.enginetls.async.AsyncStatus;
import org.enginetls.engine.EngineBusyException;
import org.enginetls.engine.EngineUnavailableException;

/**
 * A unit of work that can pause while it waits for a crypto engine and be resumed later by another
 * call &mdash; OpenSSL's {@code ASYNC_JOB}, on a virtual thread instead of a fibre.
 *
 * <p>{@link #start} runs the body on a new virtual thread and returns once the body has either
 * finished or paused. The body pauses by calling {@link #awaitOperation} (the router does so for
 * every engine operation it waits for inside a job). A paused job continues only when what it waits
 * for has happened <em>and</em> the application has asked it to with {@link #resume()}: the work
 * always continues on behalf of an application call, never behind its back. The one exception is an
 * operation that {@linkplain #movesOn moves on} (its engine left, or declined the request): the job
 * then takes it to the next engine without bothering the application, and wakes the application
 * when it has finished (had it paused again, that pause would wake it in its turn).
 *
 * <p>The job knows nothing of TLS: the body is any callable.
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
    /** What the paused job waits for has happened: the next resume may continue it. */
    private boolean ready;
    private boolean resumeRequested;
    private boolean cancelled;
    /**
     * The job went on without an application call (its engine left): the application still waits for
     * a wake, so the job owes one when it finishes.
     */
    private boolean unattended;
    private CompletableFuture<?> awaited;
    private T result;
    private Throwable failure;
    private Thread thread;

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
     * @return the job, or {@code null} if the pool is full (the caller then runs the body itself)
     */
    public static <T> AsyncJob<T> start(JobPool pool, JobListener listener, Body<T> body) {
        if (!pool.reserve()) {
            return null;
        }
        AsyncJob<T> job = new AsyncJob<>(pool, listener);
        try {
            job.thread = pool.newThread(() -> job.run(body));
            job.thread.start();
        } catch (RuntimeException | Error e) {
            pool.release();
            throw e;
        }
        job.awaitPauseOrFinish();
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
        boolean owesWake;
        lock.lock();
        try {
            result = value;
            failure = thrown;
            state = State.FINISHED;
            awaited = null;
            owesWake = unattended && !cancelled;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (owesWake) {
            listener.wake();
        }
    }

    /** The waiting context engines see for operations of this job. */
    public JobListener listener() {
        return listener;
    }

    /** Whether the job has finished (its result is available). */
    public boolean isFinished() {
        lock.lock();
        try {
            return state == State.FINISHED;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the job is paused, waiting for an engine or for the application. */
    public boolean isPaused() {
        lock.lock();
        try {
            return state == State.PAUSED;
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
     * Asks a paused job to continue, on behalf of the calling application thread, and waits until it
     * has paused again or finished.
     *
     * @return {@code false} if what the job waits for has not happened yet (it stays paused)
     */
    public boolean resume() {
        lock.lock();
        try {
            while (state == State.RUNNING) {
                changed.awaitUninterruptibly();
            }
            if (state == State.FINISHED) {
                return true;
            }
            if (!ready) {
                return false;
            }
            resumeRequested = true;
            state = State.RUNNING;
            changed.signalAll();
            while (state == State.RUNNING) {
                changed.awaitUninterruptibly();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels the job: the operation it waits for is cancelled (so the engine can drop it), the body
     * sees a {@link JobCancelledException}, and this method returns once the job has finished. A
     * late completion of the operation is ignored.
     */
    public void cancel() {
        CompletableFuture<?> operation;
        lock.lock();
        try {
            if (state == State.FINISHED) {
                return;
            }
            cancelled = true;
            operation = awaited;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (operation != null) {
            operation.cancel(true);
        }
        awaitFinish();
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

    /**
     * On the job's own thread: waits for {@code operation}. An operation that is already complete
     * returns at once &mdash; unless it failed with "busy", in which case the job pauses with
     * {@link AsyncStatus#EAGAIN} until the application resumes it (and the caller resubmits). One
     * that is still running pauses the job with {@link AsyncStatus#OK} until it completes and the
     * application resumes the job.
     *
     * @throws TimeoutException if the operation did not complete within the pool's operation timeout
     *         (the application has then been told {@link AsyncStatus#ERR})
     * @throws JobCancelledException if the job was cancelled while it waited
     */
    public void awaitOperation(CompletableFuture<?> operation) throws TimeoutException, JobCancelledException {
        if (operation.isDone()) {
            if (failedWith(operation) instanceof EngineBusyException) {
                // told before the call returns (the seed's step 3); a resume that races ahead waits for the pause
                listener.setStatus(AsyncStatus.EAGAIN);
                listener.wake();
                pause(null, true);
                awaitResume();
            }
            return;
        }
        listener.setStatus(AsyncStatus.OK);
        pause(operation, false);
        operation.whenComplete((value, error) -> operationCompleted(operation, error));
        awaitCompletionAndResume(operation);
    }

    private void pause(CompletableFuture<?> operation, boolean readyAtOnce) throws JobCancelledException {
        lock.lock();
        try {
            throwIfCancelled();
            awaited = operation;
            ready = readyAtOnce;
            // this pause tells the application in its own turn
            unattended = false;
            resumeRequested = false;
            state = State.PAUSED;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a failed operation simply moves on to the next engine, without the application being
     * told: the engine left, or declined a request it does not take (BCJSSE probes curves and
     * algorithms that way).
     */
    public static boolean movesOn(Throwable cause) {
        return cause instanceof EngineUnavailableException || cause instanceof InvalidKeyException
                || cause instanceof InvalidAlgorithmParameterException || cause instanceof NoSuchAlgorithmException
                || cause instanceof InvalidKeySpecException;
    }

    private void operationCompleted(CompletableFuture<?> operation, Throwable error) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        boolean movesOn = movesOn(cause);
        lock.lock();
        try {
            if (cancelled || awaited != operation || state != State.PAUSED) {
                return;
            }
            ready = true;
            if (movesOn) {
                // the job moves the operation to the next engine by itself: no callback for that
                resumeRequested = true;
                state = State.RUNNING;
                unattended = true;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!movesOn) {
            if (cause instanceof EngineBusyException) {
                listener.setStatus(AsyncStatus.EAGAIN);
            } else if (cause != null) {
                listener.setStatus(AsyncStatus.ERR);
            }
            listener.wake();
        }
    }

    private void awaitCompletionAndResume(CompletableFuture<?> operation) throws TimeoutException, JobCancelledException {
        long timeout = pool.operationTimeoutNanos();
        long deadline = System.nanoTime() + timeout;
        boolean timedOut = false;
        lock.lock();
        try {
            while (!ready && !cancelled) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    timedOut = true;
                    ready = true;
                    break;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        if (timedOut) {
            operation.cancel(true);
            listener.setStatus(AsyncStatus.ERR);
            listener.wake();
            awaitResume();
            throw new TimeoutException("the engine did not complete the operation within "
                    + TimeUnit.NANOSECONDS.toMillis(timeout) + " ms");
        }
        awaitResume();
    }

    private void awaitResume() throws JobCancelledException {
        lock.lock();
        try {
            while (!resumeRequested && !cancelled) {
                changed.awaitUninterruptibly();
            }
            throwIfCancelled();
            resumeRequested = false;
            ready = false;
            awaited = null;
            state = State.RUNNING;
        } finally {
            lock.unlock();
        }
    }

    private void awaitPauseOrFinish() {
        lock.lock();
        try {
            while (state == State.RUNNING) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void awaitFinish() {
        lock.lock();
        try {
            while (state != State.FINISHED) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void throwIfCancelled() throws JobCancelledException {
        if (cancelled) {
            throw new JobCancelledException();
        }
    }

    private static Throwable failedWith(CompletableFuture<?> operation) {
        if (!operation.isCompletedExceptionally()) {
            return null;
        }
        try {
            operation.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
    }
}
