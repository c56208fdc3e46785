/**
 * Runtime status of EngineTLS: the {@link org.enginetls.runtime.EngineRuntime} service and the
 * data transfer objects it returns, one per engine.
 */
@Export
@Version("0.3.0")
package org.enginetls.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
