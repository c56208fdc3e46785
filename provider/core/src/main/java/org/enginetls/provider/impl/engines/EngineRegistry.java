package org.enginetls.provider.impl.engines;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineHealth;
import org.enginetls.runtime.EngineState;

/**
 * The engines EngineTLS knows: the ones the router may use, and every one it lists in its status.
 *
 * <p>Two arrays are published, both copy-on-write: {@link #routable()}, the {@link EngineState#ACTIVE} engines in
 * routing order, read once per operation by the router without locking; and {@link #engines()}, every listed engine
 * (active, shadowed, retiring, failed) in the same order, for status. Writers (arrivals, departures, ranking and
 * preference changes; all rare) rebuild both under the registry's lock.
 *
 * <p>Order: engines named in the preference list first, in list order; then by ranking, higher first; equal
 * rankings by arrival, earlier first (as OSGi breaks ranking ties by the lower service id).
 *
 * <p>Engines with the same id (a bundle update may register the new engine before the old one is gone): the first
 * in that order is active, the others are {@link EngineState#SHADOWED} and take over, in order, when it leaves. An
 * engine that leaves is {@link EngineState#RETIRING}: new work skips it at once, and it stays listed until its
 * in-flight operations have ended or the drain timeout has elapsed (see {@link Drain}). An engine whose
 * {@linkplain CryptoEngine#health() health} says it cannot work is {@link EngineState#FAILED}: listed, not routed,
 * until it says it recovered (see {@link #checkHealth(RegisteredEngine)}).
 *
 * <p>Every change is told to {@link RegistryListener}s as a {@link RegistryEvent}, in order.
 */
public final class EngineRegistry {

    private static final RegisteredEngine[] NONE = new RegisteredEngine[0];

    /** Every listed engine, in no particular order; guarded by {@code this}. */
    private final List<RegisteredEngine> listed = new ArrayList<>();
    /** The drains under way; guarded by {@code this}. */
    private final Map<RegisteredEngine, Drain> drains = new IdentityHashMap<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private volatile RegisteredEngine[] routable = NONE;
    private volatile RegisteredEngine[] engines = NONE;
    private volatile RegistrySettings settings = RegistrySettings.DEFAULTS;
    private long arrivals;
    private boolean closed;
    /** Whether some listed engine is failed: only then does {@link #recheckFailed()} do anything. */
    private volatile boolean anyFailed;
    /** When failed engines are asked again ({@link System#nanoTime()}). */
    private final AtomicLong nextRecheck = new AtomicLong(System.nanoTime());

    /** How often the router re-asks failed engines whether they recovered. */
    static final long FAILED_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The active engines in routing order. The array is shared: never modify it. */
    public RegisteredEngine[] routable() {
        return routable;
    }

    /** Every listed engine (active, shadowed, retiring, failed) in routing order. The array is shared: never modify it. */
    public RegisteredEngine[] engines() {
        return engines;
    }

    public RegistrySettings settings() {
        return settings;
    }

    /** Applies new settings: a new preference list reorders the engines at once; a new drain timeout applies to later departures. */
    public void settings(RegistrySettings next) {
        List<RegistryEvent> events = new ArrayList<>();
        synchronized (this) {
            boolean reorder = !settings.enginePreference().equals(next.enginePreference());
            settings = next;
            if (!reorder) {
                return;
            }
            rebuild(events, null, null);
            deliver(events);
        }
        fireChanged();
    }

    /**
     * Adds {@code engine}; it takes new work at once, according to the preference list and {@code ranking}, unless its
     * {@linkplain CryptoEngine#health() health} says it cannot work: then it is listed {@link EngineState#FAILED} with
     * the reason from the start.
     */
    public RegisteredEngine add(CryptoEngine engine, int ranking, EngineOrigin origin) {
        // asked before it is listed, so that an engine that cannot work never takes work and says why at once
        EngineHealth health = askHealth(engine);
        RegisteredEngine registered;
        List<RegistryEvent> events = new ArrayList<>();
        synchronized (this) {
            registered = new RegisteredEngine(engine, ranking, origin, arrivals++);
            listed.add(registered);
            events.add(new RegistryEvent(RegistryEvent.Type.ADDED, registered));
            if (!health.available()) {
                registered.state(EngineState.FAILED, health.reason());
                events.add(new RegistryEvent(RegistryEvent.Type.FAILED, registered));
            }
            rebuild(events, registered, null);
            deliver(events);
        }
        fireChanged();
        return registered;
    }

