package org.enginetls.provider.impl.crypto;

import java.security.GeneralSecurityException;
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
 * <p>Candidates are the active engines, best-ranked first, that declare the operation and accept the
 * key. An operation on a portable key moves to the next engine when its engine is unavailable, stays
 * busy past the retry limit, or declines the request; a verdict about the input (a bad signature, bad
 * padding), an engine fault and a timeout end it. An operation on an {@link EngineKey} only ever goes
 * to the key's own engine. "Busy" answers are resubmitted to the same engine after a short, bounded
 * backoff before the router moves on.
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
        for (RegisteredEngine candidate : registry.routable()) {
            if (candidate.state() == EngineState.ACTIVE && candidate.capabilities().supports(kind, algorithm)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs a submitted operation on the best engine that can take it, failing over as described in
     * the class comment, and waits for its result. What each engine's answer means is decided by
     * {@link AwaitedOperation}; this method only follows its verdict from engine to engine.
     */
    public <T> T submit(OperationKind kind, String algorithm, Key key, Submission<T> submission)
            throws GeneralSecurityException {
        GeneralSecurityException failure = null;
        RegisteredEngine previous = null;
        RouterSettings current = settings;
        for (RegisteredEngine candidate : registry.routable()) {
            if (!usable(candidate, kind, algorithm, key)) {
                continue;
            }
            if (previous != null) {
                previous.statistics().failedOver();
            }
            AwaitedOperation<T> operation = runOn(candidate, kind, submission, current);
            Verdict verdict = operation.verdict();
            if (verdict == Verdict.VALUE) {
                return operation.value();
            }
            GeneralSecurityException e = operation.failure();
            if (!verdict.movesOn()) {
                // a verdict about the input, an engine fault or a timeout: no other engine is asked
                throw e;
            }
            if (verdict == Verdict.UNAVAILABLE && candidate.state() == EngineState.ACTIVE) {
                // the registry asks it (not here, not now) and skips it from then on if it says it cannot work
                registry.reportUnavailable(candidate);
            }
            if (key instanceof EngineKey) {
                if (verdict == Verdict.UNAVAILABLE && candidate.state() != EngineState.ACTIVE) {
                    throw new EngineUnavailableException("the engine '" + candidate.id() + "' that holds this key left "
                            + "before completing " + kind + " " + algorithm + "; the key cannot be used by another "
                            + "engine: " + e.getMessage(), e);
                }
                throw e;
            }
            failure = e;
            previous = verdict.failsOver() ? candidate : null;
        }
        throw noEngine(registry, kind, algorithm, key, failure);
    }

    /** Creates an inline primitive on the best engine that can make it. */
    public <T> Inline<T> create(OperationKind kind, String algorithm, Key key, Factory<T> factory)
            throws GeneralSecurityException {
        GeneralSecurityException failure = null;
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

    /**
     * Submits to one engine until it gives an answer other than "busy", or has been busy more often
     * than the settings allow. A blocked caller backs off before it resubmits; a job resubmits on the
     * application's next call instead (contract point 5).
     */
    private static <T> AwaitedOperation<T> runOn(RegisteredEngine candidate, OperationKind kind, Submission<T> submission,
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
