package org.enginetls.provider.impl.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineException;
import org.enginetls.engine.EngineKey;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.WaitContext;
import org.enginetls.provider.impl.async.AsyncJob;
import org.enginetls.provider.impl.async.JobCancelledException;
import org.enginetls.provider.impl.crypto.AwaitedOperation.Verdict;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.runtime.EngineState;

/**
 * Picks an engine for every operation and carries the operation out on it.
 *
 * <p>Choosing and trying are apart. {@link Candidates} yields the engines an operation may go to: the
 * active engines, best-ranked first, that declare the operation and accept the key (an {@link EngineKey}
 * only its own engine). The attempt on one engine is one {@link AwaitedOperation} per submission, which
 * alone decides what the engine's answer means and counts it in the engine's statistics, exactly once.
 * The router follows the verdicts: an operation on a portable key moves to the next engine when its
 * engine is unavailable, stays busy past the retry limit, or declines the request; a verdict about the
 * input (a bad signature, bad padding), an engine fault and a timeout end it. "Busy" answers are
 * resubmitted to the same engine after a short, bounded backoff before the router moves on. Of an
 * outcome the router itself records only what the sequence knows: that an engine was failed over, and
 * (to the registry) that it said it was unavailable.
 */
public final class CryptoRouter {

    /** A submitted operation, bound to one engine; the request it submits carries {@code waitContext}. */
    @FunctionalInterface
    public interface Submission<T> {
        CompletionStage<T> submit(CryptoEngine engine, WaitContext waitContext) throws GeneralSecurityException;
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
        return new Candidates(registry.routable(), kind, algorithm, null).hasNext();
    }

    /**
     * Runs a submitted operation on the best engine that can take it, failing over as described in
     * the class comment, and waits for its result. The engines come from {@link Candidates}; what each
     * one's answer means is decided by the {@link AwaitedOperation} of the attempt on it, which also
     * counts it; this method only follows the verdicts from engine to engine.
     */
    public <T> T submit(OperationKind kind, String algorithm, Key key, Submission<T> submission)
            throws GeneralSecurityException {
        RouterSettings current = settings;
        Candidates candidates = new Candidates(registry.routable(), kind, algorithm, key);
        GeneralSecurityException failure = null;
        for (RegisteredEngine candidate = candidates.next(); candidate != null; candidate = candidates.next()) {
            AwaitedOperation<T> operation = attempt(candidate, kind, submission, current);
            Verdict verdict = operation.verdict();
            if (verdict == Verdict.VALUE) {
                return operation.value();
            }
            failure = operation.failure();
            if (verdict == Verdict.UNAVAILABLE) {
                reportUnavailable(candidate);
            }
            if (!candidates.movesOnAfter(verdict)) {
                // a verdict about the input, an engine fault, a timeout, or the one engine of an engine-bound key
                throw ended(candidate, kind, algorithm, key, verdict, failure);
            }
            if (verdict.failsOver() && candidates.hasNext()) {
                // passing on a declined request is routing, not a failover
                candidate.statistics().failedOver();
            }
        }
        throw noEngine(registry, kind, algorithm, key, failure);
    }

    /** Creates an inline primitive on the best engine that can make it. */
    public <T> Inline<T> create(OperationKind kind, String algorithm, Key key, Factory<T> factory)
            throws GeneralSecurityException {
        GeneralSecurityException failure = null;
        Candidates candidates = new Candidates(registry.routable(), kind, algorithm, key);
        for (RegisteredEngine candidate = candidates.next(); candidate != null; candidate = candidates.next()) {
            CryptoEngine engine = candidate.engine();
            if (engine == null) {
                // it left after the candidates were judged
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
            return engine.state() == EngineState.ACTIVE && (key == null || Candidates.accepts(engine, key));
        }
    }

    /**
     * Tells the registry that {@code candidate} answered "unavailable": the router's one part in engine health,
     * and the only place it has one.
     */
    private void reportUnavailable(RegisteredEngine candidate) {
        if (candidate.state() == EngineState.ACTIVE) {
            // the registry asks it (not here, not now) and skips it from then on if it says it cannot work
            registry.reportUnavailable(candidate);
        }
    }

    /** The failure an operation ends with when {@code candidate}'s {@code verdict} lets it go no further. */
    private static GeneralSecurityException ended(RegisteredEngine candidate, OperationKind kind, String algorithm,
            Key key, Verdict verdict, GeneralSecurityException failure) {
        if (key instanceof EngineKey && verdict == Verdict.UNAVAILABLE && candidate.state() != EngineState.ACTIVE) {
            return new EngineUnavailableException("the engine '" + candidate.id() + "' that holds this key left "
                    + "before completing " + kind + " " + algorithm + "; the key cannot be used by another "
                    + "engine: " + failure.getMessage(), failure);
        }
        return failure;
    }

    /**
     * Submits to one engine until it gives an answer other than "busy", or has been busy more often
     * than the settings allow. A blocked caller backs off before it resubmits; a job resubmits on the
     * application's next call instead (contract point 5).
     */
    private static <T> AwaitedOperation<T> attempt(RegisteredEngine candidate, OperationKind kind, Submission<T> submission,
            RouterSettings settings) throws JobCancelledException {
        boolean inJob = AsyncJob.current() != null;
        int retries = inJob ? settings.asyncBusyRetries() : settings.busyRetries();
        long backoffNanos = settings.busyBackoffNanos();
        for (int attempt = 0; ; attempt++) {
            AwaitedOperation<T> operation = AwaitedOperation.submit(candidate, kind, submission, settings.operationTimeoutNanos());
            if (operation.await() != Verdict.BUSY || attempt >= retries) {
                return operation;
            }
            if (!inJob) {
                LockSupport.parkNanos(backoffNanos);
                backoffNanos = Math.min(backoffNanos * 2, settings.maxBusyBackoffNanos());
            }
        }
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
            if (owner != null && owner.state() == EngineState.ACTIVE && owner.capabilities().supports(kind, algorithm)) {
                // its accepts(Key) said no, or threw (then its last error says why)
                return new InvalidKeyException("the engine '" + engineKey.engineId() + "' that holds this key does "
                        + "not accept it for " + kind + " " + algorithm + "; the key cannot be used by another engine");
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
