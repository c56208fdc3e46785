package org.enginetls.provider.impl.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.EngineHealth;
import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.engines.EngineListing;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.EngineStatistics;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.runtime.EngineDTO;

/**
 * Copies one engine of a registry snapshot into an {@link EngineDTO}. It only reads: state, ranking and what the
 * engine said about itself come from the snapshot (the registry's poller asked it), the counters from its statistics.
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

    /** A new DTO with {@code listing}'s status; nothing in it is shared with the registry. */
    public static EngineDTO of(EngineListing listing) {
        RegisteredEngine engine = listing.entry();
        EngineDTO dto = new EngineDTO();
        dto.id = engine.id();
        EngineOrigin origin = engine.origin();
        dto.bundleSymbolicName = origin.bundleSymbolicName();
        dto.bundleVersion = origin.bundleVersion();
        dto.bundleId = origin.bundleId();
        dto.state = listing.state();
        dto.ranking = listing.ranking();
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
        long[] latency = statistics.latencyPercentilesNanos(50, 99);
        dto.latencyP50Micros = TimeUnit.NANOSECONDS.toMicros(latency[0]);
        dto.latencyP99Micros = TimeUnit.NANOSECONDS.toMicros(latency[1]);
        dto.lastError = statistics.lastError();
        dto.lastErrorTime = statistics.lastErrorTime();
        EngineHealth health = listing.health();
        dto.healthReason = health.reason();
        dto.properties = new LinkedHashMap<>(new TreeMap<>(health.details()));
        return dto;
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
