package org.enginetls.engine;

import java.security.PrivateKey;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A handle to a private key that lives inside an engine and never leaves it (an HSM key, for
 * example). {@link #getAlgorithm()} names the key type ({@code RSA}, {@code EC}, {@code Ed25519});
 * {@link #getEncoded()} returns {@code null}.
 *
 * <p>The router sends every operation on such a key to the engine named by {@link #engineId()}, if
 * that engine {@linkplain CryptoEngine#accepts accepts} it, and never fails it over: if that engine is
 * gone or refuses the key, the operation fails with a clear exception.
 */
@ConsumerType
public interface EngineKey extends PrivateKey {

    /** The {@link CryptoEngine#id()} of the engine that owns this key. */
    String engineId();

    @Override
    default String getFormat() {
        return null;
    }

    @Override
    default byte[] getEncoded() {
        return null;
    }
}
