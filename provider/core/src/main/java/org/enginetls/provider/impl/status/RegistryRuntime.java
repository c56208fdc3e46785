package org.enginetls.provider.impl.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineRuntime;
import org.enginetls.runtime.EngineState;

/**
 * The {@link EngineRuntime} of one registry: every call reads the registry's current engines and
 * copies them into fresh {@link EngineDTO}s, so a caller holding a DTO never sees it change.
 */
public final class RegistryRuntime implements EngineRuntime {

    private final EngineRegistry registry;

    public RegistryRuntime(EngineRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public List<EngineDTO> getEngines() {
        // what the engines say about themselves moves them in and out of FAILED before they are reported
        registry.checkHealth();
        RegisteredEngine[] engines = registry.engines();
        List<EngineDTO> snapshots = new ArrayList<>(engines.length);
        for (RegisteredEngine engine : engines) {
            snapshots.add(EngineSnapshot.of(engine));
        }
        return snapshots;
    }

    @Override
    public Optional<EngineDTO> getEngine(String id) {
        RegisteredEngine engine = registry.find(id);
        if (engine != null && engine.state() != EngineState.RETIRING) {
            registry.checkHealth(engine);
            engine = registry.find(id);
        }
        return engine == null ? Optional.empty() : Optional.of(EngineSnapshot.of(engine));
    }
}
