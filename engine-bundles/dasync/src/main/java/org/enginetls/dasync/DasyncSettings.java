package org.enginetls.dasync;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.enginetls.engine.ConfigurationValues;
import org.enginetls.engine.OperationKind;

/**
 * How the dasync engine misbehaves. The same keys come from Configuration Admin (PID
 * {@value #PID}) or, on a plain class path, from system properties prefixed {@value #PID}{@code .}.
 *
 * @param latencyMillis how long each operation takes before it completes ({@code latency.ms})
 * @param eagainEvery every Nth submission answers "busy" (EAGAIN); 0 = never ({@code eagain.every})
 * @param failEvery every Nth submission fails; 0 = never ({@code fail.every})
 * @param hangEvery every Nth submission never completes; 0 = never ({@code hang.every})
 * @param operations the kinds it takes: any of sign, decrypt, agree, keygen, cipher ({@code operations})
 * @param ranking its service ranking ({@code ranking})
 */
public record DasyncSettings(long latencyMillis, int eagainEvery, int failEvery, int hangEvery,
        Set<OperationKind> operations, int ranking) {

    public static final String PID = "org.enginetls.engine.dasync";

    /** Every asymmetric kind: what OpenSSL's dasync takes too. */
    static final String DEFAULT_OPERATIONS = "sign,decrypt,agree,keygen";
    static final int DEFAULT_RANKING = 100;
    static final Set<OperationKind> DEFAULT_KINDS = EnumSet.of(OperationKind.SIGN, OperationKind.DECRYPT,
            OperationKind.AGREE, OperationKind.KEYGEN);

    /** The kinds dasync can take. */
    static final Set<OperationKind> KNOWN_KINDS = EnumSet.of(OperationKind.SIGN, OperationKind.DECRYPT,
            OperationKind.AGREE, OperationKind.KEYGEN, OperationKind.CIPHER);

    /**
     * The settings from a Configuration Admin dictionary (or any map of the keys above).
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed, for a value that is not
     */
    public static DasyncSettings from(Map<String, ?> config) {
        return from(ConfigurationValues.of(PID, config));
    }

    /** The settings from system properties prefixed {@value #PID}{@code .}; rejected as {@link #from(Map)} does. */
    public static DasyncSettings fromSystemProperties() {
        return from(ConfigurationValues.systemProperties(PID));
    }

    static DasyncSettings from(ConfigurationValues values) {
        return new DasyncSettings(
                values.number("latency.ms", 1, 0, 600_000),
                values.integer("eagain.every", 0, 0, Integer.MAX_VALUE),
                values.integer("fail.every", 0, 0, Integer.MAX_VALUE),
                values.integer("hang.every", 0, 0, Integer.MAX_VALUE),
                values.kinds("operations", DEFAULT_KINDS, KNOWN_KINDS),
                values.integer("ranking", DEFAULT_RANKING, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }
}
