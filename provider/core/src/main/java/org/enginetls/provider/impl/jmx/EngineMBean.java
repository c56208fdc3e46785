package org.enginetls.provider.impl.jmx;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.enginetls.provider.impl.engines.EngineListing;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.status.EngineSnapshot;
import org.enginetls.runtime.EngineDTO;

/**
 * The MBean of one engine id. Every attribute is read from the registry's current snapshot of the engine listed with
 * that id (the active one when a bundle update briefly lists two), so the MBean holds no engine, only the registry.
 * Reading an attribute asks the engine nothing and changes nothing.
 */
final class EngineMBean implements EngineMXBean {

    private final EngineRegistry registry;
    private final String id;

    EngineMBean(EngineRegistry registry, String id) {
        this.registry = registry;
        this.id = id;
    }

    private EngineDTO snapshot() {
        EngineListing engine = registry.snapshot().find(id);
        if (engine == null) {
            throw new IllegalStateException("the engine '" + id + "' is no longer listed");
        }
        return EngineSnapshot.of(engine);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String getState() {
        return snapshot().state.name();
    }

    @Override
    public int getRanking() {
        return snapshot().ranking;
    }

    @Override
    public boolean isAsync() {
        return snapshot().async;
    }

    @Override
    public Map<String, List<String>> getAlgorithms() {
        return snapshot().algorithms;
    }

    @Override
    public long getSubmitted() {
        return snapshot().submitted;
    }

    @Override
    public long getCompleted() {
        return snapshot().completed;
    }

    @Override
    public long getFailed() {
        return snapshot().failed;
    }

    @Override
    public long getEagain() {
        return snapshot().eagain;
    }

    @Override
    public long getFailovers() {
        return snapshot().failovers;
    }

    @Override
    public long getInFlight() {
        return snapshot().inFlight;
    }

    @Override
    public long getPeakInFlight() {
        return snapshot().peakInFlight;
    }

    @Override
    public long getLatencyP50Micros() {
        return snapshot().latencyP50Micros;
    }

    @Override
    public long getLatencyP99Micros() {
        return snapshot().latencyP99Micros;
    }

    @Override
    public String getLastError() {
        return snapshot().lastError;
    }

    @Override
    public long getLastErrorTime() {
        return snapshot().lastErrorTime;
    }

    @Override
    public String getHealthReason() {
        return snapshot().healthReason;
    }

    @Override
    public String getBundleSymbolicName() {
        return snapshot().bundleSymbolicName;
    }

    @Override
    public String getBundleVersion() {
        return snapshot().bundleVersion;
    }

    @Override
    public long getBundleId() {
        return snapshot().bundleId;
    }

    @Override
    public Map<String, String> getReported() {
        Map<String, String> reported = new TreeMap<>();
        snapshot().properties.forEach((name, value) -> reported.put(name, String.valueOf(value)));
        return reported;
    }
}
