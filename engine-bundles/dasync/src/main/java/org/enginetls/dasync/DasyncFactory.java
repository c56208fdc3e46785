package org.enginetls.dasync;

import java.util.Set;

import org.enginetls.engine.ConfigurationValues;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineFactory;

/** Makes {@link DasyncEngine}s on a plain class path, configured by the keys of {@link DasyncSettings}. */
public final class DasyncFactory implements EngineFactory {

    private static final Set<String> KEYS = Set.of("latency.ms", "eagain.every", "fail.every", "hang.every", "operations", "ranking");

    @Override
    public String id() {
        return "dasync";
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public CryptoEngine create(ConfigurationValues configuration) {
        return new DasyncEngine(DasyncSettings.from(configuration));
    }
}
