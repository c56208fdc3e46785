package org.enginetls.provider.impl.jmx;

import java.util.List;
import java.util.Map;

/**
 * The JMX view of one engine, {@code org.enginetls:type=Engine,name=<id>}: the fields of
 * {@link org.enginetls.runtime.EngineDTO}, read afresh on every call. Only standard open types, so any JMX client
 * (jconsole, jmxterm, Jolokia) reads it without EngineTLS classes.
 */
public interface EngineMXBean {

    String getId();

    /** {@code ACTIVE}, {@code RETIRING}, {@code FAILED} or {@code SHADOWED}. */
    String getState();

    int getRanking();

    boolean isAsync();

    /** Operation kind name to the algorithms the engine declares for it. */
    Map<String, List<String>> getAlgorithms();

    long getSubmitted();

    long getCompleted();

    long getFailed();

    long getEagain();

    long getFailovers();

    long getInFlight();

    long getPeakInFlight();

    long getLatencyP50Micros();

    long getLatencyP99Micros();

    /** The message of the last operation the engine failed, or {@code null}. */
    String getLastError();

    /** When that operation failed (epoch milliseconds), or 0. */
    long getLastErrorTime();

    /** Why the engine last said it cannot work, or {@code null} when it said it can. */
    String getHealthReason();

    /** The registering bundle's symbolic name, or {@code null} for an engine from the class path. */
    String getBundleSymbolicName();

    String getBundleVersion();

    /** The registering bundle's id, or -1 for an engine from the class path. */
    long getBundleId();

    /**
     * What the engine reports about itself ({@code EngineDTO.properties}: a pool's queue depth and utilisation, a
     * token's label and key count), each value as text, so that JMX shows what {@code /status} and
     * {@code enginetls:engine} show.
     */
    Map<String, String> getReported();
}
