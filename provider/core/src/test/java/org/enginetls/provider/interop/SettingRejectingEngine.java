package org.enginetls.provider.interop;

import org.enginetls.engine.ConfigurationValues;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;

/**
 * A test engine, found only through {@link java.util.ServiceLoader}, whose constructor reads a number from the system
 * property {@code org.enginetls.engine.rejecting.threads} as the engine bundles do, and so throws when it is not one:
 * what {@code -Dorg.enginetls.engine.pool.threads=abc} does to the pool engine.
 */
public final class SettingRejectingEngine implements CryptoEngine {

    /** The prefix of its system properties. */
    static final String PID = "org.enginetls.engine.rejecting";

    private final int threads;

    /** ServiceLoader's constructor. */
    public SettingRejectingEngine() {
        threads = ConfigurationValues.systemProperties(PID).integer("threads", 1, 1, 8);
    }

    @Override
    public String id() {
        return "rejecting-" + threads;
    }

    @Override
    public EngineCapabilities capabilities() {
        return EngineCapabilities.builder().build();
    }
}
