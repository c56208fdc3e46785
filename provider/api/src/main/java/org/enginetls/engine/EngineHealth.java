package org.enginetls.engine;

import java.util.Map;
import java.util.Objects;

/**
 * What an engine reports about its own condition: whether it can take work now, why not, and
 * engine-specific figures (a pool's queue depth, a token's label) that status reports show as they
 * are.
 *
 * <p>An engine that is present but unusable (an HSM whose PIN is wrong, whose library is missing or
 * whose token was removed) reports {@link #failed(String, Map) failed} with the reason, and answers
 * operations with {@link EngineUnavailableException} until the cause is fixed; it reports
 * {@link #available(Map) available} again once it recovers.
 *
 * @param available whether the engine can take work now
 * @param reason why it cannot; {@code null} when it is available
 * @param details engine-specific status figures by name; values are numbers, strings or booleans
 */
public record EngineHealth(boolean available, String reason, Map<String, Object> details) {

    /** Available, with nothing more to say. */
    public static final EngineHealth AVAILABLE = new EngineHealth(true, null, Map.of());

    public EngineHealth {
        if (!available) {
            Objects.requireNonNull(reason, "a failed engine must say why");
        }
        details = Map.copyOf(details);
    }

    /** Available, with {@code details}. */
    public static EngineHealth available(Map<String, ?> details) {
        return new EngineHealth(true, null, Map.copyOf(details));
    }

    /** Unusable because of {@code reason}, with {@code details}. */
    public static EngineHealth failed(String reason, Map<String, ?> details) {
        return new EngineHealth(false, reason, Map.copyOf(details));
    }

    /** Unusable because of {@code reason}. */
    public static EngineHealth failed(String reason) {
        return failed(reason, Map.of());
    }
}
