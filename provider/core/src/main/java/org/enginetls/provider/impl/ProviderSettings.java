package org.enginetls.provider.impl;

import java.util.Arrays;
import java.util.List;

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
 * @param registry the engine preference list and how long departing engines drain
 */
public record ProviderSettings(boolean softwareEngine, boolean delegatedTasks, int maxJobs, RouterSettings router,
        RegistrySettings registry) {

    /** System property that disables the software engine on a plain class path. */
    public static final String SOFTWARE_ENGINE_PROPERTY = "org.enginetls.provider.softwareEngine";

    /** System property that turns delegated tasks off on a plain class path. */
    public static final String DELEGATED_TASKS_PROPERTY = "org.enginetls.provider.delegatedTasks";

    /** System property with the drain timeout in milliseconds on a plain class path. */
    public static final String DRAIN_TIMEOUT_PROPERTY = "org.enginetls.provider.drainTimeoutMillis";

    /** System property with the engine preference list (comma-separated ids) on a plain class path. */
    public static final String ENGINE_PREFERENCE_PROPERTY = "org.enginetls.provider.enginePreference";

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

    /** The settings a plain class path gives through system properties. */
    public static ProviderSettings fromSystemProperties() {
        boolean software = !"false".equalsIgnoreCase(System.getProperty(SOFTWARE_ENGINE_PROPERTY, "true"));
        boolean tasks = !"false".equalsIgnoreCase(System.getProperty(DELEGATED_TASKS_PROPERTY, "true"));
        long drain = Long.getLong(DRAIN_TIMEOUT_PROPERTY, RegistrySettings.DEFAULT_DRAIN_TIMEOUT_MILLIS);
        List<String> preference = Arrays.asList(System.getProperty(ENGINE_PREFERENCE_PROPERTY, "").split(","));
        return new ProviderSettings(software, tasks, DEFAULT_MAX_JOBS, RouterSettings.DEFAULTS,
                new RegistrySettings(drain, preference));
    }
}
