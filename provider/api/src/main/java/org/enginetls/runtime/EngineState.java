package org.enginetls.runtime;

/** Where an engine stands in the router. */
public enum EngineState {
    /** Takes new work according to its ranking. */
    ACTIVE,
    /** Leaving: takes no new work; its in-flight operations complete or fail over. */
    RETIRING,
    /** Present but unusable; {@link EngineDTO#lastError} says why. */
    FAILED,
    /** Present, but another engine with the same id takes its work. */
    SHADOWED
}
