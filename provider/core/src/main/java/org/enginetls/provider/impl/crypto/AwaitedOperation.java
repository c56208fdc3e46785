package org.enginetls.provider.impl.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.enginetls.async.AsyncStatus;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineBusyException;
import org.enginetls.engine.EngineException;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.WaitContext;
import org.enginetls.provider.impl.async.AsyncJob;
import org.enginetls.provider.impl.async.JobCancelledException;
import org.enginetls.provider.impl.async.SynchronousWait;
import org.enginetls.provider.impl.engines.EngineStatistics;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.provider.impl.software.SoftwareEngine;

/**
 * One submission of an operation to one engine, from the submit call to its answer: the only place
 * where an engine's answer gets its meaning.
 *
 * <p>It settles exactly once, under its lock, with the first of the engine's answer, the operation
 * timeout and the cancellation of the job that waits, and settling alone decides everything that
 * follows: the engine's statistics, what the router does next ({@link Verdict}), and &mdash; only if
 * the application was told that its job waits for this operation &mdash; the async status and the
 * one wake. A cancellation silences the operation before it returns: a wake in progress on another
 * thread is waited for, and none starts afterwards.
 *
 * <p>The submit call itself runs on a virtual thread of its own (except on the built-in software
 * engine, which computes inline and never blocks), so the timeout holds even for an engine that
 * blocks inside {@code submit}; that thread ends when the engine returns, and a stage it returns
 * after the operation settled is cancelled. Cancelling and failing act on the engine's stage as far as
 * the stage lets them: see {@link #followed}. It is also the {@link WaitContext} the engine sees: what
 * the engine says through it reaches the application only while the operation is pending.
 */
final class AwaitedOperation<T> implements WaitContext {

    /** What a settled operation means to the router. */
    enum Verdict {
        /** The engine answered with a value. */
        VALUE,
        /** The engine was busy: submit again, or past the retry limit move to the next engine. */
        BUSY,
        /** The engine is gone or gave up the operation: the next engine may do it. */
        UNAVAILABLE,
        /** The engine does not take this request (a curve it lacks, say): the next engine may. */
        DECLINED,
        /** The engine judged the input (a bad signature or padding): final, never retried elsewhere. */
        INPUT_REJECTED,
        /** The engine failed, or did not answer within the operation timeout: final. */
        FAULT,
        /** The job that waited was cancelled (its TLS engine closed): nobody's fault, nothing follows. */
        CANCELLED;

        /** Whether an operation on a portable key may go to the next engine. */
        boolean movesOn() {
            return this == BUSY || this == UNAVAILABLE || this == DECLINED;
        }

        /** Whether moving on is a failover of this engine; passing on a declined request is routing. */
        boolean failsOver() {
            return this == BUSY || this == UNAVAILABLE;
        }
    }

    /** Runs the timeout of a paused operation, which may wake the application, off the JDK's delay thread. */
    private static final Executor TIMEOUTS = task -> Thread.ofVirtual().name("enginetls-operation-timeout").start(task);

    private final RegisteredEngine engine;
    private final OperationKind kind;
    private final AsyncJob<?> job;
    private final WaitContext application;
    private final long timeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long startNanos;
    /** The engine's stage, once its submit call has returned. */
    private CompletableFuture<T> stage;
    private CompletableFuture<Void> deadline;
    /** The application was told its job waits for this operation: it is owed the one wake. */
    private boolean told;
    /** The engine answered "busy" before the job paused: the job wakes the application and pauses once. */
    private boolean pauseOwed;
    /** Nothing reaches the application any more: the job was cancelled. */
    private boolean silenced;
    /** The thread that is telling the application something right now, if any. */
    private Thread telling;
    private Verdict verdict;
    private T value;
    private GeneralSecurityException failure;