    /**
     * Gives {@code engine} (matched by identity) a new ranking, keeping its entry and statistics.
     *
     * @return whether the engine is listed as active or shadowed (a retiring one keeps its ranking)
     */
    public boolean rank(CryptoEngine engine, int ranking) {
        List<RegistryEvent> events = new ArrayList<>();
        synchronized (this) {
            RegisteredEngine registered = present(engine);
            if (registered == null) {
                return false;
            }
            if (registered.ranking() == ranking) {
                return true;
            }
            registered.ranking(ranking);
            rebuild(events, null, null);
            deliver(events);
        }
        fireChanged();
        return true;
    }

    /**
     * Lets {@code engine} (matched by identity) go: it takes no new work from now on, and stays listed as
     * {@link EngineState#RETIRING} until its in-flight operations have ended or the drain timeout has elapsed. A
     * shadowed engine with the same id becomes active.
     *
     * @return the entry, or {@code null} if the engine was not listed (or is already retiring)
     */
    public RegisteredEngine remove(CryptoEngine engine) {
        RegisteredEngine removed;
        List<RegistryEvent> events = new ArrayList<>();
        synchronized (this) {
            removed = present(engine);
            if (removed == null) {
                return null;
            }
            removed.state(EngineState.RETIRING, "the engine left");
            events.add(new RegistryEvent(RegistryEvent.Type.RETIRING, removed));
            boolean idle = closed || removed.statistics().inFlight() <= 0;
            if (idle) {
                listed.remove(removed);
                removed.release();
            } else {
                drains.put(removed, Drain.start(removed, settings.drainTimeoutNanos(), this::drained));
            }
            rebuild(events, null, null);
            if (idle) {
                // after a successor's ACTIVE: the id is never unlisted in between
                events.add(new RegistryEvent(RegistryEvent.Type.REMOVED, removed));
            }
            deliver(events);
        }
        fireChanged();
        return removed;
    }

    /**
     * Asks {@code entry}'s engine for its {@linkplain CryptoEngine#health() health} and moves it accordingly: an engine
     * that says it cannot work is {@link EngineState#FAILED} (listed, not routed) with its reason; a failed engine
     * that says it can work again goes back among the candidates. Never called on an operation's normal path: the
     * router calls it after an engine answered "unavailable", status reads call it for every engine, and
     * {@link #recheckFailed()} re-asks failed engines.
     */
    public EngineHealth checkHealth(RegisteredEngine entry) {
        CryptoEngine engine = entry.engine();
        if (engine == null) {
            // it has left and was let go: nothing to ask, nothing to move
            return EngineHealth.failed("the engine has left");
        }
        EngineHealth health = askHealth(engine);
        List<RegistryEvent> events = new ArrayList<>();
        synchronized (this) {
            if (!listed.contains(entry) || entry.state() == EngineState.RETIRING) {
                return health;
            }
            boolean failedNow = entry.state() == EngineState.FAILED;
            if (!health.available()) {
                if (failedNow && health.reason().equals(entry.stateReason())) {
                    return health;
                }
                entry.state(EngineState.FAILED, health.reason());
                events.add(new RegistryEvent(RegistryEvent.Type.FAILED, entry));
            } else if (failedNow) {
                // back among the candidates: rebuild decides whether it is active or shadowed
                entry.state(EngineState.SHADOWED, null);
            } else {
                return health;
            }
            rebuild(events, null, failedNow ? entry : null);
            deliver(events);
        }
        fireChanged();
        return health;
    }

    private static EngineHealth askHealth(CryptoEngine engine) {
        try {
            EngineHealth health = engine.health();
            return health == null ? EngineHealth.failed("health() returned null") : health;
        } catch (RuntimeException e) {
            return EngineHealth.failed("health() threw " + e);
        }
    }

    /**
     * Asks every listed engine but the retiring ones for its health (see {@link #checkHealth(RegisteredEngine)}).
     *
     * @return what each engine answered, by entry
     */
    public Map<RegisteredEngine, EngineHealth> checkHealth() {
        Map<RegisteredEngine, EngineHealth> answers = new IdentityHashMap<>();
        for (RegisteredEngine entry : engines) {
            if (entry.state() != EngineState.RETIRING) {
                answers.put(entry, checkHealth(entry));
            }
        }
        return answers;
    }

    /**
     * Re-asks failed engines for their health, at most once per {@link #FAILED_RECHECK_NANOS}; otherwise (and always
     * when no engine is failed) it costs one volatile read. The router calls it before every operation, so a
     * recovered engine takes work again without a thread of ours polling it.
     */
    public void recheckFailed() {
        if (!anyFailed) {
            return;
        }
        long now = System.nanoTime();
        long due = nextRecheck.get();
        if (now - due < 0 || !nextRecheck.compareAndSet(due, now + FAILED_RECHECK_NANOS)) {
            return;
        }
        for (RegisteredEngine entry : engines) {
            if (entry.state() == EngineState.FAILED) {
                checkHealth(entry);
            }
        }
    }

