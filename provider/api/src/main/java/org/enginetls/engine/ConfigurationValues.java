package org.enginetls.engine;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The values of one configuration — a Configuration Admin dictionary, or the system properties that carry the same
 * keys under the configuration's PID as prefix on a plain class path — read key by key with what each key allows.
 *
 * <p>A value that is not allowed is rejected with an {@link IllegalArgumentException} whose message names the
 * setting as the user wrote it (the system property, or the key and the PID), the value, and what is allowed:
 * {@code "org.enginetls.engine.pool.threads = 'abc' is not allowed: a whole number from 0 to 1024"}. A reader made
 * {@link #orDefaults(Consumer) lenient} hands the rejection to a consumer instead and goes on with the default. An
 * absent or blank value is the default. Values are never echoed for keys read with {@link #secret(String)}.
 */
public final class ConfigurationValues {

    private final String pid;
    private final boolean systemProperties;
    private final Function<String, Object> values;
    private final Consumer<IllegalArgumentException> onRejected;

    private ConfigurationValues(String pid, boolean systemProperties, Function<String, Object> values,
            Consumer<IllegalArgumentException> onRejected) {
        this.pid = Objects.requireNonNull(pid, "pid");
        this.systemProperties = systemProperties;
        this.values = values;
        this.onRejected = onRejected;
    }

    /** The values of a Configuration Admin configuration (or any map of the same keys) with the PID {@code pid}. */
    public static ConfigurationValues of(String pid, Map<String, ?> properties) {
        Map<String, ?> copy = new HashMap<>(properties);
        return new ConfigurationValues(pid, false, copy::get, null);
    }

    /** The system properties named {@code pid} + "." + key. */
    public static ConfigurationValues systemProperties(String pid) {
        return new ConfigurationValues(pid, true, key -> System.getProperty(pid + "." + key), null);
    }

    /** The same values, but a rejected one goes to {@code onRejected} and its key reads as the default. */
    public ConfigurationValues orDefaults(Consumer<IllegalArgumentException> onRejected) {
        return new ConfigurationValues(pid, systemProperties, values, Objects.requireNonNull(onRejected, "onRejected"));
    }

    /** The configuration's PID, which is also the prefix of its system properties. */
    public String pid() {
        return pid;
    }

    /** The setting as the user writes it: the system property, or the key in the PID's configuration. */
    public String name(String key) {
        return systemProperties ? pid + "." + key : "'" + key + "' of configuration " + pid;
    }

    /** Whether the key has a non-blank value. */
    public boolean isSet(String key) {
        return raw(key) != null;
    }

    /** The trimmed text of {@code key}, or {@code null} when it is absent or blank. */
    public String text(String key) {
        return raw(key);
    }

    /**
     * The text of {@code key} exactly as given (a PIN may hold spaces), or {@code null} when absent. Messages about
     * this key never show its value.
     */
    public String secret(String key) {
        Object value = values.apply(key);
        if (value == null) {
            return null;
        }
        if (value instanceof char[] chars) {
            return new String(chars);
        }
        String text = String.valueOf(value);
        return text.isEmpty() ? null : text;
    }

    /** A whole number from {@code min} to {@code max}; {@code defaultValue} when absent. */
    public int integer(String key, int defaultValue, int min, int max) {
        return (int) number(key, defaultValue, min, max);
    }

    /** A whole number from {@code min} to {@code max}; {@code defaultValue} when absent. */
    public long number(String key, long defaultValue, long min, long max) {
        String value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // rejected below with what is allowed
        }
        return reject(key, value, range(min, max), defaultValue);
    }

    /** {@code true} or {@code false} (any case); {@code defaultValue} when absent. */
    public boolean bool(String key, boolean defaultValue) {
        String value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value.toLowerCase(Locale.ROOT));
        }
        return reject(key, value, "true or false", defaultValue);
    }

    /**
     * A comma-separated list of operation kinds, each one of {@code allowed} by its lower-case name ({@code sign},
     * {@code keygen}, ...); {@code defaultValue} when absent. An empty list is allowed only as a blank value, which
     * is the default.
     */
    public Set<OperationKind> kinds(String key, Set<OperationKind> defaultValue, Set<OperationKind> allowed) {
        String value = raw(key);
        if (value == null) {
            return Set.copyOf(defaultValue);
        }
        Set<OperationKind> kinds = EnumSet.noneOf(OperationKind.class);
        for (String name : value.split(",")) {
            String trimmed = name.trim().toUpperCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            OperationKind kind = Arrays.stream(OperationKind.values())
                    .filter(candidate -> candidate.name().equals(trimmed) && allowed.contains(candidate))
                    .findFirst().orElse(null);
            if (kind == null) {
                String names = allowed.stream().map(k -> k.name().toLowerCase(Locale.ROOT)).sorted()
                        .collect(Collectors.joining(", "));
                return reject(key, value, "a comma-separated list of " + names, Set.copyOf(defaultValue));
            }
            kinds.add(kind);
        }
        return Set.copyOf(kinds);
    }

    /**
     * Rejects {@code value} of {@code key}: throws, or (when lenient) reports and returns {@code defaultValue}.
     *
     * @param allowed what the key allows, as a phrase ("a whole number from 1 to 64")
     */
    public <T> T reject(String key, Object value, String allowed, T defaultValue) {
        IllegalArgumentException rejection = new IllegalArgumentException(
                name(key) + " = '" + value + "' is not allowed: " + allowed);
        if (onRejected == null) {
            throw rejection;
        }
        onRejected.accept(rejection);
        return defaultValue;
    }

    /** Rejects a combination of keys (each allowed alone) with {@code problem}, as {@link #reject} does. */
    public <T> T rejectCombination(String problem, T defaultValue) {
        IllegalArgumentException rejection = new IllegalArgumentException(
                (systemProperties ? "system properties " + pid + ".*" : "configuration " + pid) + ": " + problem);
        if (onRejected == null) {
            throw rejection;
        }
        onRejected.accept(rejection);
        return defaultValue;
    }

    private String raw(String key) {
        Object value = values.apply(key);
        if (value == null) {
            return null;
        }
        String text = value instanceof String[] array ? String.join(",", array) : String.valueOf(value).trim();
        return text.isBlank() ? null : text;
    }

    private static String range(long min, long max) {
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE || min == Integer.MIN_VALUE && max == Integer.MAX_VALUE) {
            return "a whole number";
        }
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return "a whole number, at least " + min;
        }
        return "a whole number from " + min + " to " + max;
    }
}
