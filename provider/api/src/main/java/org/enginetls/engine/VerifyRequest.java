package org.enginetls.engine;

import java.security.PublicKey;

import org.osgi.annotation.versioning.ProviderType;

/** Verify {@link #signature()} over {@link #data()} with {@link #key()}. */
@ProviderType
public interface VerifyRequest extends EngineRequest {

    /** The verification key. */
    PublicKey key();

    /** The whole signed message. */
    byte[] data();

    /** The encoded signature to check. */
    byte[] signature();
}
