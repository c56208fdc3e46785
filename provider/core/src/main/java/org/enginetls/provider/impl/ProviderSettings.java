package org.enginetls.provider.impl;

import org.enginetls.provider.impl.crypto.RouterSettings;

/**
 * Settings fixed when an EngineTLS instance is built.
 *
 * @param softwareEngine whether the built-in software engine takes operations no other engine takes;
 *        without it EngineTLS fails closed when no engine can do an operation
 * @param delegatedTasks whether engines outside async mode hand handshake work out as JSSE delegated
 *        tasks ({@code NEED_TASK}); when off, the work runs inside {@code wrap}/{@code unwrap}
 * @param maxJobs how many async jobs may be live at once
 * @param router how the router waits and retries
 */
public record ProviderSettings(boolean softwareEngine, boolean delegatedTasks, int maxJobs, RouterSettings router) {

    /** System property that disables the software engine on a plain class path. */
    public static final String SOFTWARE_ENGINE_PROPERTY = "org.enginetls.provider.softwareEngine";

    /** System property that turns delegated tasks off on a plain class path. */
    public static final String DELEGATED_TASKS_PROPERTY = "org.enginetls.provider.delegatedTasks";

    /** Enough for tens of thousands of concurrent handshakes; each paused job costs a parked virtual thread. */
    public static final int DEFAULT_MAX_JOBS = 65_536;

    public static final ProviderSettings DEFAULTS = new ProviderSettings(true, RouterSettings.DEFAULTS);

    /** Default delegated tasks and job limit, with the given software engine choice and router settings. */
    public ProviderSettings(boolean softwareEngine, RouterSettings router) {
        this(softwareEngine, true, DEFAULT_MAX_JOBS, router);
    }

    /** The settings a plain class path gives through system properties. */
    public static ProviderSettings fromSystemProperties() {
        boolean software = !"false".equalsIgnoreCase(System.getProperty(SOFTWARE_ENGINE_PROPERTY, "true"));
        boolean tasks = !"false".equalsIgnoreCase(System.getProperty(DELEGATED_TASKS_PROPERTY, "true"));
        return new ProviderSettings(software, tasks, DEFAULT_MAX_JOBS, RouterSettings.DEFAULTS);
    }
}
