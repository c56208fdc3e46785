package org.enginetls.provider.impl.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineBusyException;
import org.enginetls.engine.EngineException;
import org.enginetls.engine.EngineKey;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.async.AsyncJob;
import org.enginetls.provider.impl.async.JobCancelledException;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.engines.EngineStatistics;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.runtime.EngineState;

/**
 * Picks an engine for every operation and carries the operation out on it.
 *
 * <p>Candidates are the active engines, best-ranked first, that declare the operation and accept the
 * key. An operation on a portable key that fails on one engine is retried on the next; an operation
 * on an {@link EngineKey} only ever goes to the key's own engine. "Busy" answers are resubmitted to
 * the same engine after a short, bounded backoff before the router moves on.
 */
public final class CryptoRouter {

    /** A submitted operation, bound to one engine. */
    @FunctionalInterface
    public interface Submission<T> {
        CompletionStage<T> submit(CryptoEngine engine) throws GeneralSecurityException;
    }

    /** Creates an inline primitive on one engine. */
    @FunctionalInterface
    public interface Factory<T> {
        T create(CryptoEngine engine) throws GeneralSecurityException;
    }

    private final EngineRegistry registry;
    /** Replaced whole when the configuration changes; every operation reads it once. */
    private volatile RouterSettings settings;

