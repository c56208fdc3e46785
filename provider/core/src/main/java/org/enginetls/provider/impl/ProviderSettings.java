package org.enginetls.provider.impl;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.enginetls.engine.ConfigurationValues;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.RegistrySettings;

/**
 * Settings of an EngineTLS instance. All of them can be changed on a running instance
 * ({@link ProviderCore#reconfigure}); connections already established keep working.
 *
 * @param softwareEngine whether the built-in software engine takes operations no other engine takes;
 *        without it EngineTLS fails closed when no engine can do an operation
 * @param delegatedTasks whether engines outside async mode hand handshake work out as JSSE delegated
 *        tasks ({@code NEED_TASK}); when off, the work runs inside {@code wrap}/{@code unwrap}. Read when an
 *        {@code SSLEngine} is created
 * @param maxJobs how many async jobs may be live at once (fixed when the instance is built)
 * @param router how the router waits and retries
 * @param registry the engine preference list, how long departing engines drain and how often engines are asked for
 *        their health
 */
public record ProviderSettings(boolean softwareEngine, boolean delegatedTasks, int maxJobs, RouterSettings router,
        RegistrySettings registry) {

    /** The configuration PID in OSGi; on a plain class path, the prefix of the same keys as system properties. */
    public static final String PID = "org.enginetls.provider";

    /** System property that disables the software engine on a plain class path. */
    public static final String SOFTWARE_ENGINE_PROPERTY = PID + ".softwareEngine";

    /** System property that turns delegated tasks off on a plain class path. */
    public static final String DELEGATED_TASKS_PROPERTY = PID + ".delegatedTasks";

    /** System property with the drain timeout in milliseconds on a plain class path. */
    public static final String DRAIN_TIMEOUT_PROPERTY = PID + ".drainTimeoutMillis";

    /** System property with the engine preference list (comma-separated ids) on a plain class path. */
    public static final String ENGINE_PREFERENCE_PROPERTY = PID + ".enginePreference";

    /** The longest health poll period a setting may ask for: an hour. */
    static final long MAX_HEALTH_POLL_MILLIS = 3_600_000;

    /** The longest operation timeout a setting may ask for: ten minutes. */
    static final long MAX_OPERATION_TIMEOUT_MILLIS = 600_000;

    /** Enough for tens of thousands of concurrent handshakes; each paused job costs a parked virtual thread. */
    public static final int DEFAULT_MAX_JOBS = 65_536;

    public static final ProviderSettings DEFAULTS = new ProviderSettings(true, RouterSettings.DEFAULTS);

    /** Default registry settings. */
    public ProviderSettings(boolean softwareEngine, boolean delegatedTasks, int maxJobs, RouterSettings router) {
        this(softwareEngine, delegatedTasks, maxJobs, router, RegistrySettings.DEFAULTS);
    }

    /** Default delegated tasks, job limit and registry settings, with the given software engine choice and router settings. */
    public ProviderSettings(boolean softwareEngine, RouterSettings router) {
        this(softwareEngine, true, DEFAULT_MAX_JOBS, router);
    }

    /**
     * The settings a plain class path gives through system properties ({@value #PID}{@code .<key>}). A value that is
     * not allowed is logged once, naming the property, the value and what is allowed, and its default is used: a
     * bad setting never takes the provider down.
     */
    public static ProviderSettings fromSystemProperties() {
        return from(ConfigurationValues.systemProperties(PID));
    }

    /** The settings of a Configuration Admin configuration; bad values are logged and replaced as above. */
    public static ProviderSettings from(Map<String, ?> configuration) {
        return from(ConfigurationValues.of(PID, configuration));
    }

    static ProviderSettings from(ConfigurationValues strict) {
        ConfigurationValues values = strict.orDefaults(ProviderSettings::logRejected);
        boolean software = values.bool("softwareEngine", true);
        boolean tasks = values.bool("delegatedTasks", true);
        long timeout = values.number("operationTimeoutMillis", TimeUnit.NANOSECONDS.toMillis(
                RouterSettings.DEFAULTS.operationTimeoutNanos()), 1, MAX_OPERATION_TIMEOUT_MILLIS);
        long drain = values.number("drainTimeoutMillis", RegistrySettings.DEFAULT_DRAIN_TIMEOUT_MILLIS, 0,
                MAX_OPERATION_TIMEOUT_MILLIS);
        String preference = values.text("enginePreference");
        long healthPoll = values.number("healthPollMillis", RegistrySettings.DEFAULT_HEALTH_POLL_MILLIS, 1,
                MAX_HEALTH_POLL_MILLIS);
        return new ProviderSettings(software, tasks, DEFAULT_MAX_JOBS,
                RouterSettings.DEFAULTS.withOperationTimeoutMillis(timeout),
                new RegistrySettings(drain, preference == null ? List.of() : Arrays.asList(preference.split(",")),
                        healthPoll));
    }

    /** The position in the Security provider list a configuration asks for: 1 = first, 0 or less = last. */
    public static int position(Map<String, ?> configuration) {
        return ConfigurationValues.of(PID, configuration).orDefaults(ProviderSettings::logRejected)
                .integer("position", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    static void logRejected(IllegalArgumentException rejection) {
        System.getLogger(ProviderSettings.class.getName()).log(System.Logger.Level.WARNING,
                "EngineTLS ignores a setting and uses its default: " + rejection.getMessage());
    }
}
