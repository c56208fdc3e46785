package org.enginetls.engine;

import java.security.PrivateKey;
import java.security.PublicKey;

import org.osgi.annotation.versioning.ProviderType;

/** Compute the shared secret of {@link #privateKey()} and {@link #peerKey()} (ECDH, X25519, ...). */
@ProviderType
public interface AgreeRequest extends EngineRequest {

    /** Our side's private key: portable, or an {@link EngineKey} owned by the engine. */
    PrivateKey privateKey();

    /** The peer's public key. */
    PublicKey peerKey();
}
