package org.enginetls.openssl;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyRep;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;

/**
 * An EC private key the engine generated. Its scalar and PKCS#8 encoding are read from OpenSSL only
 * when someone asks (another engine that takes over the key): the engine agrees with the native key.
 */
final class EcPrivateKeyImpl implements ECPrivateKey, GeneratedKey {

    @Serial
    private static final long serialVersionUID = 1L;

    private final EcCurve curve;
    private final transient NativeKey nativeKey;
    private final transient NativeKeys keys;

    EcPrivateKeyImpl(EcCurve curve, NativeKey nativeKey, NativeKeys keys) {
        this.curve = curve;
        this.nativeKey = nativeKey;
        this.keys = keys;
    }

    @Override
    public NativeKey nativeKey() {
        return nativeKey;
    }

    @Override
    public BigInteger getS() {
        return new BigInteger(1, keys.privateScalar(nativeKey, curve.fieldBytes()));
    }

    @Override
    public ECParameterSpec getParams() {
        return curve.spec();
    }

    @Override
    public String getAlgorithm() {
        return "EC";
    }

    @Override
    public String getFormat() {
        return "PKCS#8";
    }

    /** The JDK's PKCS#8 encoding of the same key. */
    @Override
    public byte[] getEncoded() {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(getS(), getParams())).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode an EC key on " + curve.openSslName(), e);
        }
    }

    @Serial
    private Object writeReplace() throws ObjectStreamException {
        return new KeyRep(KeyRep.Type.PRIVATE, getAlgorithm(), getFormat(), getEncoded());
    }
}
