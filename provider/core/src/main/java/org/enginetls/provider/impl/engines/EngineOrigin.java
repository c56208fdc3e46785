package org.enginetls.provider.impl.engines;

/**
 * Where an engine came from: the bundle that registered it in OSGi, or the class path.
 *
 * @param bundleSymbolicName the registering bundle, or {@code null} outside OSGi
 * @param bundleVersion its version, or {@code null}
 * @param bundleId its id, or {@code -1}
 */
public record EngineOrigin(String bundleSymbolicName, String bundleVersion, long bundleId) {

    /** The built-in software engine and engines found with {@code ServiceLoader}. */
    public static final EngineOrigin CLASS_PATH = new EngineOrigin(null, null, -1);
}
