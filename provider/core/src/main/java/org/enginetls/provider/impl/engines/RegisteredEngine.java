package org.enginetls.provider.impl.engines;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.EngineHealth;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.runtime.EngineState;

/**
 * An engine as the registry holds it: the engine, its ranking, where it came from, its state and its statistics.
 * The capabilities are read once at registration, so the router never calls into an engine just to decide whether
 * to use it.
 *
 * <p>The entry lives as long as the engine is listed: a ranking change keeps it (and its statistics); only the
 * registry changes ranking, state and the cached health answer, in the same locked step that publishes the next
 * {@link RegistrySnapshot} (the router reads {@link #state()} of the engines it tries; status reads the snapshot).
 * It also knows the operations it returned pending stages for, so that when the engine has left and the drain
 * timeout has elapsed they can be failed and move on to the next engine.
 */
public final class RegisteredEngine {

    /** {@code null} once the engine has left: see {@link #release()}. */
    private volatile CryptoEngine engine;
    private final String id;
    private final EngineCapabilities capabilities;
    private final EngineOrigin origin;
    /** Arrival order, the tie-breaker among equal rankings (as OSGi prefers the lower service id). */
    private final long arrival;
    private final EngineStatistics statistics = new EngineStatistics();
    /** Stages the engine returned pending and the router still waits for; only async engines ever add here. */
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile int ranking;
    private volatile EngineState state = EngineState.ACTIVE;
    private volatile String stateReason;
    /** What the engine last answered when the registry asked for its health. */
    private volatile EngineHealth health = EngineHealth.AVAILABLE;
    /** Set once the drain timed out: a stage that arrives afterwards is failed at once. */
    private volatile EngineUnavailableException expired;

    RegisteredEngine(CryptoEngine engine, int ranking, EngineOrigin origin, long arrival) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.id = Objects.requireNonNull(engine.id(), "id of " + engine);
        this.capabilities = Objects.requireNonNull(engine.capabilities(), "capabilities of " + id);
        this.ranking = ranking;
        this.origin = Objects.requireNonNull(origin, "origin");
        this.arrival = arrival;
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

    void ranking(int ranking) {
        this.ranking = ranking;
    }

    long arrival() {
        return arrival;
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

    /** Why the engine is in its state (a failure's cause, a retirement's reason), or {@code null}. */
    public String stateReason() {
        return stateReason;
    }

    void state(EngineState state, String reason) {
        this.state = state;
        this.stateReason = reason;
    }

    /** The engine's last answer to the registry's health question (never asked here: see {@link HealthPoller}). */
    public EngineHealth health() {
        return health;
    }

    void health(EngineHealth health) {
        this.health = health;
    }

    /**
     * The router waits for {@code stage}, which the engine returned pending. Fails it at once if the engine's drain
     * has already timed out.
     */
    public void awaiting(CompletableFuture<?> stage) {
        pending.add(stage);
        EngineUnavailableException failure = expired;
        if (failure != null) {
            stage.completeExceptionally(failure);
        }
    }

    /** The router no longer waits for {@code stage}. */
    public void settled(CompletableFuture<?> stage) {
        pending.remove(stage);
    }

    /** Fails every stage the router still waits for with {@code failure}, and every later one. */
    void expire(EngineUnavailableException failure) {
        expired = failure;
        for (CompletableFuture<?> stage : pending) {
            stage.completeExceptionally(failure);
        }
    }

    /**
     * Lets go of the engine once it is no longer listed (left idle, or drained). Entries outlive their
     * engine's registration (the record cipher of an idle open connection keeps the entry it came from):
     * without this, they would keep an uninstalled engine bundle's class loader reachable. Operations
     * already submitted hold the engine themselves.
     */
    void release() {
        this.engine = null;
    }

    @Override
    public String toString() {
        return id + "[ranking=" + ranking + ", " + state + "]";
    }
}
