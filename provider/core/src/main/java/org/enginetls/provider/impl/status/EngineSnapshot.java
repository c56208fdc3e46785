package org.enginetls.provider.impl.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.EngineHealth;
import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.EngineStatistics;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineState;

/**
 * Copies one registered engine into an {@link EngineDTO}.
 *
 * <p>{@link EngineDTO#async} is derived, not declared: the engine SPI has no "I am asynchronous"
 * flag, so it is true once the engine has returned a stage that was not yet complete, that is once
 * it did the work on a thread of its own. An engine that completes everything before returning
 * (the software engine) stays false.
 *
 * <p>The counters are read one after the other while operations continue, so a snapshot of a busy
 * engine need not add up exactly (completed + failed + in flight may differ from submitted by the
 * operations that moved meanwhile).
 */
public final class EngineSnapshot {

    private EngineSnapshot() {
    }

    /** A new DTO with {@code engine}'s current status; nothing in it is shared with the registry. */
    public static EngineDTO of(RegisteredEngine engine) {
        return of(engine, null);
    }

    /**
     * A new DTO with {@code engine}'s current status and {@code health}, what the engine has just said about
     * itself; {@code null} to have it asked here.
     */
    public static EngineDTO of(RegisteredEngine engine, EngineHealth health) {
        EngineDTO dto = new EngineDTO();
        dto.id = engine.id();
        EngineOrigin origin = engine.origin();
        dto.bundleSymbolicName = origin.bundleSymbolicName();
        dto.bundleVersion = origin.bundleVersion();
        dto.bundleId = origin.bundleId();
        dto.state = engine.state();
        dto.ranking = engine.ranking();
        dto.algorithms = algorithms(engine.capabilities());
        EngineStatistics statistics = engine.statistics();
        dto.async = statistics.hasReturnedPendingStage();
        dto.submitted = statistics.submittedCount();
        dto.completed = statistics.completedCount();
        dto.failed = statistics.failedCount();
        dto.eagain = statistics.eagainCount();
        dto.failovers = statistics.failoverCount();
        dto.inFlight = statistics.inFlight();
        dto.peakInFlight = statistics.peakInFlight();
        dto.latencyP50Micros = TimeUnit.NANOSECONDS.toMicros(statistics.latencyPercentileNanos(50));
        dto.latencyP99Micros = TimeUnit.NANOSECONDS.toMicros(statistics.latencyPercentileNanos(99));
        dto.lastError = statistics.lastError();
        dto.lastErrorTime = statistics.lastErrorTime();
        reportHealth(engine, health, dto);
        return dto;
    }

    /**
     * Adds what the engine says about itself. An engine that says it cannot work is shown FAILED, with
     * its reason as the last error, whatever the registry thinks of it; one that cannot even answer the
     * question is shown FAILED with what it threw.
     */
    private static void reportHealth(RegisteredEngine engine, EngineHealth answered, EngineDTO dto) {
        EngineHealth health = answered;
        if (health == null) {
            CryptoEngine live = engine.engine();
            if (live == null) {
                // it has left the registry (and was let go): there is nobody left to ask
                return;
            }
            try {
                health = live.health();
            } catch (RuntimeException e) {
                health = EngineHealth.failed("health() threw " + e);
            }
        }
        dto.properties = new LinkedHashMap<>(new TreeMap<>(health.details()));
        if (!health.available() && (dto.state == EngineState.ACTIVE || dto.state == EngineState.FAILED)) {
            dto.state = EngineState.FAILED;
            dto.lastError = health.reason();
            if (dto.lastErrorTime == 0) {
                dto.lastErrorTime = System.currentTimeMillis();
            }
        }
    }

    /** Operation kind name to its algorithms, in {@link OperationKind} order, each list sorted as declared. */
    private static Map<String, List<String>> algorithms(EngineCapabilities capabilities) {
        Map<String, List<String>> algorithms = new LinkedHashMap<>();
        for (OperationKind kind : OperationKind.values()) {
            if (!capabilities.algorithms(kind).isEmpty()) {
                algorithms.put(kind.name(), List.copyOf(capabilities.algorithms(kind)));
            }
        }
        return algorithms;
    }
}
