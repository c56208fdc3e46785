package org.enginetls.engine;

import java.security.SecureRandom;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Generate a key pair (for example an ephemeral X25519 or P-256 key share). Either
 * {@link #parameters()} is set (a named curve) or {@link #keySize()} is positive.
 */
@ProviderType
public interface KeyPairRequest extends EngineRequest {

    /** The requested key size in bits, or 0 when {@link #parameters()} defines the key. */
    int keySize();

    /** The random source the caller supplied, or {@code null} for the engine's own. */
    SecureRandom random();
}
