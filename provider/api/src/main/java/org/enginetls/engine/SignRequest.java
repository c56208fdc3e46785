package org.enginetls.engine;

import java.security.PrivateKey;

import org.osgi.annotation.versioning.ProviderType;

/** Sign {@link #data()} with {@link #key()}; the result is the encoded signature. */
@ProviderType
public interface SignRequest extends EngineRequest {

    /** The signing key: a portable key, or an {@link EngineKey} owned by the engine. */
    PrivateKey key();

    /** The whole message to sign (the engine applies the algorithm's digest, if any). */
    byte[] data();
}
