package org.enginetls.pool;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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

    /** The settings from a Configuration Admin dictionary (or any map of the keys above). */
    public static PoolSettings from(Map<String, ?> config) {
        return from(key -> config.get(key) == null ? null : String.valueOf(config.get(key)));
    }

    /** The settings from system properties prefixed {@value #PID}{@code .}. */
    public static PoolSettings fromSystemProperties() {
        return from(key -> System.getProperty(PID + "." + key));
    }

    private static PoolSettings from(Function<String, String> values) {
        return new PoolSettings(
                (int) number(values, "threads", 0),
                (int) number(values, "queue.capacity", DEFAULT_QUEUE_CAPACITY),
                (int) number(values, "ranking", DEFAULT_RANKING),
                operations(values.apply("operations")),
                number(values, "drain.ms", DEFAULT_DRAIN_MILLIS));
    }

    private static long number(Function<String, String> values, String key, long defaultValue) {
        String value = values.apply(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pool " + key + " is not a number: " + value, e);
        }
    }

    private static Set<OperationKind> operations(String value) {
        Set<OperationKind> kinds = EnumSet.noneOf(OperationKind.class);
        for (String name : (value == null || value.isBlank() ? DEFAULT_OPERATIONS : value).split(",")) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "sign" -> kinds.add(OperationKind.SIGN);
                case "verify" -> kinds.add(OperationKind.VERIFY);
                case "agree" -> kinds.add(OperationKind.AGREE);
                case "keygen" -> kinds.add(OperationKind.KEYGEN);
                case "decrypt" -> kinds.add(OperationKind.DECRYPT);
                case "encrypt" -> kinds.add(OperationKind.ENCRYPT);
                case "" -> { }
                default -> throw new IllegalArgumentException("pool operations: unknown kind '" + name.trim()
                        + "' (known: sign, verify, agree, keygen, decrypt, encrypt; record ciphers always run inline)");
            }
        }
        return kinds;
    }
}
