package org.enginetls.provider.impl.engines;

import org.enginetls.engine.EngineHealth;
import org.enginetls.runtime.EngineState;

/**
 * One engine as a {@link RegistrySnapshot} lists it: the entry, with its state, ranking and last health answer as they
 * were when the snapshot was published. The statistics are the entry's live counters.
 *
 * @param entry the registered engine
 * @param state its state in this snapshot
 * @param stateReason why it is in that state (a failure's reason, why it is shadowed or retiring), or {@code null}
 * @param ranking its ranking in this snapshot
 * @param health what the engine last answered when the registry asked for its health
 */
public record EngineListing(RegisteredEngine entry, EngineState state, String stateReason, int ranking,
        EngineHealth health) {

    public String id() {
        return entry.id();
    }
}
