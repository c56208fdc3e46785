package org.enginetls.engine;

import java.util.Objects;

/**
 * An engine that could not start: it declares no capabilities, so it never gets work, and reports the reason as its
 * {@linkplain #health() health}, so that status shows it as failed instead of not at all.
 *
 * <p>An engine bundle registers one in place of its engine when its configuration is not allowed (EngineTLS then
 * lists it {@code FAILED} with the message, and the other engines go on working); EngineTLS makes one itself for an
 * engine {@link java.util.ServiceLoader} could not create.
 */
public final class FailedEngine implements CryptoEngine {

    private final String id;
    private final int ranking;
    private final String reason;

    /**
     * @param id the id the engine would have had
     * @param ranking the ranking it would have had
     * @param reason why it could not start, naming the cause and the fix
     */
    public FailedEngine(String id, int ranking, String reason) {
        this.id = Objects.requireNonNull(id, "id");
        this.ranking = ranking;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int ranking() {
        return ranking;
    }

    @Override
    public EngineCapabilities capabilities() {
        return EngineCapabilities.builder().build();
    }

    @Override
    public EngineHealth health() {
        return EngineHealth.failed(reason);
    }

    /** Why the engine could not start. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "FailedEngine[" + id + ": " + reason + "]";
    }
}
