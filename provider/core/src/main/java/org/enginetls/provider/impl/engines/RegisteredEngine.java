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

    private final CryptoEngine engine;
    private final EngineCapabilities capabilities;
    private final int ranking;
    private final EngineOrigin origin;
    private final EngineStatistics statistics = new EngineStatistics();
    private volatile EngineState state = EngineState.ACTIVE;

    public RegisteredEngine(CryptoEngine engine, int ranking, EngineOrigin origin) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.capabilities = Objects.requireNonNull(engine.capabilities(), "capabilities of " + engine.id());
        this.ranking = ranking;
        this.origin = origin;
    }

    public CryptoEngine engine() {
        return engine;
    }

    public String id() {
        return engine.id();
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

    @Override
    public String toString() {
        return engine.id() + "[ranking=" + ranking + ", " + state + "]";
    }
}
