package org.enginetls.pool;

import java.util.Set;

import org.enginetls.engine.ConfigurationValues;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineFactory;

/** Makes {@link PoolEngine}s on a plain class path, configured by the keys of {@link PoolSettings}. */
public final class PoolFactory implements EngineFactory {

    private static final Set<String> KEYS = Set.of("threads", "queue.capacity", "ranking", "operations", "drain.ms");

    @Override
    public String id() {
        return "pool";
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public CryptoEngine create(ConfigurationValues configuration) {
        return new PoolEngine(PoolSettings.from(configuration));
    }
}
