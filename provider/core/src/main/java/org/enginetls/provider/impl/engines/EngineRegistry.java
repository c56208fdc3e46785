package org.enginetls.provider.impl.engines;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineHealth;
import org.enginetls.runtime.EngineState;

/**
 * The engines EngineTLS knows, their order and their lifecycle: the ones the router may use, and every one it lists
 * in its status.
 *
 * <p>One immutable {@link RegistrySnapshot} is published after every change: the {@link EngineState#ACTIVE} engines
 * in routing order ({@link #routable()}, read once per operation by the router without locking) and every listed
 * engine (active, shadowed, retiring, failed) with its state, ranking and health as status reports it. Writers
 * (arrivals, departures, ranking and preference changes, health answers; all rare) build the next snapshot under the
 * registry's lock. Readers only read it: nothing that reads status asks an engine anything or moves it.
 *
 * <p>Order: see {@link EngineOrder}.
 *
 * <p>Engines with the same id (a bundle update may register the new engine before the old one is gone): the first
 * in that order is active, the others are {@link EngineState#SHADOWED} and take over, in order, when it leaves. An
 * engine that leaves is {@link EngineState#RETIRING}: new work skips it at once, and it stays listed until its
 * in-flight operations have ended or the drain timeout has elapsed (see {@link Drain}). An engine whose
 * {@linkplain CryptoEngine#health() health} says it cannot work is {@link EngineState#FAILED}: listed, not routed,
 * until it says it recovered. Its {@link HealthPoller} alone asks engines for their health, on the registry's cadence
 * and when the router {@linkplain #reportUnavailable reports} an engine unavailable.
 *
 * <p>Every change of an engine's state is told to {@link RegistryListener}s as a {@link RegistryEvent}, in order:
 * the one channel for every change.
 */
public final class EngineRegistry {

    private static final RegisteredEngine[] NONE = new RegisteredEngine[0];

    /** Every listed engine, in no particular order; guarded by {@code this}. */
    private final List<RegisteredEngine> listed = new ArrayList<>();
    /** The drains under way; guarded by {@code this}. */
    private final Map<RegisteredEngine, Drain> drains = new IdentityHashMap<>();
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private volatile RegistrySnapshot snapshot = RegistrySnapshot.EMPTY;
    private volatile RegistrySettings settings = RegistrySettings.DEFAULTS;
    private long arrivals;
    private boolean closed;
    private final HealthPoller health;

    /** A registry with no engines; its health poller runs at the default cadence until {@link #close}. */
    public EngineRegistry() {
        health = new HealthPoller(this);
        health.every(settings.healthPollMillis());
    }

    /** What the registry says now: the engines the router may use and every listed engine's state and health. */
    public RegistrySnapshot snapshot() {
        return snapshot;
    }

    /** The active engines in routing order (of the current {@link #snapshot()}). The array is shared: never modify it. */
    public RegisteredEngine[] routable() {
        return snapshot.routable();
    }

    /** Every listed engine (active, shadowed, retiring, failed) in routing order, as of the current snapshot. */
    public RegisteredEngine[] engines() {
        return snapshot.engines().stream().map(EngineListing::entry).toArray(RegisteredEngine[]::new);
    }

    /** The registry's health poller: the only caller of {@link CryptoEngine#health()}. */
    public HealthPoller health() {
        return health;
    }

    public RegistrySettings settings() {
        return settings;
    }

    /**
     * Applies new settings: a new preference list reorders the engines at once; a new drain timeout applies to later
     * departures; a new health poll period to the next poll.
     */
    public void settings(RegistrySettings next) {
        health.every(next.healthPollMillis());
        List<RegistryEvent> events = new ArrayList<>();
        synchronized (this) {
            boolean reorder = !settings.enginePreference().equals(next.enginePreference());
            settings = next;
            if (reorder) {
                rebuild(events, null, null);
                deliver(events);
            }
        }
    }

