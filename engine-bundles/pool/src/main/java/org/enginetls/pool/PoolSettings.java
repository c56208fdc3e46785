package org.enginetls.pool;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.enginetls.engine.ConfigurationValues;
import org.enginetls.engine.OperationKind;

/**
 * How big the pool engine is and what it takes. The same keys come from Configuration Admin (PID
 * {@value #PID}) or, on a plain class path, from system properties prefixed {@value #PID}{@code .}.
 *
 * @param threads worker threads ({@code threads}; default and 0: the number of processors)
 * @param queueCapacity operations that may wait for a worker; one more submission is answered "busy"
 *        (EAGAIN). 0 = only an idle worker takes an operation ({@code queue.capacity})
 * @param ranking the engine's ranking; higher wins ({@code ranking})
 * @param operations the kinds it takes: any of sign, verify, agree, keygen, decrypt, encrypt ({@code operations})
 * @param drainMillis on shutdown, how long queued operations may still run before the rest are
 *        failed as "unavailable" (and so moved to another engine) ({@code drain.ms})
 */
public record PoolSettings(int threads, int queueCapacity, int ranking, Set<OperationKind> operations, long drainMillis) {

    public static final String PID = "org.enginetls.engine.pool";

    /** Every submitted (asymmetric) kind. */
    static final String DEFAULT_OPERATIONS = "sign,verify,agree,keygen,decrypt,encrypt";
    static final int DEFAULT_QUEUE_CAPACITY = 256;
    static final int DEFAULT_RANKING = 100;
    static final long DEFAULT_DRAIN_MILLIS = 2_000;

    public PoolSettings {
        if (threads == 0) {
            threads = Runtime.getRuntime().availableProcessors();
        }
        if (threads < 0) {
            throw new IllegalArgumentException("pool threads must not be negative: " + threads);
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("pool queue.capacity must not be negative: " + queueCapacity);
        }
        if (drainMillis < 0) {
            throw new IllegalArgumentException("pool drain.ms must not be negative: " + drainMillis);
        }
        operations = Set.copyOf(operations);
    }

    /** The most worker threads a setting may ask for. */
    static final int MAX_THREADS = 1024;

    /** The kinds the pool can take: the submitted (asymmetric) ones. */
    static final Set<OperationKind> SUBMITTED_KINDS = EnumSet.of(OperationKind.SIGN, OperationKind.VERIFY,
            OperationKind.AGREE, OperationKind.KEYGEN, OperationKind.DECRYPT, OperationKind.ENCRYPT);

    /**
     * The settings from a Configuration Admin dictionary (or any map of the keys above).
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed, for a value that is not
     */
    public static PoolSettings from(Map<String, ?> config) {
        return from(ConfigurationValues.of(PID, config));
    }

    /** The settings from system properties prefixed {@value #PID}{@code .}; rejected as {@link #from(Map)} does. */
    public static PoolSettings fromSystemProperties() {
        return from(ConfigurationValues.systemProperties(PID));
    }

    static PoolSettings from(ConfigurationValues values) {
        return new PoolSettings(
                values.integer("threads", 0, 0, MAX_THREADS),
                values.integer("queue.capacity", DEFAULT_QUEUE_CAPACITY, 0, Integer.MAX_VALUE),
                values.integer("ranking", DEFAULT_RANKING, Integer.MIN_VALUE, Integer.MAX_VALUE),
                values.kinds("operations", SUBMITTED_KINDS, SUBMITTED_KINDS),
                values.number("drain.ms", DEFAULT_DRAIN_MILLIS, 0, 600_000));
    }
}
