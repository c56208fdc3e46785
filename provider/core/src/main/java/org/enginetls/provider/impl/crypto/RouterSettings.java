package org.enginetls.provider.impl.crypto;

import java.util.concurrent.TimeUnit;

/**
 * How the router waits and retries.
 *
 * @param busyRetries how many times a "busy" answer is resubmitted to the same engine by a blocked caller
 * @param asyncBusyRetries how many times a paused job resubmits after "busy" (each time on the
 *        application's next call) before it gives up on the engine
 * @param busyBackoffNanos the first pause before a resubmission; doubled each time
 * @param maxBusyBackoffNanos the longest pause between resubmissions
 * @param operationTimeoutNanos how long a submitted operation may take before it fails
 */
public record RouterSettings(int busyRetries, int asyncBusyRetries, long busyBackoffNanos, long maxBusyBackoffNanos,
        long operationTimeoutNanos) {

    public static final RouterSettings DEFAULTS = new RouterSettings(
            8, 1_000, TimeUnit.MICROSECONDS.toNanos(100), TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.SECONDS.toNanos(5));

    public RouterSettings withOperationTimeoutMillis(long millis) {
        return new RouterSettings(busyRetries, asyncBusyRetries, busyBackoffNanos, maxBusyBackoffNanos, TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