    private AwaitedOperation(RegisteredEngine engine, OperationKind kind, AsyncJob<?> job, long timeoutNanos) {
        this.engine = engine;
        this.kind = kind;
        this.job = job;
        this.application = job == null ? SynchronousWait.INSTANCE : job.listener();
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Submits to {@code engine} on behalf of the current thread (a job, or a caller that blocks).
     *
     * @throws JobCancelledException if the current job is cancelled already (nothing is submitted)
     */
    static <T> AwaitedOperation<T> submit(RegisteredEngine engine, OperationKind kind,
            CryptoRouter.Submission<T> submission, long timeoutNanos) throws JobCancelledException {
        AsyncJob<?> job = AsyncJob.current();
        AwaitedOperation<T> operation = new AwaitedOperation<>(engine, kind, job, timeoutNanos);
        if (job != null) {
            job.onCancel(operation::cancel);
        }
        operation.start(submission);
        return operation;
    }

    private void start(CryptoRouter.Submission<T> submission) {
        startNanos = engine.statistics().submitted();
        CryptoEngine target = engine.engine();
        if (target == null) {
            settle(Verdict.UNAVAILABLE, null, new EngineUnavailableException(engine.id() + " has left"));
        } else if (target instanceof SoftwareEngine) {
            answered(submitTo(target, submission));
        } else {
            armDeadline();
            Thread.ofVirtual().name("enginetls-submit-" + engine.id()).start(() -> answered(submitTo(target, submission)));
        }
    }

    /** Calls the engine, turning an engine that throws or returns nothing into a failed stage. */
    private CompletableFuture<T> submitTo(CryptoEngine target, CryptoRouter.Submission<T> submission) {
        try {
            CompletionStage<T> returned = submission.submit(target, this);
            if (returned == null) {
                return CompletableFuture.failedFuture(
                        new EngineException(engine.id() + " returned no stage for a submitted operation"));
            }
            return followed(returned);
        } catch (GeneralSecurityException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The future this operation waits for, cancels and lets the registry fail, as {@link CryptoEngine}'s contract
     * says: what the stage's {@code toCompletableFuture()} gives (a {@code CompletableFuture} itself, a copy of a
     * minimal stage), or, for a stage that does not interoperate with {@code CompletableFuture}, a future of ours
     * that follows it.
     */
    private static <T> CompletableFuture<T> followed(CompletionStage<T> returned) {
        try {
            return returned.toCompletableFuture();
        } catch (UnsupportedOperationException e) {
            // the stage's own contract allows it; the stage is still a valid answer
            CompletableFuture<T> follower = new CompletableFuture<>();
            returned.whenComplete((result, error) -> {
                if (error != null) {
                    follower.completeExceptionally(error);
                } else {
                    follower.complete(result);
                }
            });
            return follower;
        }
    }

    /** The engine's submit call returned {@code returned}. */
    private void answered(CompletableFuture<T> returned) {
        lock.lock();
        try {
            if (verdict != null) {
                // timed out or cancelled while the engine was still inside submit: it may drop the work
                returned.cancel(true);
                return;
            }
            stage = returned;
            if (!returned.isDone()) {
                engine.statistics().returnedPendingStage();
                // known to the registry while pending, so that a departed engine's drain timeout can fail it
                engine.awaiting(returned);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!returned.isDone()) {
            armDeadline();
        }
        returned.whenComplete((result, error) -> completed(result, error));
    }

    private void armDeadline() {
        CompletableFuture<Void> timer = new CompletableFuture<>();
        lock.lock();
        try {
            if (verdict != null || deadline != null) {
                return;
            }
            deadline = timer;
        } finally {
            lock.unlock();
        }
        // settling cancels the timer, which removes it from the JDK's delay queue without running the timeout
        timer.completeOnTimeout(null, timeoutNanos, TimeUnit.NANOSECONDS).thenRunAsync(this::timedOut, TIMEOUTS);
    }

    private void timedOut() {
        settle(Verdict.FAULT, null, new OperationTimeoutException(engine.id() + " did not complete the operation within "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
    }

    private void completed(T result, Throwable error) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        if (cause == null) {
            settle(Verdict.VALUE, result, null);
        } else if (cause instanceof CancellationException) {
            // ours (a timeout, a cancel) settled first and is not overwritten; otherwise the engine gave up
            settle(Verdict.UNAVAILABLE, null, new EngineUnavailableException(engine.id() + " cancelled the operation", cause));
        } else if (cause instanceof GeneralSecurityException gse) {
            settle(verdictOn(gse), null, gse);
        } else {
            settle(Verdict.FAULT, null, new EngineException(engine.id() + " failed: " + cause, cause));
        }
    }

    /** What an engine's failure means: the one place that decides between failing over and ending. */
    private Verdict verdictOn(GeneralSecurityException cause) {
        if (cause instanceof EngineBusyException) {
            return Verdict.BUSY;
        }
        if (cause instanceof EngineUnavailableException) {
            return Verdict.UNAVAILABLE;
        }
        if (cause instanceof EngineException) {
            return Verdict.FAULT;
        }
        if (cause instanceof InvalidKeyException) {
            // a key agreement's input is the peer's public key: a bad one is a verdict, not a decline
            return kind == OperationKind.AGREE ? Verdict.INPUT_REJECTED : Verdict.DECLINED;
        }
        if (cause instanceof InvalidAlgorithmParameterException || cause instanceof NoSuchAlgorithmException
                || cause instanceof InvalidKeySpecException) {
            return Verdict.DECLINED;
        }
        // SignatureException, BadPaddingException, AEADBadTagException, ...: the engine did its work
        return Verdict.INPUT_REJECTED;
    }

    /** Settles the operation, unless it is settled already; tells the application if it is owed a wake. */
    private void settle(Verdict settledAs, T result, GeneralSecurityException cause) {
        CompletableFuture<T> toCancel;
        CompletableFuture<Void> timer;
        boolean wake = false;
        lock.lock();
        try {
            if (verdict != null) {
                return;
            }
            verdict = settledAs;
            value = result;
            failure = cause;
            count();
            toCancel = stage;
            timer = deadline;
            if (job != null && settledAs != Verdict.CANCELLED) {
                if (settledAs == Verdict.BUSY && !told) {
                    // the seed's step 3: the job itself wakes the application before its call returns, then
                    // waits for the application's next call to resubmit
                    told = true;
                    pauseOwed = true;
                } else {
                    wake = told;
                }
                // set before the job can see the verdict, so that the call it returns from reads it
                switch (settledAs) {
                    case BUSY -> application.setStatus(AsyncStatus.EAGAIN);
                    case INPUT_REJECTED, FAULT -> {
                        if (told) {
                            application.setStatus(AsyncStatus.ERR);
                        }
                    }
                    // VALUE, or a failover the resumed job carries out: still OK
                    default -> { }
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (timer != null) {
            timer.cancel(false);
        }
        if (toCancel != null && settledAs != Verdict.VALUE) {
            toCancel.cancel(true);
        }
        if (wake) {
            wakeApplication();
        }
    }

    /** Records the settled operation in its engine's statistics; under the lock, so exactly once. */
    private void count() {
        EngineStatistics statistics = engine.statistics();
        if (stage != null) {
            engine.settled(stage);
        }
        switch (verdict) {
            case VALUE, INPUT_REJECTED -> statistics.completed(startNanos);
            case BUSY -> statistics.busy(startNanos);
            case DECLINED -> statistics.rejected(startNanos);
            case CANCELLED -> statistics.cancelled(startNanos);
            case UNAVAILABLE, FAULT -> statistics.failed(startNanos, failure);
        }
    }

    /**
     * Invokes the application's callback, unless silenced. Not under the lock (the callback may ask the
     * engine anything), but known to {@link #cancel()}, which waits for it to end.
     */
    private void wakeApplication() {
        lock.lock();
        try {
            if (silenced) {
                return;
            }
            telling = Thread.currentThread();
        } finally {
            lock.unlock();
        }
        try {
            application.wake();
        } finally {
            lock.lock();
            try {
                telling = null;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits until the operation has settled: a job pauses while the engine works (and again after a
     * resume that came too early), a blocked caller simply waits. The deadline bounds both.
     *
     * @return how the operation settled; never {@link Verdict#CANCELLED}
     * @throws JobCancelledException if the job was cancelled
     */
    Verdict await() throws JobCancelledException {
        lock.lock();
        try {
            while (true) {
                if (verdict == Verdict.CANCELLED) {
                    throw new JobCancelledException();
                }
                if (verdict != null && !pauseOwed) {
                    return verdict;
                }
                if (job != null && (pauseOwed || stage != null && !stage.isDone())) {
                    if (!told) {
                        told = true;
                        application.setStatus(AsyncStatus.OK);
                    }
                    boolean wakeFirst = pauseOwed;
                    pauseOwed = false;
                    lock.unlock();
                    try {
                        if (wakeFirst) {
                            wakeApplication();
                        }
                        job.pause();
                    } catch (JobCancelledException e) {
                        // the cancelling thread runs cancel() itself; waiting here for a callback in progress
                        // would deadlock a callback that closes its own TLS engine
                        settle(Verdict.CANCELLED, null, e);
                        throw e;
                    } finally {
                        lock.lock();
                    }
                } else {
                    changed.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
            if (job != null) {
                try {
                    job.onCancel(null);
                } catch (JobCancelledException e) {
                    // clearing never throws
                }
            }
        }
    }

    /**
     * The job that waits is cancelled: settles the operation as cancelled (if nothing settled it before)
     * and silences it. When this returns, the application hears nothing more from this operation.
     */
    void cancel() {
        settle(Verdict.CANCELLED, null, new JobCancelledException());
        lock.lock();
        try {
            silenced = true;
            changed.signalAll();
            // a callback already running finishes first, unless it is the one that closes the TLS engine
            while (telling != null && telling != Thread.currentThread()) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    Verdict verdict() {
        lock.lock();
        try {
            return verdict;
        } finally {
            lock.unlock();
        }
    }

    /** The engine's value; only after {@link Verdict#VALUE}. */
    T value() {
        lock.lock();
        try {
            return value;
        } finally {
            lock.unlock();
        }
    }

    /** Why the operation did not produce a value. */
    GeneralSecurityException failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isAsync() {
        return job != null;
    }

    /** The engine reports a status early (as {@code ASYNC_WAIT_CTX_set_status}); heard only while pending. */
    @Override
    public void setStatus(AsyncStatus status) {
        lock.lock();
        try {
            if (job != null && verdict == null) {
                application.setStatus(status);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The engine wakes the application itself (say, after its own retry); heard only while pending. */
    @Override
    public void wake() {
        boolean pending;
        lock.lock();
        try {
            pending = job != null && verdict == null;
        } finally {
            lock.unlock();
        }
        if (pending) {
            wakeApplication();
        }
    }
}
