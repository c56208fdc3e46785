package org.enginetls.openssl;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.math.BigInteger;
import java.security.KeyRep;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.Arrays;

/** An EC public key the engine generated on a NIST curve; its encoding is the standard X.509 one (uncompressed point). */
final class EcPublicKeyImpl implements ECPublicKey, GeneratedKey {

    @Serial
    private static final long serialVersionUID = 1L;

    private final EcCurve curve;
    /** {@code 04 || x || y}. */
    private final byte[] point;
    private final transient NativeKey nativeKey;

    EcPublicKeyImpl(EcCurve curve, byte[] point, NativeKey nativeKey) {
        this.curve = curve;
        this.point = point;
        this.nativeKey = nativeKey;
    }

    @Override
    public NativeKey nativeKey() {
        return nativeKey;
    }

    @Override
    public ECPoint getW() {
        int n = curve.fieldBytes();
        return new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + n)),
                new BigInteger(1, Arrays.copyOfRange(point, 1 + n, 1 + 2 * n)));
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
        return "X.509";
    }

    @Override
    public byte[] getEncoded() {
        byte[] prefix = curve.spkiPrefix();
        byte[] encoded = Arrays.copyOf(prefix, prefix.length + point.length);
        System.arraycopy(point, 0, encoded, prefix.length, point.length);
        return encoded;
    }

    @Serial
    private Object writeReplace() throws ObjectStreamException {
        return new KeyRep(KeyRep.Type.PUBLIC, getAlgorithm(), getFormat(), getEncoded());
    }
}
