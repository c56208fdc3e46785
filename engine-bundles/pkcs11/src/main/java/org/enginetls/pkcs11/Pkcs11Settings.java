package org.enginetls.pkcs11;

import java.util.Map;
import java.util.function.Function;

import org.enginetls.engine.ConfigurationValues;

/**
 * Which token the pkcs11 engine opens and how it runs. The same keys come from Configuration Admin
 * (PID {@value #PID}) or, on a plain class path, from system properties prefixed {@value #PID}{@code .}.
 *
 * @param library path of the token's PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so} ({@code library})
 * @param slot the PKCS#11 slot id, or {@code null} ({@code slot})
 * @param slotIndex the index in the list of slots with a token, or {@code null} ({@code slot.index})
 * @param tokenLabel the label of the token, or {@code null} ({@code token.label}); when none of slot,
 *        slot.index and token.label is set, the first slot with a token is used
 * @param pin the user PIN; never shown in status ({@code pin}, or read from the file {@code pin.file} or the
 *        environment variable {@code pin.env}: see {@link PinSource})
 * @param threads threads that make PKCS#11 calls ({@code threads})
 * @param queueSize operations that may wait for a thread; more answer "busy" ({@code queue.size})
 * @param retryMillis the least time between two attempts to reopen a failed token ({@code retry.ms})
 * @param ranking its service ranking ({@code ranking})
 * @param id the engine id, which its keys carry ({@code id}); distinct ids let several tokens serve at once
 */
public record Pkcs11Settings(String library, Long slot, Integer slotIndex, String tokenLabel, String pin, int threads, int queueSize,
        long retryMillis, int ranking, String id) {

    public static final String PID = "org.enginetls.engine.pkcs11";

    /** The most threads a setting may ask for. */
    static final int MAX_THREADS = 256;

    /** The longest {@code retry.ms}: a day. */
    static final long MAX_RETRY_MILLIS = 86_400_000;

    /** The ranking when none is configured. */
    public static final int DEFAULT_RANKING = 200;

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

    /**
     * The settings from a Configuration Admin dictionary (or any map of the keys above).
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed, for a value that is not (the
     *         PIN's value is never in the message)
     */
    public static Pkcs11Settings from(Map<String, ?> config) {
        return from(ConfigurationValues.of(PID, config), System::getenv);
    }

    /** The settings from system properties prefixed {@value #PID}{@code .}; rejected as {@link #from(Map)} does. */
    public static Pkcs11Settings fromSystemProperties() {
        return from(ConfigurationValues.systemProperties(PID), System::getenv);
    }

    /** With the environment a test gives, for {@code pin.env}. */
    static Pkcs11Settings from(ConfigurationValues values, Function<String, String> environment) {
        Long slot = values.isSet("slot") ? values.number("slot", 0, 0, Long.MAX_VALUE) : null;
        Integer slotIndex = values.isSet("slot.index") ? values.integer("slot.index", 0, 0, Integer.MAX_VALUE) : null;
        String tokenLabel = values.text("token.label");
        if ((slot != null ? 1 : 0) + (slotIndex != null ? 1 : 0) + (tokenLabel != null ? 1 : 0) > 1) {
            values.rejectCombination("set one of slot, slot.index and token.label, not several", null);
        }
        String id = values.text("id");
        return new Pkcs11Settings(
                values.text("library"),
                slot,
                slotIndex,
                tokenLabel,
                PinSource.pin(values, environment),
                values.integer("threads", 2, 1, MAX_THREADS),
                values.integer("queue.size", 64, 0, Integer.MAX_VALUE),
                values.number("retry.ms", 5_000, 0, MAX_RETRY_MILLIS),
                values.integer("ranking", DEFAULT_RANKING, Integer.MIN_VALUE, Integer.MAX_VALUE),
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

    /** The token as messages name it: "the token 'web'", "the token in slot 12" or "the token in slot index 0". */
    String token() {
        return tokenLabel != null ? "the token '" + tokenLabel + "'" : "the token in " + slotDescription();
    }

    /** Where the token is: "token 'web'", "slot 12" or "slot index 0". */
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
}
