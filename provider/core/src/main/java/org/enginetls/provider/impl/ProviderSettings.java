package org.enginetls.provider.impl;

import org.enginetls.provider.impl.crypto.RouterSettings;

/**
 * Settings fixed when an EngineTLS instance is built.
 *
 * @param softwareEngine whether the built-in software engine takes operations no other engine takes;
 *        without it EngineTLS fails closed when no engine can do an operation
 * @param router how the router waits and retries
 */
public record ProviderSettings(boolean softwareEngine, RouterSettings router) {

    /** System property that disables the software engine on a plain class path. */
    public static final String SOFTWARE_ENGINE_PROPERTY = "org.enginetls.provider.softwareEngine";

    public static final ProviderSettings DEFAULTS = new ProviderSettings(true, RouterSettings.DEFAULTS);

    /** The settings a plain class path gives through system properties. */
    public static ProviderSettings fromSystemProperties() {
        boolean software = !"false".equalsIgnoreCase(System.getProperty(SOFTWARE_ENGINE_PROPERTY, "true"));
        return new ProviderSettings(software, RouterSettings.DEFAULTS);
    }
}
