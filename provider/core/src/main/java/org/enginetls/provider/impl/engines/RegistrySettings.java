package org.enginetls.provider.impl.engines;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How the registry orders engines, lets departing ones go and asks them for their health.
 *
 * @param drainTimeoutMillis how long an engine that left stays listed while operations it accepted are still
 *        running; when it elapses those operations fail with "unavailable" (portable keys then move to the next
 *        engine) and the engine is dropped
 * @param enginePreference engine ids, most preferred first: these engines route before all others, in this order;
 *        the rest follow by ranking
 * @param healthPollMillis how often the registry's poller asks every engine for its health (an engine an operation
 *        found unavailable is asked at once besides); a failed engine that recovers takes work again within this time
 */
public record RegistrySettings(long drainTimeoutMillis, List<String> enginePreference, long healthPollMillis) {

    /**
     * Shorter than the router's default operation timeout (5 s), so that work stuck on a departing engine moves on to
     * the next engine before it would time out with an error.
     */
    public static final long DEFAULT_DRAIN_TIMEOUT_MILLIS = 2_000;

    /** Once a second: what the router's re-check of failed engines used to allow, at the cost of one cheap call per engine. */
    public static final long DEFAULT_HEALTH_POLL_MILLIS = 1_000;

    public static final RegistrySettings DEFAULTS = new RegistrySettings(DEFAULT_DRAIN_TIMEOUT_MILLIS, List.of());

    public RegistrySettings {
        if (drainTimeoutMillis < 0) {
            throw new IllegalArgumentException("drain timeout " + drainTimeoutMillis + " ms is negative");
        }
        if (healthPollMillis <= 0) {
            throw new IllegalArgumentException("health poll period " + healthPollMillis + " ms is not positive");
        }
        enginePreference = enginePreference.stream().map(String::trim).filter(id -> !id.isEmpty()).distinct().toList();
    }

    /** The default health poll period. */
    public RegistrySettings(long drainTimeoutMillis, List<String> enginePreference) {
        this(drainTimeoutMillis, enginePreference, DEFAULT_HEALTH_POLL_MILLIS);
    }

    long drainTimeoutNanos() {
        return TimeUnit.MILLISECONDS.toNanos(drainTimeoutMillis);
    }
}
