package org.enginetls.pkcs11;

import java.util.Map;
import java.util.function.Function;

/**
 * Which token the pkcs11 engine opens and how it runs. The same keys come from Configuration Admin
 * (PID {@value #PID}) or, on a plain class path, from system properties prefixed {@value #PID}{@code .}.
 *
 * @param library path of the token's PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so} ({@code library})
 * @param slot the PKCS#11 slot id, or {@code null} ({@code slot})
 * @param slotIndex the index in the list of slots with a token, or {@code null} ({@code slot.index})
 * @param tokenLabel the label of the token, or {@code null} ({@code token.label}); when none of slot,
 *        slot.index and token.label is set, the first slot with a token is used
 * @param pin the user PIN; never shown in status ({@code pin})
 * @param threads threads that make PKCS#11 calls ({@code threads})
 * @param queueSize operations that may wait for a thread; more answer "busy" ({@code queue.size})
 * @param retryMillis the least time between two attempts to reopen a failed token ({@code retry.ms})
 * @param ranking its service ranking ({@code ranking})
 * @param id the engine id, which its keys carry ({@code id}); distinct ids let several tokens serve at once
 */
public record Pkcs11Settings(String library, Long slot, Integer slotIndex, String tokenLabel, String pin, int threads, int queueSize,
        long retryMillis, int ranking, String id) {

    public static final String PID = "org.enginetls.engine.pkcs11";

    /** The engine id when none is configured. */
    public static final String DEFAULT_ID = "pkcs11";

    public Pkcs11Settings {
        if (threads < 1) {
            throw new IllegalArgumentException("pkcs11 threads must be at least 1: " + threads);
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("pkcs11 queue.size must not be negative: " + queueSize);
        }
        if ((slot != null ? 1 : 0) + (slotIndex != null ? 1 : 0) + (tokenLabel != null ? 1 : 0) > 1) {
            throw new IllegalArgumentException("pkcs11: set one of slot, slot.index and token.label, not several");
        }
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("pkcs11 id must not be empty");
        }
    }

    /** The settings from a Configuration Admin dictionary (or any map of the keys above). */
    public static Pkcs11Settings from(Map<String, ?> config) {
        return from(key -> config.get(key) == null ? null : String.valueOf(config.get(key)));
    }

    /** The settings from system properties prefixed {@value #PID}{@code .}. */
    public static Pkcs11Settings fromSystemProperties() {
        return from(key -> System.getProperty(PID + "." + key));
    }

    private static Pkcs11Settings from(Function<String, String> values) {
        String slot = text(values, "slot");
        String slotIndex = text(values, "slot.index");
        String id = text(values, "id");
        return new Pkcs11Settings(
                text(values, "library"),
                slot == null ? null : number(slot, "slot"),
                slotIndex == null ? null : (int) number(slotIndex, "slot.index"),
                text(values, "token.label"),
                values.apply("pin"),
                (int) number(values, "threads", 2),
                (int) number(values, "queue.size", 64),
                number(values, "retry.ms", 5_000),
                (int) number(values, "ranking", 200),
                id == null ? DEFAULT_ID : id);
    }

    /** This configuration with another PIN (and everything else kept). */
    public Pkcs11Settings withPin(String newPin) {
        return new Pkcs11Settings(library, slot, slotIndex, tokenLabel, newPin, threads, queueSize, retryMillis, ranking, id);
    }

    /** This configuration with another library path. */
    public Pkcs11Settings withLibrary(String newLibrary) {
        return new Pkcs11Settings(newLibrary, slot, slotIndex, tokenLabel, pin, threads, queueSize, retryMillis, ranking, id);
    }

    /** This configuration with another {@code retry.ms}. */
    public Pkcs11Settings withRetryMillis(long newRetryMillis) {
        return new Pkcs11Settings(library, slot, slotIndex, tokenLabel, pin, threads, queueSize, newRetryMillis, ranking, id);
    }

    /** Where the token is, for messages: "token 'web'", "slot 12" or "slot index 0". */
    String slotDescription() {
        if (tokenLabel != null) {
            return "token '" + tokenLabel + "'";
        }
        if (slot != null) {
            return "slot " + slot;
        }
        return "slot index " + (slotIndex == null ? 0 : slotIndex);
    }

    @Override
    public String toString() {
        // the PIN stays out of logs and status
        return "Pkcs11Settings[library=" + library + ", " + slotDescription() + ", threads=" + threads
                + ", queue.size=" + queueSize + ", retry.ms=" + retryMillis + ", ranking=" + ranking + ", id=" + id + "]";
    }

    private static String text(Function<String, String> values, String key) {
        String value = values.apply(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static long number(Function<String, String> values, String key, long defaultValue) {
        String value = text(values, key);
        return value == null ? defaultValue : number(value, key);
    }

    private static long number(String value, String key) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0 && !"ranking".equals(key)) {
                throw new IllegalArgumentException("pkcs11 " + key + " must not be negative: " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pkcs11 " + key + " is not a number: " + value, e);
        }
    }
}
