package org.enginetls.openssl;

import java.util.Set;

import org.enginetls.engine.ConfigurationValues;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineFactory;

/** Makes {@link OpenSslEngine}s on a plain class path, configured by the keys of {@link OpenSslSettings}. */
public final class OpenSslFactory implements EngineFactory {

    private static final Set<String> KEYS = Set.of("library", "ranking", "aesGcm");

    @Override
    public String id() {
        return "openssl";
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public CryptoEngine create(ConfigurationValues configuration) {
        return new OpenSslEngine(OpenSslSettings.from(configuration));
    }
}
