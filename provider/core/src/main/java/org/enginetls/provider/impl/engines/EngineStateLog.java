package org.enginetls.provider.impl.engines;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import org.enginetls.runtime.EngineState;

/**
 * Logs every change of an engine's state once, as the registry makes it: a failure (with its reason) as a warning,
 * a return to work as information, arrivals and departures (routine in a hot swap) at debug level. The registry reports a failure again only when its reason changes, so a token that stays
 * unreachable is logged once, and one that goes from "wrong PIN" to "token absent" twice.
 */
public final class EngineStateLog implements RegistryListener {

    private static final Logger LOG = System.getLogger("org.enginetls.engines");

    @Override
    public void changed(RegistryEvent event) {
        RegisteredEngine engine = event.engine();
        switch (event.type()) {
            case FAILED -> LOG.log(Level.WARNING, "EngineTLS engine ''{0}'' FAILED: {1}", engine.id(), engine.stateReason());
            case ADDED -> {
                if (engine.state() != EngineState.FAILED) {
                    LOG.log(Level.DEBUG, "EngineTLS engine ''{0}'' added ({1}, ranking {2})", engine.id(),
                            engine.state(), engine.ranking());
                }
            }
            case ACTIVE -> LOG.log(Level.INFO, "EngineTLS engine ''{0}'' is ACTIVE", engine.id());
            case SHADOWED -> LOG.log(Level.DEBUG, "EngineTLS engine ''{0}'' is SHADOWED: {1}", engine.id(), engine.stateReason());
            case RETIRING -> LOG.log(Level.DEBUG, "EngineTLS engine ''{0}'' is RETIRING: {1}", engine.id(), engine.stateReason());
            case REMOVED -> LOG.log(Level.DEBUG, "EngineTLS engine ''{0}'' removed", engine.id());
        }
    }
}
