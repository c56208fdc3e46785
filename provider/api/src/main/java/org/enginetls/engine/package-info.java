/**
 * The crypto engine SPI: what an engine bundle implements so that EngineTLS can hand it the
 * cryptographic operations of TLS connections.
 *
 * <p>An engine is a {@link org.enginetls.engine.CryptoEngine} registered as an OSGi service (or, on a
 * plain class path, made for each provider instance by an {@link org.enginetls.engine.EngineFactory}
 * listed in {@code META-INF/services/org.enginetls.engine.EngineFactory}). It
 * declares what it can do in {@link org.enginetls.engine.EngineCapabilities}; the provider's router
 * picks, for each operation, the best-ranked engine that declares the operation and algorithm and
 * accepts the key.
 *
 * <p>Two kinds of operation are distinguished:
 * <ul>
 * <li><em>Submitted operations</em> (sign, verify, agree, key-pair generation, asymmetric
 * encryption and decryption) return a {@link java.util.concurrent.CompletionStage}. A synchronous
 * engine returns an already completed stage; an asynchronous one completes it from its own thread.
 * An engine says "busy, submit again" by failing the stage (or throwing) with
 * {@link org.enginetls.engine.EngineBusyException}, and "I am gone" with
 * {@link org.enginetls.engine.EngineUnavailableException}; the router then retries or fails over.
 * <li><em>Inline primitives</em> (ciphers, MACs, digests, key factories, random generators) are
 * stateful objects the engine creates once per use; they run on the caller's thread because the
 * TLS record layer calls them for every record.
 * </ul>
 *
 * <p>Keys that must never leave an engine (an HSM's private keys) are presented to applications as
 * {@link org.enginetls.engine.EngineKey} handles; operations on them are only ever routed to the
 * engine that owns them.
 *
 * <p>An engine reports its own condition and figures through
 * {@link org.enginetls.engine.CryptoEngine#health()}, offers the keys it holds through
 * {@link org.enginetls.engine.CryptoEngine#keyStore()}, and {@link org.enginetls.engine.SignatureNames}
 * translates the TLS stack's RSASSA-PSS names for the JDK's providers.
 * {@link org.enginetls.engine.ConfigurationValues} reads an engine's settings and rejects a bad value
 * with a message naming the setting, the value and what is allowed; an engine that cannot start registers a
 * {@link org.enginetls.engine.FailedEngine} in its place, which EngineTLS lists as failed with the reason.
 */
@Export
@Version("1.0.0")
package org.enginetls.engine;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
