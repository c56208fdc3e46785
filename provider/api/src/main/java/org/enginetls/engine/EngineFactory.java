package org.enginetls.engine;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Makes an engine from settings: how an engine bundle on a plain class path is found and configured per provider.
 *
 * <p>An engine bundle lists its factory in {@code META-INF/services/org.enginetls.engine.EngineFactory}. The provider
 * finds it with {@link java.util.ServiceLoader} and calls {@link #create} once per provider instance, with the
 * settings that instance was given for the engine id ({@code engine.<id>.<key>} in the provider's configuration), each
 * key not given there read from the system property {@code org.enginetls.engine.<id>.<key>}. The settings' PID is
 * {@code org.enginetls.engine.<id>}, the PID the same engine is configured with in OSGi, where it is a service and
 * no factory is used.
 */
@ConsumerType
public interface EngineFactory {

    /** The prefix of an engine's PID and of its system properties: {@value}{@code <id>}. */
    String PID_PREFIX = "org.enginetls.engine.";

    /** The engine id the settings are keyed by: the last part of the engine's PID ({@code openssl}, {@code pool}). */
    String id();

    /** Every key {@link #create} reads; the provider rejects any other key given for this engine. */
    Set<String> keys();

    /**
     * A new engine configured by {@code configuration}. Its caller owns it: an engine that holds resources (threads,
     * a token session) is {@link AutoCloseable}, and its caller closes it when done.
     *
     * @throws IllegalArgumentException if a setting is not allowed (the message names it, as
     *         {@link ConfigurationValues} does); the provider lists the engine as failed with that reason
     */
    CryptoEngine create(ConfigurationValues configuration);
}
