package org.enginetls.provider.impl.tls;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

import org.enginetls.provider.impl.async.AsyncJob;
import org.enginetls.provider.impl.async.JobPool;

/**
 * Decides where the handshake work of one engine runs, and carries it there: inline, in an async
 * job (async mode), or in a JSSE delegated task (otherwise, unless delegated tasks are off).
 *
 * <p>Handshake work is what BCJSSE does in {@code unwrap} for one handshake record, and in a
 * client's {@code beginHandshake} (or first {@code wrap}). Such a call is detached: its record is
 * copied out of the application's buffer (which counts as consumed at once) and BCJSSE runs it on
 * private buffers ({@link DetachedCall}); its outcome &mdash; plaintext, the handshake status, or an
 * exception &mdash; is reported by the application's next call. Everything else (application data,
 * the draining of queued handshake messages by {@code wrap}) goes straight to BCJSSE.
 */
final class HandshakeScheduler {

    private final SSLEngine tls;
    private final AsyncEngineState async;
    private final JobPool jobs;
    private final boolean delegatedTasks;
    private final Object owner;
    private final PausedJob paused = new PausedJob();
    private Cleaner.Cleanable abandonWatch;
    private boolean begun;

    /** The paused job, if any; written under this scheduler's lock, read without it. */
    private volatile AsyncJob<SSLEngineResult> job;
    /** What getters answer while a job holds BCJSSE; {@code null} when no job does. */
    private volatile PausedView pausedView;
    private DetachedCall jobCall;
    private DetachedCall taskCall;
    private boolean taskHandedOut;
    private Outcome outcome;

    HandshakeScheduler(Object owner, SSLEngine tls, AsyncEngineState async, JobPool jobs, boolean delegatedTasks) {
        this.owner = owner;
        this.tls = tls;
        this.async = async;
        this.jobs = jobs;
        this.delegatedTasks = delegatedTasks;
    }

