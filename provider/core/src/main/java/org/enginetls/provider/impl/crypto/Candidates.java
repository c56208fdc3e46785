package org.enginetls.provider.impl.crypto;

import java.lang.System.Logger.Level;
import java.security.Key;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineKey;
import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.crypto.AwaitedOperation.Verdict;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.runtime.EngineState;

/**
 * The engines one operation may go to, in the order of one snapshot of the registry's routable engines
 * (best-ranked first): those that are active, declare the operation and algorithm, and accept the key. Each is
 * judged only when the operation is about to move to it, so an engine that failed or left meanwhile is passed by.
 *
 * <p>An operation on an {@link EngineKey} has one candidate at most: the engine that owns the key, if that engine
 * {@linkplain CryptoEngine#accepts accepts} it too. An operation on a portable key moves from one candidate to the
 * next only after an answer that lets it ({@link Verdict#movesOn()}).
 */
final class Candidates {

    private static final System.Logger LOG = System.getLogger(Candidates.class.getName());

    private final RegisteredEngine[] snapshot;
    private final OperationKind kind;
    private final String algorithm;
    private final Key key;
    private int position;
    /** The next candidate once {@link #hasNext()} has looked for it, else {@code null}. */
    private RegisteredEngine next;

    Candidates(RegisteredEngine[] snapshot, OperationKind kind, String algorithm, Key key) {
        this.snapshot = snapshot;
        this.kind = kind;
        this.algorithm = algorithm;
        this.key = key;
    }

    /** Whether another engine can take the operation now. */
    boolean hasNext() {
        while (next == null && position < snapshot.length) {
            RegisteredEngine candidate = snapshot[position++];
            if (usable(candidate)) {
                next = candidate;
            }
        }
        return next != null;
    }

    /** The next engine that can take the operation, or {@code null} if none is left. */
    RegisteredEngine next() {
        if (!hasNext()) {
            return null;
        }
        RegisteredEngine candidate = next;
        next = null;
        return candidate;
    }

    /** Whether, after a candidate's {@code verdict}, the operation may go to the next candidate. */
    boolean movesOnAfter(Verdict verdict) {
        return verdict.movesOn() && !(key instanceof EngineKey);
    }

    private boolean usable(RegisteredEngine candidate) {
        return candidate.state() == EngineState.ACTIVE
                && candidate.capabilities().supports(kind, algorithm)
                && (key == null || accepts(candidate, key));
    }

    /**
     * Whether {@code candidate} may use {@code key}: an {@link EngineKey} only its owner, and only if the owner's
     * {@link CryptoEngine#accepts} says so, as for any key. An engine whose check throws does not take the key; the
     * exception is its last error, and logged the first time.
     */
    static boolean accepts(RegisteredEngine candidate, Key key) {
        if (key instanceof EngineKey engineKey && !candidate.id().equals(engineKey.engineId())) {
            return false;
        }
        CryptoEngine engine = candidate.engine();
        if (engine == null) {
            // it left after the snapshot was taken
            return false;
        }
        try {
            return engine.accepts(key);
        } catch (RuntimeException e) {
            if (candidate.statistics().keyCheckFailed(e)) {
                LOG.log(Level.WARNING, "EngineTLS engine '" + candidate.id() + "' threw from accepts(Key) for a "
                        + key.getAlgorithm() + " key; it is passed over for keys it cannot judge (logged once)", e);
            }
            return false;
        }
    }
}
