package org.enginetls.provider.impl.engines;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How the registry orders engines and lets departing ones go.
 *
 * @param drainTimeoutMillis how long an engine that left stays listed while operations it accepted are still
 *        running; when it elapses those operations fail with "unavailable" (portable keys then move to the next
 *        engine) and the engine is dropped
 * @param enginePreference engine ids, most preferred first: these engines route before all others, in this order;
 *        the rest follow by ranking
 */
public record RegistrySettings(long drainTimeoutMillis, List<String> enginePreference) {

    /**
     * Shorter than the router's default operation timeout (5 s), so that work stuck on a departing engine moves on to
     * the next engine before it would time out with an error.
     */
    public static final long DEFAULT_DRAIN_TIMEOUT_MILLIS = 2_000;

    public static final RegistrySettings DEFAULTS = new RegistrySettings(DEFAULT_DRAIN_TIMEOUT_MILLIS, List.of());

    public RegistrySettings {
        if (drainTimeoutMillis < 0) {
            throw new IllegalArgumentException("drain timeout " + drainTimeoutMillis + " ms is negative");
        }
        enginePreference = enginePreference.stream().map(String::trim).filter(id -> !id.isEmpty()).distinct().toList();
    }

    long drainTimeoutNanos() {
        return TimeUnit.MILLISECONDS.toNanos(drainTimeoutMillis);
    }
}