    /**
     * Adds {@code engine}; it takes new work at once, according to the preference list and {@code ranking}, unless its
     * {@linkplain CryptoEngine#health() health} says it cannot work: then it is listed {@link EngineState#FAILED} with
     * the reason from the start.
     */
    public RegisteredEngine add(CryptoEngine engine, int ranking, EngineOrigin origin) {
        // asked on the adding thread before it is listed, so that an engine that cannot work never takes work and says
        // why at once; from then on only the poller asks
        EngineHealth health = HealthPoller.ask(engine);
        RegisteredEngine registered;
        List<RegistryEvent> events = new ArrayList<>();
        synchronized (this) {
            registered = new RegisteredEngine(engine, ranking, origin, arrivals++);
            registered.health(health);
            listed.add(registered);
            events.add(new RegistryEvent(RegistryEvent.Type.ADDED, registered));
            if (!health.available()) {
                registered.state(EngineState.FAILED, health.reason());
                events.add(new RegistryEvent(RegistryEvent.Type.FAILED, registered));
            }
            rebuild(events, registered, null);
            deliver(events);
        }
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
        return removed;
    }

    /**
     * An operation found {@code entry}'s engine unavailable. The router's only part in health: the registry's poller
     * asks the engine at once, on its own thread, and the engine is {@link EngineState#FAILED} from the snapshot that
     * follows its answer if it says it cannot work.
     */
    public void reportUnavailable(RegisteredEngine entry) {
        health.unavailable(entry);
    }

    /**
     * What {@code entry}'s engine has just answered the {@link HealthPoller}: cached for status, and, as the poller's
     * {@link HealthPoller.Outcome} says, it moves the engine into {@link EngineState#FAILED} (with the reason) or back
     * among the candidates. Listeners hear only of a change of state or of a failure's reason; an answer that changes
     * nothing publishes no new snapshot.
     */
    void answered(RegisteredEngine entry, EngineHealth answer) {
        List<RegistryEvent> events = new ArrayList<>();
        synchronized (this) {
            if (!listed.contains(entry) || entry.state() == EngineState.RETIRING) {
                return;
            }
            HealthPoller.Outcome outcome = HealthPoller.Outcome.of(entry, answer);
            if (outcome == HealthPoller.Outcome.NOTHING) {
                return;
            }
            entry.health(answer);
            if (outcome == HealthPoller.Outcome.FAILS) {
                entry.state(EngineState.FAILED, answer.reason());
                events.add(new RegistryEvent(RegistryEvent.Type.FAILED, entry));
            } else if (outcome == HealthPoller.Outcome.RECOVERS) {
                // back among the candidates: rebuild decides whether it is active or shadowed
                entry.state(EngineState.SHADOWED, null);
            }
            rebuild(events, null, outcome == HealthPoller.Outcome.RECOVERS ? entry : null);
            deliver(events);
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
    }

    /**
     * The listed engine with {@code id}, or {@code null}. When several engines share the id, the active one is
     * returned; failing that a shadowed, failed, then retiring one.
     */
    public RegisteredEngine find(String id) {
        EngineListing found = snapshot.find(id);
        return found == null ? null : found.entry();
    }

    /**
     * Stops the health poller, ends every drain now (the operations still in flight fail over) and drops engines that
     * leave later at once, without a drain. Returns when the poller's and the drains' threads have finished, or after
     * {@code timeout}.
     */
    public void close(long timeout, TimeUnit unit) throws InterruptedException {
        List<Drain> running;
        synchronized (this) {
            closed = true;
            running = List.copyOf(drains.values());
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        health.stop(unit.toNanos(timeout));
        for (Drain drain : running) {
            drain.cutShort();
        }
        for (Drain drain : running) {
            drain.awaitEnd(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
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
     * Sorts, decides who is active and who shadowed among engines sharing an id, publishes the next snapshot and adds an
     * event for every engine whose state changed (except {@code arriving}, whose ADDED event says it), and for
     * {@code recovered}, which was failed, whatever state it gets.
     */
    private void rebuild(List<RegistryEvent> events, RegisteredEngine arriving, RegisteredEngine recovered) {
        List<RegisteredEngine> sorted = EngineOrder.sort(listed, settings.enginePreference());
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
        List<EngineListing> listings = new ArrayList<>(sorted.size());
        for (RegisteredEngine engine : sorted) {
            listings.add(new EngineListing(engine, engine.state(), engine.stateReason(), engine.ranking(), engine.health()));
        }
        snapshot = new RegistrySnapshot(active.toArray(NONE), listings);
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
}
