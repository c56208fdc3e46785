package org.enginetls.provider.impl.engines;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.runtime.EngineState;

/**
 * The engines the router may use, best-ranked first.
 *
 * <p>Readers (the router, once per operation) take the current array without locking; writers
 * (engine arrival and departure, rare) build a new array under the registry's lock. Equal rankings
 * keep arrival order, as OSGi breaks ranking ties by the lower service id.
 */
public final class EngineRegistry {

    private static final Comparator<RegisteredEngine> BEST_FIRST =
            Comparator.comparingInt(RegisteredEngine::ranking).reversed();

    private volatile RegisteredEngine[] engines = new RegisteredEngine[0];
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    /** The engines in routing order. The array is shared: never modify it. */
    public RegisteredEngine[] engines() {
        return engines;
    }

    /** Adds {@code engine}; it takes new work at once, according to {@code ranking}. */
    public RegisteredEngine add(CryptoEngine engine, int ranking, EngineOrigin origin) {
        RegisteredEngine registered = new RegisteredEngine(engine, ranking, origin);
        synchronized (this) {
            List<RegisteredEngine> next = new ArrayList<>(Arrays.asList(engines));
            next.add(registered);
            next.sort(BEST_FIRST);
            engines = next.toArray(RegisteredEngine[]::new);
        }
        fireChanged();
        return registered;
    }

    /**
     * Removes {@code engine} (matched by identity). It is marked {@link EngineState#RETIRING} first,
     * so operations that already hold it see that it is leaving.
     *
     * @return the removed entry, or {@code null} if the engine was not registered
     */
    public RegisteredEngine remove(CryptoEngine engine) {
        RegisteredEngine removed = null;
        synchronized (this) {
            List<RegisteredEngine> next = new ArrayList<>(engines.length);
            for (RegisteredEngine candidate : engines) {
                if (removed == null && candidate.engine() == engine) {
                    removed = candidate;
                } else {
                    next.add(candidate);
                }
            }
            if (removed == null) {
                return null;
            }
            removed.state(EngineState.RETIRING);
            removed.release();
            engines = next.toArray(RegisteredEngine[]::new);
        }
        fireChanged();
        return removed;
    }

    /** The registered engine with {@code id}, or {@code null}. */
    public RegisteredEngine find(String id) {
        for (RegisteredEngine candidate : engines) {
            if (candidate.id().equals(id)) {
                return candidate;
            }
        }
        return null;
    }

    /** Calls {@code listener} after every change of the engine set. */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
    }

    private void fireChanged() {
        changeListeners.forEach(Runnable::run);
    }
}
