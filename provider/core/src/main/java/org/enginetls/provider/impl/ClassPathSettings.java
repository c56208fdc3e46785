package org.enginetls.provider.impl;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.enginetls.engine.ConfigurationValues;

/**
 * What a provider made on a plain class path is configured with: the {@link ProviderSettings} every instance has, and
 * the two keys only a class path has (in OSGi, engines are services and the bundle always registers MBeans).
 *
 * @param provider the settings of the instance
 * @param classPathEngines whether the engines {@link java.util.ServiceLoader} finds are added
 * @param jmx whether the engines' MBeans are registered on the platform MBean server
 */
public record ClassPathSettings(ProviderSettings provider, boolean classPathEngines, boolean jmx) {

    /** Key: whether the engines found with {@link java.util.ServiceLoader} are added (default {@code true}). */
    public static final String CLASS_PATH_ENGINES = "classPathEngines";

    /** Key: whether engine MBeans are registered on the platform MBean server (default {@code false}). */
    public static final String JMX = "jmx";

    /** Every key a class-path configuration has. */
    static final Set<String> KEYS = Set.of("softwareEngine", "delegatedTasks", "operationTimeoutMillis",
            "drainTimeoutMillis", "enginePreference", CLASS_PATH_ENGINES, JMX);

    /** The settings of the system properties {@value ProviderSettings#PID}{@code .<key>}. */
    public static ClassPathSettings fromSystemProperties() {
        return from(ConfigurationValues.systemProperties(ProviderSettings.PID));
    }

    /**
     * The settings of {@code configuration}, keyed as the system properties without their prefix. A key that is not
     * one of them is logged and ignored, as a value that is not allowed is (see {@link ProviderSettings}).
     */
    public static ClassPathSettings from(Map<String, ?> configuration) {
        Set<String> unknown = new TreeSet<>(configuration.keySet());
        unknown.removeAll(KEYS);
        for (String key : unknown) {
            ProviderSettings.logRejected(new IllegalArgumentException("'" + key + "' is not a setting of EngineTLS;"
                    + " the settings are " + new TreeSet<>(KEYS)));
        }
        return from(ConfigurationValues.of(ProviderSettings.PID, configuration));
    }

    private static ClassPathSettings from(ConfigurationValues strict) {
        ConfigurationValues values = strict.orDefaults(ProviderSettings::logRejected);
        return new ClassPathSettings(ProviderSettings.from(strict), values.bool(CLASS_PATH_ENGINES, true),
                values.bool(JMX, false));
    }
}
