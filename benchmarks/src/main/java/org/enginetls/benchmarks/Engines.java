package org.enginetls.benchmarks;

import java.util.Map;
import java.util.ServiceLoader;

import org.enginetls.engine.ConfigurationValues;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineFactory;

/**
 * Engines a benchmark holds itself (to call through the SPI, or to add, remove and close at a moment of its choosing),
 * made through the API as {@code EngineTlsProvider} makes them: by the engine bundle's {@link EngineFactory}, found
 * with {@link ServiceLoader}. A benchmark that only needs a provider with an engine uses the provider's
 * {@code classPathEngines} and {@code engine.<id>.<key>} settings instead.
 */
final class Engines {

    private Engines() {
    }

    /** A new engine of the factory {@code id}, configured by {@code settings} alone (no system properties). */
    static CryptoEngine create(String id, Map<String, ?> settings) {
        for (EngineFactory factory : ServiceLoader.load(EngineFactory.class, Engines.class.getClassLoader())) {
            if (factory.id().equals(id)) {
                return factory.create(ConfigurationValues.of(EngineFactory.PID_PREFIX + id, settings));
            }
        }
        throw new IllegalStateException("no engine factory '" + id + "' is on the class path");
    }

    /** Closes an engine that holds resources (threads, a token session); engines that hold none are not closeable. */
    static void close(CryptoEngine engine) {
        if (engine instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the engine " + engine.id(), e);
            }
        }
    }
}