    /** The drain of {@code engine} ended: it is no longer listed. */
    private void drained(RegisteredEngine engine) {
        synchronized (this) {
            if (drains.remove(engine) == null || !listed.remove(engine)) {
                return;
            }
            engine.release();
            rebuild(new ArrayList<>(), null, null);
            deliver(List.of(new RegistryEvent(RegistryEvent.Type.REMOVED, engine)));
        }
        fireChanged();
    }

    /**
     * The listed engine with {@code id}, or {@code null}. When several engines share the id, the active one is
     * returned; failing that a shadowed, failed, then retiring one.
     */
    public RegisteredEngine find(String id) {
        RegisteredEngine found = null;
        for (RegisteredEngine candidate : engines) {
            if (candidate.id().equals(id) && (found == null || precedence(candidate) < precedence(found))) {
                found = candidate;
            }
        }
        return found;
    }

    private static int precedence(RegisteredEngine engine) {
        return switch (engine.state()) {
            case ACTIVE -> 0;
            case SHADOWED -> 1;
            case FAILED -> 2;
            case RETIRING -> 3;
        };
    }

    /**
     * Ends every drain now (the operations still in flight fail over) and drops engines that leave later at once,
     * without a drain. Returns when the drains' threads have finished, or after {@code timeout}.
     */
    public void close(long timeout, TimeUnit unit) throws InterruptedException {
        List<Drain> running;
        synchronized (this) {
            closed = true;
            running = List.copyOf(drains.values());
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Drain drain : running) {
            drain.cutShort();
        }
        for (Drain drain : running) {
            drain.awaitEnd(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** Calls {@code listener} after every change of the engine set or order. */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
    }

    /** Tells {@code listener} of every later {@link RegistryEvent}. */
    public void addListener(RegistryListener listener) {
        listeners.add(listener);
    }

    public void removeListener(RegistryListener listener) {
        listeners.remove(listener);
    }

    /** The listed entry of {@code engine} that is not retiring, or {@code null}. */
    private RegisteredEngine present(CryptoEngine engine) {
        for (RegisteredEngine candidate : listed) {
            if (candidate.engine() == engine && candidate.state() != EngineState.RETIRING) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Sorts, decides who is active and who shadowed among engines sharing an id, publishes both arrays and adds an
     * event for every engine whose state changed (except {@code arriving}, whose ADDED event says it), and for
     * {@code recovered}, which was failed, whatever state it gets.
     */
    private void rebuild(List<RegistryEvent> events, RegisteredEngine arriving, RegisteredEngine recovered) {
        Map<String, Integer> preference = new HashMap<>();
        List<String> ids = settings.enginePreference();
        for (int i = 0; i < ids.size(); i++) {
            preference.put(ids.get(i), i);
        }
        Comparator<RegisteredEngine> order = Comparator
                .comparingInt((RegisteredEngine engine) -> preference.getOrDefault(engine.id(), Integer.MAX_VALUE))
                .thenComparing(RegisteredEngine::ranking, Comparator.reverseOrder())
                .thenComparingLong(RegisteredEngine::arrival);
        List<RegisteredEngine> sorted = new ArrayList<>(listed);
        sorted.sort(order);
        Set<String> served = new HashSet<>();
        List<RegisteredEngine> active = new ArrayList<>(sorted.size());
        for (RegisteredEngine engine : sorted) {
            EngineState state = engine.state();
            if (state == EngineState.RETIRING || state == EngineState.FAILED) {
                continue;
            }
            EngineState next = served.add(engine.id()) ? EngineState.ACTIVE : EngineState.SHADOWED;
            if (next != state || engine == arriving || engine == recovered) {
                engine.state(next, next == EngineState.SHADOWED ? "another engine with the id '" + engine.id()
                        + "' is preferred" : null);
                if (engine != arriving) {
                    events.add(new RegistryEvent(RegistryEvent.Type.of(next), engine));
                }
            }
            if (next == EngineState.ACTIVE) {
                active.add(engine);
            }
        }
        engines = sorted.toArray(NONE);
        routable = active.toArray(NONE);
        anyFailed = sorted.stream().anyMatch(engine -> engine.state() == EngineState.FAILED);
    }

    /** Tells the listeners, in order, under the lock (see {@link RegistryListener}). */
    private void deliver(List<RegistryEvent> events) {
        for (RegistryEvent event : events) {
            for (RegistryListener listener : listeners) {
                try {
                    listener.changed(event);
                } catch (RuntimeException e) {
                    System.getLogger(EngineRegistry.class.getName()).log(System.Logger.Level.WARNING,
                            "registry listener " + listener + " failed on " + event, e);
                }
            }
        }
    }

    private void fireChanged() {
        changeListeners.forEach(Runnable::run);
    }
}
