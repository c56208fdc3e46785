package org.enginetls.engine;

import java.security.Key;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Encrypt ({@link OperationKind#ENCRYPT}) or decrypt ({@link OperationKind#DECRYPT}) one message
 * with an asymmetric key, e.g. the RSA key transport of TLS 1.2. {@link #algorithm()} is the full
 * JCA transformation, such as {@code RSA/ECB/PKCS1Padding}.
 */
@ProviderType
public interface AsymmetricCipherRequest extends EngineRequest {

    /** The key: a public key to encrypt, a private key (possibly an {@link EngineKey}) to decrypt. */
    Key key();

    /** The whole input. */
    byte[] input();
}
