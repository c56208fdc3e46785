package org.enginetls.provider.impl.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.enginetls.engine.EngineHealth;
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
        Map<RegisteredEngine, EngineHealth> health = registry.checkHealth();
        RegisteredEngine[] engines = registry.engines();
        List<EngineDTO> snapshots = new ArrayList<>(engines.length);
        for (RegisteredEngine engine : engines) {
            snapshots.add(EngineSnapshot.of(engine, health.get(engine)));
        }
        return snapshots;
    }

    @Override
    public Optional<EngineDTO> getEngine(String id) {
        RegisteredEngine asked = registry.find(id);
        EngineHealth health = asked != null && asked.state() != EngineState.RETIRING ? registry.checkHealth(asked) : null;
        // the answer may have moved another engine with this id to the front
        RegisteredEngine engine = registry.find(id);
        return engine == null ? Optional.empty() : Optional.of(EngineSnapshot.of(engine, engine == asked ? health : null));
    }
}
