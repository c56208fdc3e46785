package org.enginetls.provider.impl.engines;

import java.util.Objects;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.runtime.EngineState;

/**
 * An engine as the registry holds it: the engine, the ranking it was registered with, where it came
 * from, its state and its statistics. The capabilities are read once at registration, so the router
 * never calls into an engine just to decide whether to use it.
 */
public final class RegisteredEngine {

    /** {@code null} once the engine has left: see {@link #release()}. */
    private volatile CryptoEngine engine;
    private final String id;
    private final EngineCapabilities capabilities;
    private final int ranking;
    private final EngineOrigin origin;
    private final EngineStatistics statistics = new EngineStatistics();
    private volatile EngineState state = EngineState.ACTIVE;

    public RegisteredEngine(CryptoEngine engine, int ranking, EngineOrigin origin) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.id = engine.id();
        this.capabilities = Objects.requireNonNull(engine.capabilities(), "capabilities of " + engine.id());
        this.ranking = ranking;
        this.origin = origin;
    }

    /** The engine, or {@code null} once it has left the registry. */
    public CryptoEngine engine() {
        return engine;
    }

    public String id() {
        return id;
    }

    public EngineCapabilities capabilities() {
        return capabilities;
    }

    public int ranking() {
        return ranking;
    }

    public EngineOrigin origin() {
        return origin;
    }

    public EngineStatistics statistics() {
        return statistics;
    }

    public EngineState state() {
        return state;
    }

    void state(EngineState state) {
        this.state = state;
    }

    /**
     * Lets go of the engine when it leaves the registry. Entries outlive their engine's registration
     * (the record cipher of an idle open connection keeps the entry it came from): without this, they
     * would keep an uninstalled engine bundle's class loader reachable. Operations already submitted
     * hold the engine themselves.
     */
    void release() {
        this.engine = null;
    }

    @Override
    public String toString() {
        return id + "[ranking=" + ranking + ", " + state + "]";
    }
}