    synchronized SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        SSLEngineResult waiting = advance();
        if (waiting != null) {
            return waiting;
        }
        if (outcome != null && outcome.plaintext().hasRemaining()) {
            return deliver(0, dsts, offset, length);
        }
        // anything else is reported by this call, which goes on with the next record as a JSSE engine
        // does after its task ran
        boolean finished = takeOutcome();
        int recordLength = RecordFraming.completeRecordLength(src);
        if (recordLength > 0 && detaching() && takesHandshakeRecordNow(src)) {
            begun = true;
            int start = src.position();
            DetachedCall call = DetachedCall.unwrap(tls, RecordFraming.take(src, recordLength));
            if (detach(call)) {
                return waiting(recordLength);
            }
            int consumed = outcome.result() == null ? recordLength : outcome.result().bytesConsumed();
            src.position(start + consumed);
            return deliver(consumed, dsts, offset, length);
        }
        begun = true;
        SSLEngineResult result = tls.unwrap(src, dsts, offset, length);
        return finished ? reportFinished(result) : result;
    }

    synchronized SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        SSLEngineResult waiting = advance();
        if (waiting != null) {
            return waiting;
        }
        boolean finished = takeOutcome();
        if (!begun && tls.getUseClientMode() && detaching() && !tls.isOutboundDone()) {
            begin();
            if (job != null || taskCall != null) {
                return waiting(0);
            }
            throwIfFailed();
            outcome = null;
        }
        begun = true;
        SSLEngineResult result = tls.wrap(srcs, offset, length, dst);
        return finished ? reportFinished(result) : result;
    }

    /** A detached call finished the handshake: the next result says so, as JSSE requires once. */
    private static SSLEngineResult reportFinished(SSLEngineResult result) {
        if (result.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
            return result;
        }
        return new SSLEngineResult(result.getStatus(), HandshakeStatus.FINISHED, result.bytesConsumed(), result.bytesProduced());
    }

    synchronized void beginHandshake() throws SSLException {
        if (advance() != null) {
            return;
        }
        if (outcome != null) {
            throwIfFailed();
        }
        if (begun || !tls.getUseClientMode() || !detaching()) {
            begun = true;
            tls.beginHandshake();
            return;
        }
        begin();
        if (job == null && taskCall == null) {
            throwIfFailed();
            outcome = null;
        }
    }

    private void begin() {
        begun = true;
        detach(DetachedCall.beginHandshake(tls));
    }

    HandshakeStatus handshakeStatus() {
        if (insideDetachedCall()) {
            return HandshakeStatus.NEED_TASK;
        }
        synchronized (this) {
            return handshakeStatusNow();
        }
    }

    private HandshakeStatus handshakeStatusNow() {
        if (job != null || taskCall != null) {
            return HandshakeStatus.NEED_TASK;
        }
        if (outcome != null && outcome.failure() != null) {
            // the next call throws it, and the wrap after that sends BCJSSE's alert
            return HandshakeStatus.NEED_WRAP;
        }
        return tls.getHandshakeStatus();
    }

    Runnable delegatedTask() {
        if (insideDetachedCall()) {
            return null;
        }
        synchronized (this) {
            return nextDelegatedTask();
        }
    }

    /**
     * Whether the caller is the thread running a detached call: a key or trust manager that BCJSSE
     * calls from a job or a delegated task, asking the engine about itself. It holds BCJSSE's lock
     * but not this scheduler's, which the application's thread may hold while it waits for that job;
     * it is answered what the application is told meanwhile (the call's work is a task), without
     * taking the lock.
     */
    private boolean insideDetachedCall() {
        return Thread.holdsLock(tls) && !Thread.holdsLock(this);
    }

    private synchronized Runnable nextDelegatedTask() {
        if (taskCall == null || taskHandedOut) {
            return null;
        }
        taskHandedOut = true;
        DetachedCall call = taskCall;
        return () -> taskDone(call, Outcome.of(call));
    }

    private synchronized void taskDone(DetachedCall call, Outcome done) {
        if (taskCall == call) {
            taskCall = null;
            outcome = done;
        }
    }

    /**
     * Whether a job waits. Such a job is parked inside BCJSSE's synchronized {@code unwrap} or
     * {@code beginHandshake} and keeps that lock until the application resumes it, so any other
     * BCJSSE call would block the caller &mdash; often the very thread that must resume the job. Read
     * without this scheduler's lock, so that it can be asked from anywhere, callbacks included.
     */
    boolean waitingForAsync() {
        return job != null;
    }

    /** What the engine's getters answer now, if a job holds BCJSSE; {@code null} otherwise. */
    PausedView pausedView() {
        return pausedView;
    }

    /**
     * Cancels a paused job (the engine is closing): the job ends and nothing is left running; once this
     * returns, the application hears nothing more from it. The job is cancelled before this scheduler's
     * lock is taken: a callback already running may ask the engine about itself (which the paused view
     * answers while the job is still set), and cancelling waits for that callback to end.
     */
    void cancel() {
        AsyncJob<SSLEngineResult> waiting = job;
        if (waiting != null) {
            waiting.cancel();
        }
        AsyncJob<SSLEngineResult> startedMeanwhile;
        synchronized (this) {
            startedMeanwhile = job == waiting ? null : job;
            job = null;
            jobCall = null;
            taskCall = null;
            paused.job = null;
            pausedView = null;
        }
        if (startedMeanwhile != null) {
            startedMeanwhile.cancel();
        }
    }

    /** Resumes a paused job; a non-null result means the call must report that it still waits. */
    private SSLEngineResult advance() {
        if (job != null) {
            async.pausing();
            if (!job.resume() || job.isPaused()) {
                return waiting(0);
            }
            outcome = Outcome.of(job, jobCall);
            job = null;
            jobCall = null;
            paused.job = null;
            pausedView = null;
            return null;
        }
        return taskCall != null ? waiting(0) : null;
    }

    /** Runs {@code call} the way this engine's mode says; {@code true} if it now waits (job or task). */
    private boolean detach(DetachedCall call) {
        if (async.asyncMode()) {
            async.pausing();
            pausedView = PausedView.of(tls);
            AsyncJob<SSLEngineResult> started = AsyncJob.start(jobs, async, call::run);
            if (started != null && started.isPaused()) {
                job = started;
                jobCall = call;
                watchForAbandonment(started);
                return true;
            }
            pausedView = null;
            outcome = started != null ? Outcome.of(started, call) : Outcome.of(call);
            return false;
        }
        if (delegatedTasks) {
            taskCall = call;
            taskHandedOut = false;
            return true;
        }
        outcome = Outcome.of(call);
        return false;
    }

    private void watchForAbandonment(AsyncJob<?> started) {
        paused.job = started;
        if (abandonWatch == null) {
            abandonWatch = jobs.whenUnreachable(owner, paused);
        }
    }

    private SSLEngineResult deliver(int consumed, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        throwIfFailed();
        Outcome current = outcome;
        ByteBuffer plaintext = current.plaintext();
        int produced = 0;
        for (int i = offset; i < offset + length && plaintext.hasRemaining(); i++) {
            int n = Math.min(dsts[i].remaining(), plaintext.remaining());
            dsts[i].put(plaintext.slice(plaintext.position(), n));
            plaintext.position(plaintext.position() + n);
            produced += n;
        }
        Status status = current.result().getStatus();
        if (plaintext.hasRemaining()) {
            outcome = current.reported();
            if (produced == 0) {
                status = Status.BUFFER_OVERFLOW;
            }
        } else {
            outcome = null;
        }
        HandshakeStatus handshake = current.finished() ? HandshakeStatus.FINISHED : tls.getHandshakeStatus();
        return new SSLEngineResult(status, handshake, consumed, produced);
    }

    /**
     * Reports a finished detached call: throws its failure, or returns whether it finished the
     * handshake. Plaintext it produced stays for the next {@code unwrap}.
     */
    private boolean takeOutcome() throws SSLException {
        if (outcome == null) {
            return false;
        }
        throwIfFailed();
        boolean finished = outcome.finished();
        outcome = outcome.plaintext().hasRemaining() ? outcome.reported() : null;
        return finished;
    }

    private void throwIfFailed() throws SSLException {
        if (outcome != null && outcome.failure() != null) {
            SSLException failure = outcome.failure();
            outcome = null;
            throw failure;
        }
    }

    private boolean detaching() {
        return async.asyncMode() || delegatedTasks;
    }

    /**
     * Whether the complete record at {@code src}'s position is handshake work (any record during a
     * handshake, a handshake record after it) that BCJSSE's {@code unwrap} would take now. It takes
     * none while it is closed for input or has output to send ({@code NEED_WRAP}, e.g. the TLS 1.3
     * client's compatibility change_cipher_spec): it then answers with nothing consumed and its
     * status, as SunJSSE does. Such a call is not detached but goes straight to BCJSSE for that
     * answer, since a detached record counts as consumed at once and BCJSSE would never see it again.
     * While a call is detached the application's calls only report that it waits, so nothing can
     * change BCJSSE's mind before the call runs. An application data record after the handshake costs
     * one question to BCJSSE here.
     */
    private boolean takesHandshakeRecordNow(ByteBuffer src) {
        HandshakeStatus status = tls.getHandshakeStatus();
        if (status == HandshakeStatus.NOT_HANDSHAKING) {
            return RecordFraming.contentType(src) == RecordFraming.CONTENT_TYPE_HANDSHAKE && !tls.isInboundDone();
        }
        return status == HandshakeStatus.NEED_UNWRAP && !tls.isInboundDone();
    }

    private static SSLEngineResult waiting(int consumed) {
        return new SSLEngineResult(Status.OK, HandshakeStatus.NEED_TASK, consumed, 0);
    }

    /**
     * What a finished detached call left to report.
     *
     * @param result BCJSSE's result, or {@code null} if it failed
     * @param plaintext plaintext not yet handed to the application
     * @param failure what the call threw, or {@code null}
     * @param finished whether the call finished the handshake and that is not yet reported
     */
    private record Outcome(SSLEngineResult result, ByteBuffer plaintext, SSLException failure, boolean finished) {

        static Outcome of(DetachedCall call) {
            try {
                return succeeded(call.run(), call);
            } catch (SSLException e) {
                return new Outcome(null, ByteBuffer.allocate(0), e, false);
            } catch (RuntimeException e) {
                return new Outcome(null, ByteBuffer.allocate(0), new SSLException("TLS engine failure: " + e, e), false);
            }
        }

        static Outcome of(AsyncJob<SSLEngineResult> job, DetachedCall call) {
            try {
                return succeeded(job.result(), call);
            } catch (SSLException e) {
                return new Outcome(null, ByteBuffer.allocate(0), e, false);
            } catch (Exception e) {
                return new Outcome(null, ByteBuffer.allocate(0), new SSLException("TLS engine failure: " + e, e), false);
            }
        }

        private static Outcome succeeded(SSLEngineResult result, DetachedCall call) {
            return new Outcome(result, call.plaintext(), null, result.getHandshakeStatus() == HandshakeStatus.FINISHED);
        }

        /** This outcome with its handshake status reported. */
        Outcome reported() {
            return new Outcome(result, plaintext, failure, false);
        }
    }

    /**
     * Cancels the paused job of an engine the application abandoned. It holds the job only &mdash;
     * never the engine &mdash; so that the engine can become unreachable.
     */
    private static final class PausedJob implements Runnable {
        volatile AsyncJob<?> job;

        @Override
        public void run() {
            AsyncJob<?> abandoned = job;
            if (abandoned != null) {
                abandoned.cancel();
            }
        }
    }
}
