package org.enginetls.runtime;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of one engine's status. Fields are public, in the manner of OSGi DTOs; a DTO is a
 * copy and never changes after it is returned.
 */
public class EngineDTO {
    /** The engine's id. */
    public String id;
    /** Symbolic name of the bundle that registered the engine; {@code null} outside OSGi. */
    public String bundleSymbolicName;
    /** Version of that bundle; {@code null} outside OSGi. */
    public String bundleVersion;
    /** Id of that bundle; {@code -1} outside OSGi. */
    public long bundleId = -1;
    /** The engine's state. */
    public EngineState state;
    /** Whether the engine completes operations asynchronously. */
    public boolean async;
    /** The ranking the router uses for it (higher wins). */
    public int ranking;
    /** Declared algorithms per operation kind name. */
    public Map<String, List<String>> algorithms;
    /** Operations submitted to the engine. */
    public long submitted;
    /** Operations it completed successfully. */
    public long completed;
    /** Operations it failed. */
    public long failed;
    /** Submissions it answered with "busy, retry". */
    public long eagain;
    /** Operations moved from it to another engine after a failure. */
    public long failovers;
    /** Operations submitted and not yet completed. */
    public long inFlight;
    /** The highest {@link #inFlight} seen. */
    public long peakInFlight;
    /** Median operation latency in microseconds. */
    public long latencyP50Micros;
    /** 99th percentile operation latency in microseconds. */
    public long latencyP99Micros;
    /** The message of the last operation the engine failed, or {@code null}. */
    public String lastError;
    /** When that operation failed (epoch milliseconds), or 0. */
    public long lastErrorTime;
    /**
     * Why the engine said it cannot work when EngineTLS last asked for its health ({@link EngineState#FAILED} engines
     * have one), or {@code null} when it said it can.
     *
     * @since 0.3
     */
    public String healthReason;
    /** Engine-specific figures the engine reports about itself (queue depth, token label, ...); never {@code null}. */
    public Map<String, Object> properties = Map.of();
}
