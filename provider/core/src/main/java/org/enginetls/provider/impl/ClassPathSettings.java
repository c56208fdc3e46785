package org.enginetls.provider.impl;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.enginetls.engine.ConfigurationValues;

/**
 * What a provider made on a plain class path is configured with: the {@link ProviderSettings} every instance has, and
 * the keys only a class path has (in OSGi, engines are services configured by their own PIDs and the bundle always
 * registers MBeans).
 *
 * @param provider the settings of the instance
 * @param classPathEngines whether engines found with {@link java.util.ServiceLoader} are added
 * @param engineIds the ids of the engine factories to add; empty for every engine found
 * @param engineSettings per engine id, the settings given for it ({@code engine.<id>.<key>}), keyed without prefix
 * @param jmx whether the engines' MBeans are registered on the platform MBean server
 */
public record ClassPathSettings(ProviderSettings provider, boolean classPathEngines, Set<String> engineIds,
        Map<String, Map<String, Object>> engineSettings, boolean jmx) {

    /**
     * Key: which engines found with {@link java.util.ServiceLoader} are added: {@code true} (the default) every one,
     * {@code false} none, or a comma-separated list of engine factory ids.
     */
    public static final String CLASS_PATH_ENGINES = "classPathEngines";

    /** Key: whether engine MBeans are registered on the platform MBean server (default {@code false}). */
    public static final String JMX = "jmx";

    /** Prefix of the keys that configure one engine of this instance: {@value}{@code <id>.<key>}. */
    public static final String ENGINE_PREFIX = "engine.";

    /** Every key a class-path configuration has, but the {@value #ENGINE_PREFIX} ones. */
    static final Set<String> KEYS = Set.of("softwareEngine", "delegatedTasks", "operationTimeoutMillis",
            "drainTimeoutMillis", "enginePreference", "healthPollMillis", CLASS_PATH_ENGINES, JMX);

    public ClassPathSettings {
        engineIds = Set.copyOf(engineIds);
        engineSettings = Map.copyOf(engineSettings);
    }

    /** The settings of the system properties {@value ProviderSettings#PID}{@code .<key>}. */
    public static ClassPathSettings fromSystemProperties() {
        return from(ConfigurationValues.systemProperties(ProviderSettings.PID), Map.of());
    }

    /**
     * The settings of {@code configuration}, keyed as the system properties without their prefix, and
     * {@value #ENGINE_PREFIX}{@code <id>.<key>} for an engine's settings. A key that is not one of them is logged and
     * ignored, as a value that is not allowed is (see {@link ProviderSettings}); the engine keys are checked against
     * the engines found (see {@link org.enginetls.provider.impl.engines.ClassPathEngines}).
     */
    public static ClassPathSettings from(Map<String, ?> configuration) {
        Map<String, Map<String, Object>> engines = new TreeMap<>();
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, ?> entry : configuration.entrySet()) {
            String key = entry.getKey();
            int dot = key.indexOf('.', ENGINE_PREFIX.length());
            if (key.startsWith(ENGINE_PREFIX) && dot > ENGINE_PREFIX.length() && dot < key.length() - 1) {
                engines.computeIfAbsent(key.substring(ENGINE_PREFIX.length(), dot), id -> new TreeMap<>())
                        .put(key.substring(dot + 1), entry.getValue());
            } else if (!KEYS.contains(key)) {
                unknown.add(key);
            }
        }
        for (String key : unknown) {
            logRejected(new IllegalArgumentException("'" + key + "' is not a setting of EngineTLS;"
                    + " the settings are " + new TreeSet<>(KEYS) + " and " + ENGINE_PREFIX + "<id>.<key>"));
        }
        return from(ConfigurationValues.of(ProviderSettings.PID, configuration), engines);
    }

    /** Logs a setting that is ignored, as every rejected provider setting is. */
    public static void logRejected(IllegalArgumentException rejection) {
        ProviderSettings.logRejected(rejection);
    }

    private static ClassPathSettings from(ConfigurationValues strict, Map<String, Map<String, Object>> engines) {
        ConfigurationValues values = strict.orDefaults(ProviderSettings::logRejected);
        String choice = values.text(CLASS_PATH_ENGINES);
        boolean classPathEngines = choice == null || !choice.equalsIgnoreCase("false");
        Set<String> ids = new LinkedHashSet<>();
        if (choice != null && !choice.equalsIgnoreCase("true") && !choice.equalsIgnoreCase("false")) {
            Arrays.stream(choice.split(",")).map(String::trim).filter(id -> !id.isEmpty())
                    .forEach(ids::add);
            classPathEngines = !ids.isEmpty();
        }
        if (!classPathEngines && !engines.isEmpty()) {
            logRejected(new IllegalArgumentException("settings are given for the engines " + engines.keySet()
                    + ", but " + CLASS_PATH_ENGINES + " is false: no class-path engine is added"));
        }
        return new ClassPathSettings(ProviderSettings.from(strict), classPathEngines, ids, engines,
                values.bool(JMX, false));
    }
}
