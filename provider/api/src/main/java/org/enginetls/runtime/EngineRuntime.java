package org.enginetls.runtime;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Reports the status of every engine EngineTLS knows. Registered as an OSGi service. */
@ProviderType
public interface EngineRuntime {

    /** One snapshot per engine, best-ranked first. */
    List<EngineDTO> getEngines();

    /** The snapshot of the engine with {@code id}, if there is one. */
    Optional<EngineDTO> getEngine(String id);
}
