package org.enginetls.provider.impl.tls;

import java.io.Serial;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.Optional;

/**
 * A JDK EdDSA private key under the name of its curve. The JDK names every EdDSA key {@code EdDSA};
 * BouncyCastle's TLS stack only signs with keys named {@code Ed25519} or {@code Ed448}. The key
 * material stays in the JDK's key, which every {@link EdECPrivateKey} implementation accepts.
 */
final class NamedEdDsaPrivateKey implements EdECPrivateKey {
    @Serial
    private static final long serialVersionUID = 1L;

    private final EdECPrivateKey key;

    NamedEdDsaPrivateKey(EdECPrivateKey key) {
        this.key = key;
    }

    @Override
    public String getAlgorithm() {
        return key.getParams().getName();
    }

    @Override
    public String getFormat() {
        return key.getFormat();
    }

    @Override
    public byte[] getEncoded() {
        return key.getEncoded();
    }

    @Override
    public Optional<byte[]> getBytes() {
        return key.getBytes();
    }

    @Override
    public NamedParameterSpec getParams() {
        return key.getParams();
    }
}
