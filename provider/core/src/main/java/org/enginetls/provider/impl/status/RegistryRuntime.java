package org.enginetls.provider.impl.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.enginetls.provider.impl.engines.EngineListing;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineRuntime;

/**
 * The {@link EngineRuntime} of one registry: every call reads the registry's current snapshot and copies it into
 * fresh {@link EngineDTO}s, so a caller holding a DTO never sees it change. A call asks no engine anything and changes
 * no state: what it reports is what the router routes by.
 */
public final class RegistryRuntime implements EngineRuntime {

    private final EngineRegistry registry;

    public RegistryRuntime(EngineRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public List<EngineDTO> getEngines() {
        return registry.snapshot().engines().stream().map(EngineSnapshot::of).collect(Collectors.toCollection(ArrayList::new));
    }

    @Override
    public Optional<EngineDTO> getEngine(String id) {
        EngineListing listing = registry.snapshot().find(id);
        return listing == null ? Optional.empty() : Optional.of(EngineSnapshot.of(listing));
    }
}