    public CryptoRouter(EngineRegistry registry, RouterSettings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    public EngineRegistry registry() {
        return registry;
    }

    public RouterSettings settings() {
        return settings;
    }

    /** Applies {@code next} to operations submitted from now on. */
    public void settings(RouterSettings next) {
        settings = next;
    }

    /** Whether some active engine declares {@code algorithm} for {@code kind}. */
    public boolean supports(OperationKind kind, String algorithm) {
        for (RegisteredEngine candidate : registry.routable()) {
            if (candidate.state() == EngineState.ACTIVE && candidate.capabilities().supports(kind, algorithm)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs a submitted operation on the best engine that can take it, failing over as described in
     * the class comment, and waits for its result.
     */
    public <T> T submit(OperationKind kind, String algorithm, Key key, Submission<T> submission)
            throws GeneralSecurityException {
        GeneralSecurityException failure = null;
        RegisteredEngine previous = null;
        RouterSettings current = settings;
        registry.recheckFailed();
        for (RegisteredEngine candidate : registry.routable()) {
            if (!usable(candidate, kind, algorithm, key)) {
                continue;
            }
            if (previous != null) {
                previous.statistics().failedOver();
            }
            try {
                return runOn(candidate, submission, current);
            } catch (GeneralSecurityException e) {
                if (e instanceof EngineUnavailableException && !(e instanceof JobCancelledException)
                        && candidate.state() == EngineState.ACTIVE) {
                    // it may say why and be skipped from now on (FAILED) until it says it recovered
                    registry.checkHealth(candidate);
                }
                if (key instanceof EngineKey && e instanceof EngineUnavailableException
                        && !(e instanceof JobCancelledException) && candidate.state() != EngineState.ACTIVE) {
                    throw new EngineUnavailableException("the engine '" + candidate.id() + "' that holds this key left "
                            + "before completing " + kind + " " + algorithm + "; the key cannot be used by another "
                            + "engine: " + e.getMessage(), e);
                }
                if (key instanceof EngineKey || endsOperation(e)) {
                    throw e;
                }
                failure = e;
                // passing on a request the engine declined is routing, not a failover
                previous = declined(e) ? null : candidate;
            }
        }
        throw noEngine(registry, kind, algorithm, key, failure);
    }

    /** Whether the engine declined the request (a curve it lacks, say) rather than failed at it. */
    private static boolean declined(GeneralSecurityException e) {
        return e instanceof InvalidKeyException || e instanceof InvalidAlgorithmParameterException
                || e instanceof InvalidKeySpecException || e instanceof NoSuchAlgorithmException;
    }

    /**
     * Failures that no other engine can mend: the job was cancelled, or the application has already
     * been told that its paused operation failed.
     */
    private static boolean endsOperation(GeneralSecurityException e) {
        return e instanceof JobCancelledException || e instanceof OperationTimeoutException
                || e instanceof ReportedFailureException;
    }

    /** Creates an inline primitive on the best engine that can make it. */
    public <T> Inline<T> create(OperationKind kind, String algorithm, Key key, Factory<T> factory)
            throws GeneralSecurityException {
        GeneralSecurityException failure = null;
        registry.recheckFailed();
        for (RegisteredEngine candidate : registry.routable()) {
            if (!usable(candidate, kind, algorithm, key)) {
                continue;
            }
            CryptoEngine engine = candidate.engine();
            if (engine == null) {
                // it left after this loop took the engine list
                continue;
            }
            try {
                return new Inline<>(candidate, factory.create(engine));
            } catch (GeneralSecurityException | RuntimeException e) {
                failure = e instanceof GeneralSecurityException gse ? gse
                        : new EngineException(candidate.id() + " failed to create " + kind + " " + algorithm, e);
            }
        }
        throw noEngine(registry, kind, algorithm, key, failure);
    }

    /** An inline primitive together with the engine that made it. */
    public record Inline<T>(RegisteredEngine engine, T primitive) {
        /** Whether the primitive may still be used: its engine is active and accepts {@code key}. */
        public boolean usableWith(Key key) {
            return engine.state() == EngineState.ACTIVE && (key == null || acceptsKey(engine, key));
        }
    }

    private static boolean usable(RegisteredEngine candidate, OperationKind kind, String algorithm, Key key) {
        return candidate.state() == EngineState.ACTIVE
                && candidate.capabilities().supports(kind, algorithm)
                && (key == null || acceptsKey(candidate, key));
    }

    private static boolean acceptsKey(RegisteredEngine candidate, Key key) {
        if (key instanceof EngineKey engineKey) {
            return candidate.id().equals(engineKey.engineId());
        }
        CryptoEngine engine = candidate.engine();
        if (engine == null) {
            return false;
        }
        try {
            return engine.accepts(key);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private <T> T runOn(RegisteredEngine candidate, Submission<T> submission, RouterSettings settings)
            throws GeneralSecurityException {
        EngineStatistics statistics = candidate.statistics();
        AsyncJob<?> job = AsyncJob.current();
        long backoffNanos = settings.busyBackoffNanos();
        for (int attempt = 0; ; attempt++) {
            long start = statistics.submitted();
            boolean busyCounted = false;
            try {
                CompletableFuture<T> future = submitTo(candidate, submission);
                T result;
                if (future.isDone()) {
                    if (failedBusy(future)) {
                        // counted now: a paused job sees the answer only when the application resumes it,
                        // and until then the submission is neither in flight nor unreported
                        statistics.busy(start);
                        busyCounted = true;
                    }
                    result = await(job, future, settings);
                } else {
                    statistics.returnedPendingStage();
                    // known to the registry while pending, so that a departed engine's drain timeout can fail it
                    candidate.awaiting(future);
                    try {
                        result = await(job, future, settings);
                    } finally {
                        candidate.settled(future);
                    }
                }
                statistics.completed(start);
                return result;
            } catch (EngineBusyException busy) {
                if (!busyCounted) {
                    statistics.busy(start);
                }
                if (attempt >= (job == null ? settings.busyRetries() : settings.asyncBusyRetries())) {
                    throw busy;
                }
                if (job == null) {
                    // a paused job waits for the application's next call instead (contract point 5)
                    LockSupport.parkNanos(backoffNanos);
                    backoffNanos = Math.min(backoffNanos * 2, settings.maxBusyBackoffNanos());
                }
            } catch (GeneralSecurityException e) {
                // a job cancelled while it waited to resubmit after "busy" has that answer counted already
                if (!busyCounted) {
                    if (declined(e)) {
                        statistics.rejected(start);
                    } else {
                        statistics.failed(start, e);
                    }
                }
                throw e;
            } catch (RuntimeException e) {
                if (!busyCounted) {
                    statistics.failed(start, e);
                }
                throw new EngineException(candidate.id() + " failed: " + e, e);
            }
        }
    }

    private static boolean failedBusy(CompletableFuture<?> done) {
        return done.isCompletedExceptionally() && done.exceptionNow() instanceof EngineBusyException;
    }

    /** Submits, turning an engine that throws into a failed stage, so that both forms are handled alike. */
    private static <T> CompletableFuture<T> submitTo(RegisteredEngine candidate, Submission<T> submission) {
        CryptoEngine engine = candidate.engine();
        if (engine == null) {
            return CompletableFuture.failedFuture(new EngineUnavailableException(candidate.id() + " has left"));
        }
        try {
            CompletionStage<T> stage = submission.submit(engine);
            if (stage == null) {
                return CompletableFuture.failedFuture(
                        new EngineException(candidate.id() + " returned no stage for a submitted operation"));
            }
            return stage.toCompletableFuture();
        } catch (GeneralSecurityException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <T> T await(AsyncJob<?> job, CompletableFuture<T> future, RouterSettings settings)
            throws GeneralSecurityException {
        boolean reportedToApplication = false;
        if (job != null && (!future.isDone() || future.isCompletedExceptionally())) {
            reportedToApplication = !future.isDone();
            try {
                job.awaitOperation(future);
            } catch (TimeoutException e) {
                throw new OperationTimeoutException(e.getMessage());
            }
        }
        try {
            return future.isDone() ? future.join() : future.get(settings.operationTimeoutNanos(), TimeUnit.NANOSECONDS);
        } catch (CompletionException | ExecutionException e) {
            GeneralSecurityException cause = unwrap(e.getCause());
            if (reportedToApplication && !(cause instanceof EngineBusyException) && !AsyncJob.movesOn(cause)) {
                // the paused job's application was told ERR: the operation ends here, it does not move on
                throw new ReportedFailureException(cause);
            }
            throw cause;
        } catch (CancellationException e) {
            throw new EngineUnavailableException("the engine cancelled the operation", e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new OperationTimeoutException("the engine did not complete the operation within "
                    + TimeUnit.NANOSECONDS.toMillis(settings.operationTimeoutNanos()) + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new EngineUnavailableException("interrupted while waiting for the engine", e);
        }
    }

    private static GeneralSecurityException unwrap(Throwable cause) {
        if (cause instanceof GeneralSecurityException gse) {
            return gse;
        }
        return new EngineException("engine operation failed: " + cause, cause);
    }

    private static GeneralSecurityException noEngine(EngineRegistry registry, OperationKind kind, String algorithm,
            Key key, GeneralSecurityException failure) {
        if (key instanceof EngineKey engineKey && failure == null) {
            RegisteredEngine owner = registry.find(engineKey.engineId());
            if (owner != null && owner.state() == EngineState.FAILED) {
                // the engine is there but said it cannot work: its reason is the one the user needs
                return new EngineUnavailableException("the engine '" + engineKey.engineId()
                        + "' that holds this key has failed (" + kind + " " + algorithm + "): " + owner.stateReason());
            }
            return new EngineUnavailableException("the engine '" + engineKey.engineId()
                    + "' that holds this key is not available for " + kind + " " + algorithm
                    + "; start the engine's bundle or use a key it owns");
        }
        if (failure != null) {
            return failure;
        }
        return new NoSuchAlgorithmException("no active engine offers " + kind + " " + algorithm
                + (key == null ? "" : " for a " + key.getAlgorithm() + " key")
                + "; install an engine that does, or enable the software engine");
    }
}
