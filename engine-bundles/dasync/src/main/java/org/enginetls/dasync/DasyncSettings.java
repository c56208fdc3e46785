package org.enginetls.dasync;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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

    /** The settings from a Configuration Admin dictionary (or any map of the keys above). */
    public static DasyncSettings from(Map<String, ?> config) {
        return from(key -> config.get(key) == null ? null : String.valueOf(config.get(key)));
    }

    /** The settings from system properties prefixed {@value #PID}{@code .}. */
    public static DasyncSettings fromSystemProperties() {
        return from(key -> System.getProperty(PID + "." + key));
    }

    private static DasyncSettings from(Function<String, String> values) {
        return new DasyncSettings(
                number(values, "latency.ms", 1),
                (int) number(values, "eagain.every", 0),
                (int) number(values, "fail.every", 0),
                (int) number(values, "hang.every", 0),
                operations(values.apply("operations")),
                (int) number(values, "ranking", 100));
    }

    private static long number(Function<String, String> values, String key, long defaultValue) {
        String value = values.apply(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0 && !"ranking".equals(key)) {
                throw new IllegalArgumentException("dasync " + key + " must not be negative: " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dasync " + key + " is not a number: " + value, e);
        }
    }

    private static Set<OperationKind> operations(String value) {
        Set<OperationKind> kinds = EnumSet.noneOf(OperationKind.class);
        for (String name : (value == null || value.isBlank() ? DEFAULT_OPERATIONS : value).split(",")) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "sign" -> kinds.add(OperationKind.SIGN);
                case "decrypt" -> kinds.add(OperationKind.DECRYPT);
                case "agree" -> kinds.add(OperationKind.AGREE);
                case "keygen" -> kinds.add(OperationKind.KEYGEN);
                case "cipher" -> kinds.add(OperationKind.CIPHER);
                case "" -> { }
                default -> throw new IllegalArgumentException("dasync operations: unknown kind '" + name.trim()
                        + "' (known: sign, decrypt, agree, keygen, cipher)");
            }
        }
        return kinds;
    }
}
