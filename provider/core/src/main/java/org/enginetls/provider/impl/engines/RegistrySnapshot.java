package org.enginetls.provider.impl.engines;

import java.util.List;

import org.enginetls.runtime.EngineState;

/**
 * Everything the registry says at one moment, published whole after every change and never modified: the engines
 * the router may use, and every listed engine with its state, ranking and health as status reports it. The router
 * and every status reader (the {@code EngineRuntime} service, the shell commands, JMX, {@code /status}) read a
 * snapshot and write nothing, so they all agree on an engine's state.
 *
 * @param routable the {@link EngineState#ACTIVE} engines in routing order; the array is shared: never modify it
 * @param engines every listed engine (active, shadowed, failed, retiring) in the same order
 */
public record RegistrySnapshot(RegisteredEngine[] routable, List<EngineListing> engines) {

    static final RegistrySnapshot EMPTY = new RegistrySnapshot(new RegisteredEngine[0], List.of());

    public RegistrySnapshot {
        engines = List.copyOf(engines);
    }

    /**
     * The listed engine with {@code id}, or {@code null}. When several engines share the id, the active one is
     * returned; failing that a shadowed, failed, then retiring one.
     */
    public EngineListing find(String id) {
        EngineListing found = null;
        for (EngineListing candidate : engines) {
            if (candidate.id().equals(id) && (found == null || precedence(candidate.state()) < precedence(found.state()))) {
                found = candidate;
            }
        }
        return found;
    }

    private static int precedence(EngineState state) {
        return switch (state) {
            case ACTIVE -> 0;
            case SHADOWED -> 1;
            case FAILED -> 2;
            case RETIRING -> 3;
        };
    }
}
