package org.enginetls.provider.impl.engines;

import org.enginetls.runtime.EngineState;

/**
 * A change of one engine's place in the registry.
 *
 * @param type what happened
 * @param engine the engine it happened to; its {@link RegisteredEngine#state()} is the state after the change
 */
public record RegistryEvent(Type type, RegisteredEngine engine) {

    /** What happened to an engine. */
    public enum Type {
        /**
         * It arrived and is listed, {@link EngineState#ACTIVE} or {@link EngineState#SHADOWED}; or
         * {@link EngineState#FAILED}, and a {@link #FAILED} event follows.
         */
        ADDED,
        /** It takes work now (it was shadowed, or failed and recovered). */
        ACTIVE,
        /** Another engine with the same id takes its work. */
        SHADOWED,
        /** It left: it takes no new work and stays listed until its in-flight operations end or the drain times out. */
        RETIRING,
        /** It is present but unusable. */
        FAILED,
        /** It is no longer listed. */
        REMOVED;

        /** The event type of a transition into {@code state}. */
        static Type of(EngineState state) {
            return switch (state) {
                case ACTIVE -> ACTIVE;
                case SHADOWED -> SHADOWED;
                case RETIRING -> RETIRING;
                case FAILED -> FAILED;
            };
        }
    }
}
