package org.enginetls.openssl;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.security.KeyRep;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Optional;

/**
 * An X25519 or X448 private key the engine generated. Its scalar is read from OpenSSL only when
 * someone asks for it (another engine that takes over the key, a serialisation): the engine itself
 * agrees with the native key it carries.
 */
final class XecPrivateKeyImpl implements XECPrivateKey, GeneratedKey {

    @Serial
    private static final long serialVersionUID = 1L;

    private final XecCurve curve;
    private final transient NativeKey nativeKey;
    private final transient NativeKeys keys;

    XecPrivateKeyImpl(XecCurve curve, NativeKey nativeKey, NativeKeys keys) {
        this.curve = curve;
        this.nativeKey = nativeKey;
        this.keys = keys;
    }

    @Override
    public NativeKey nativeKey() {
        return nativeKey;
    }

    @Override
    public Optional<byte[]> getScalar() {
        return Optional.of(keys.rawPrivateKey(nativeKey, curve.keyBytes()));
    }

    @Override
    public AlgorithmParameterSpec getParams() {
        return curve.spec();
    }

    @Override
    public String getAlgorithm() {
        return curve.algorithm();
    }

    @Override
    public String getFormat() {
        return "PKCS#8";
    }

    @Override
    public byte[] getEncoded() {
        return curve.pkcs8(keys.rawPrivateKey(nativeKey, curve.keyBytes()));
    }

    @Serial
    private Object writeReplace() throws ObjectStreamException {
        return new KeyRep(KeyRep.Type.PRIVATE, getAlgorithm(), getFormat(), getEncoded());
    }
}
