package org.enginetls.openssl;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.math.BigInteger;
import java.security.KeyRep;
import java.security.interfaces.XECPublicKey;
import java.security.spec.AlgorithmParameterSpec;

/** An X25519 or X448 public key the engine generated; its encoding is the standard X.509 one. */
final class XecPublicKeyImpl implements XECPublicKey, GeneratedKey {

    @Serial
    private static final long serialVersionUID = 1L;

    private final XecCurve curve;
    private final byte[] raw;
    private final transient NativeKey nativeKey;

    XecPublicKeyImpl(XecCurve curve, byte[] raw, NativeKey nativeKey) {
        this.curve = curve;
        this.raw = raw;
        this.nativeKey = nativeKey;
    }

    @Override
    public NativeKey nativeKey() {
        return nativeKey;
    }

    /** RFC 7748: little-endian, and for X25519 the top bit of the last byte is ignored. */
    @Override
    public BigInteger getU() {
        byte[] bigEndian = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) {
            bigEndian[i] = raw[raw.length - 1 - i];
        }
        if (curve == XecCurve.X25519) {
            bigEndian[0] &= 0x7f;
        }
        return new BigInteger(1, bigEndian);
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
        return "X.509";
    }

    @Override
    public byte[] getEncoded() {
        return curve.spki(raw);
    }

    @Serial
    private Object writeReplace() throws ObjectStreamException {
        return new KeyRep(KeyRep.Type.PUBLIC, getAlgorithm(), getFormat(), getEncoded());
    }
}
