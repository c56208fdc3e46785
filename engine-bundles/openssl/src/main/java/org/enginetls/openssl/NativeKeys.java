package org.enginetls.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.ECPoint;
import java.security.spec.NamedParameterSpec;

/**
 * Java keys to {@code EVP_PKEY}s and back.
 *
 * <ul>
 * <li>Keys the engine generated carry their native key ({@link GeneratedKey}).
 * <li>Other private keys are decoded once from their PKCS#8 encoding and kept in a {@link KeyCache}
 * while their Java object lives.
 * <li>Other public keys (a peer's key share, a certificate's key) are decoded for the one operation:
 * X25519 and X448 from their raw bytes, everything else from the X.509 encoding.
 * </ul>
 *
 * A key without an encoding (another engine's handle) or a private key OpenSSL cannot decode is
 * declined with {@link InvalidKeySpecException}: the router then offers the operation to the next
 * engine. (An {@link InvalidKeyException} would be a verdict in a key agreement, where it speaks of
 * the peer's key; a public key OpenSSL rejects is one.)
 */
final class NativeKeys {

    private final LibCrypto lib;
    private final KeyCache privateKeys = new KeyCache();

    NativeKeys(LibCrypto lib) {
        this.lib = lib;
    }

    /** Private keys imported and still cached. */
    int cachedKeys() {
        return privateKeys.size();
    }

    /** The native key of {@code key}, owned by the key object or the cache. */
    MemorySegment privateKey(PrivateKey key, NativeCall call) throws Throwable {
        if (key instanceof GeneratedKey generated) {
            return generated.nativeKey().pkey();
        }
        NativeKey cached = privateKeys.get(key);
        if (cached == null) {
            byte[] encoded = encoding(key, "PKCS#8");
            MemorySegment pkey = decode(lib.d2iAutoPrivateKey, encoded, call);
            if (pkey.equals(MemorySegment.NULL)) {
                // our own side's key in a form this library cannot read: a decline, so the router moves the
                // operation to the next engine (an InvalidKeyException in a key agreement is a verdict on the peer)
                throw new InvalidKeySpecException(call.error("OpenSSL cannot decode this " + key.getAlgorithm() + " private key"));
            }
            cached = new NativeKey(lib, pkey);
            privateKeys.put(key, cached);
        }
        return cached.pkey();
    }

    /** The native key of {@code key}, owned by {@code call} unless the key object owns it. */
    MemorySegment publicKey(PublicKey key, NativeCall call) throws Throwable {
        if (key instanceof GeneratedKey generated) {
            return generated.nativeKey().pkey();
        }
        if (key instanceof ECPublicKey ec) {
            EcCurve named = EcCurve.of(ec.getParams());
            if (named != null) {
                return ecPublicKey(named, ec.getW(), call);
            }
        }
        if (key instanceof RSAPublicKey rsa && key.getAlgorithm().equalsIgnoreCase("RSA")) {
            return rsaPublicKey(rsa, call);
        }
        byte[] encoded = encoding(key, "X.509");
        XecCurve curve = XecCurve.named(key.getAlgorithm());
        if (curve == null && key instanceof java.security.interfaces.XECKey xec
                && xec.getParams() instanceof NamedParameterSpec named) {
            curve = XecCurve.named(named.getName());
        }
        byte[] raw = curve == null ? null : curve.rawPublicKey(encoded);
        MemorySegment pkey;
        if (raw != null) {
            // the decoder framework costs more than an X25519 agreement; the raw form needs none
            pkey = (MemorySegment) lib.pkeyNewRawPublicKeyEx.invokeExact(MemorySegment.NULL,
                    call.string(curve.algorithm()), MemorySegment.NULL, call.bytes(raw), (long) raw.length);
        } else {
            pkey = decode(lib.d2iPubkey, encoded, call);
        }
        pkey = call.ownKey(pkey);
        if (pkey.equals(MemorySegment.NULL)) {
            throw new InvalidKeyException(call.error("OpenSSL cannot decode this " + key.getAlgorithm() + " public key"));
        }
        return pkey;
    }

    /**
     * An EC public key from its curve and point, through {@code EVP_PKEY_fromdata}: the X.509 decoder
     * costs several times the ECDSA verification it serves. OpenSSL checks that the point is on the curve.
     */
    private MemorySegment ecPublicKey(EcCurve curve, ECPoint w, NativeCall call) throws Throwable {
        byte[] point = curve.uncompressed(w);
        if (point == null) {
            throw new InvalidKeyException("the point's coordinates do not fit " + curve.openSslName());
        }
        MemorySegment params = call.allocate(LibCrypto.OSSL_PARAM.byteSize() * 3);
        MemorySegment group = call.string(curve.openSslName());
        param(params, 0, call.string("group"), LibCrypto.OSSL_PARAM_UTF8_STRING, group, curve.openSslName().length());
        param(params, 1, call.string("pub"), LibCrypto.OSSL_PARAM_OCTET_STRING, call.bytes(point), point.length);
        return fromData("EC", params, curve.openSslName(), call);
    }

    /** An RSA public key from its modulus and exponent, through {@code EVP_PKEY_fromdata} (as EC keys, for speed). */
    private MemorySegment rsaPublicKey(RSAPublicKey key, NativeCall call) throws Throwable {
        byte[] modulus = nativeEndian(key.getModulus());
        byte[] exponent = nativeEndian(key.getPublicExponent());
        MemorySegment params = call.allocate(LibCrypto.OSSL_PARAM.byteSize() * 3);
        param(params, 0, call.string("n"), LibCrypto.OSSL_PARAM_UNSIGNED_INTEGER, call.bytes(modulus), modulus.length);
        param(params, 1, call.string("e"), LibCrypto.OSSL_PARAM_UNSIGNED_INTEGER, call.bytes(exponent), exponent.length);
        return fromData("RSA", params, "RSA", call);
    }

    /** An unsigned integer in the machine's byte order, as {@code OSSL_PARAM} wants it. */
    private static byte[] nativeEndian(java.math.BigInteger value) throws InvalidKeyException {
        if (value.signum() <= 0) {
            throw new InvalidKeyException("an RSA key's numbers are positive");
        }
        byte[] bigEndian = value.toByteArray();
        int start = bigEndian[0] == 0 ? 1 : 0;
        byte[] ordered = new byte[bigEndian.length - start];
        boolean bigEndianMachine = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN;
        for (int i = 0; i < ordered.length; i++) {
            ordered[i] = bigEndianMachine ? bigEndian[start + i] : bigEndian[bigEndian.length - 1 - i];
        }
        return ordered;
    }

    private MemorySegment fromData(String type, MemorySegment params, String what, NativeCall call) throws Throwable {
        MemorySegment ctx = call.ownKeyContext((MemorySegment) lib.pkeyCtxNewFromName.invokeExact(MemorySegment.NULL,
                call.string(type), MemorySegment.NULL));
        MemorySegment out = call.pointer(MemorySegment.NULL);
        if (ctx.equals(MemorySegment.NULL) || (int) lib.pkeyFromdataInit.invokeExact(ctx) != 1
                || (int) lib.pkeyFromdata.invokeExact(ctx, out, LibCrypto.EVP_PKEY_PUBLIC_KEY, params) != 1) {
            throw new InvalidKeyException(call.error("OpenSSL rejects this " + what + " public key"));
        }
        return call.ownKey(out.get(ADDRESS, 0));
    }

    /** Fills entry {@code index} of an {@code OSSL_PARAM} array (the allocation is zeroed, so the last entry ends it). */
    private static void param(MemorySegment array, int index, MemorySegment key, int type, MemorySegment data, long size) {
        MemorySegment entry = array.asSlice(index * LibCrypto.OSSL_PARAM.byteSize(), LibCrypto.OSSL_PARAM.byteSize());
        entry.set(ADDRESS, 0, key);
        entry.set(java.lang.foreign.ValueLayout.JAVA_INT, 8, type);
        entry.set(ADDRESS, 16, data);
        entry.set(JAVA_LONG, 24, size);
        entry.set(JAVA_LONG, 32, -1L); // OSSL_PARAM_UNMODIFIED
    }

    private static byte[] encoding(Key key, String format) throws InvalidKeySpecException {
        byte[] encoded = key.getEncoded();
        if (encoded == null || !format.equalsIgnoreCase(key.getFormat())) {
            throw new InvalidKeySpecException("the openssl engine needs a key with a " + format + " encoding, not "
                    + key.getClass().getName() + " (format " + key.getFormat() + ")");
        }
        return encoded;
    }

    /** {@code d2i_...(NULL, &p, length)}; the caller owns the result. */
    private static MemorySegment decode(java.lang.invoke.MethodHandle d2i, byte[] encoded, NativeCall call) throws Throwable {
        MemorySegment cursor = call.pointer(call.bytes(encoded));
        return (MemorySegment) d2i.invokeExact(MemorySegment.NULL, cursor, (long) encoded.length);
    }

    /**
     * A new key pair of {@code algorithm}: {@code EC} on a NIST curve, or {@code X25519}, {@code X448},
     * {@code XDH} (with a {@link NamedParameterSpec}). Randomness is OpenSSL's own DRBG.
     */
    KeyPair generate(String algorithm, AlgorithmParameterSpec parameters, int keySize) throws Throwable {
        XecCurve xec = XecCurve.named(algorithm);
        if (xec == null && algorithm.equalsIgnoreCase("XDH")) {
            xec = parameters instanceof NamedParameterSpec named ? XecCurve.named(named.getName())
                    : keySize == 448 ? XecCurve.X448 : XecCurve.X25519;
            if (xec == null) {
                throw new InvalidAlgorithmParameterException("the openssl engine generates XDH keys on X25519 and X448 only");
            }
        }
        try (NativeCall call = new NativeCall(lib)) {
            if (xec != null) {
                NativeKey key = new NativeKey(lib, generate(xec.algorithm(), null, call));
                byte[] raw = raw(lib.pkeyGetRawPublicKey, key, xec.keyBytes(), call);
                return new KeyPair(new XecPublicKeyImpl(xec, raw, key), new XecPrivateKeyImpl(xec, key, this));
            }
            if (!algorithm.equalsIgnoreCase("EC")) {
                throw new NoSuchAlgorithmException("the openssl engine generates no " + algorithm + " keys");
            }
            EcCurve curve = EcCurve.of(parameters, keySize);
            NativeKey key = new NativeKey(lib, generate("EC", curve.openSslName(), call));
            byte[] point = encodedPoint(key, curve, call);
            return new KeyPair(new EcPublicKeyImpl(curve, point, key), new EcPrivateKeyImpl(curve, key, this));
        }
    }

    private MemorySegment generate(String type, String group, NativeCall call) throws Throwable {
        MemorySegment ctx = call.ownKeyContext((MemorySegment) lib.pkeyCtxNewFromName.invokeExact(MemorySegment.NULL,
                call.string(type), MemorySegment.NULL));
        if (ctx.equals(MemorySegment.NULL) || (int) lib.pkeyKeygenInit.invokeExact(ctx) != 1
                || group != null && (int) lib.pkeyCtxSetGroupName.invokeExact(ctx, call.string(group)) != 1) {
            throw new InvalidAlgorithmParameterException(call.error("OpenSSL cannot generate " + type + " keys"
                    + (group == null ? "" : " on " + group)));
        }
        MemorySegment out = call.pointer(MemorySegment.NULL);
        if ((int) lib.pkeyGenerate.invokeExact(ctx, out) != 1) {
            throw new ProviderException(call.error("OpenSSL failed to generate a " + type + " key"));
        }
        return out.get(ADDRESS, 0);
    }

    private byte[] encodedPoint(NativeKey key, EcCurve curve, NativeCall call) throws Throwable {
        int length = 1 + 2 * curve.fieldBytes();
        MemorySegment buffer = call.allocate(length);
        MemorySegment written = call.size(0);
        if ((int) lib.pkeyGetOctetStringParam.invokeExact(key.pkey(), call.string("encoded-pub-key"), buffer,
                (long) length, written) != 1 || written.get(JAVA_LONG, 0) != length) {
            throw new ProviderException(call.error("OpenSSL did not give the public point of a new " + curve.openSslName() + " key"));
        }
        return buffer.toArray(JAVA_BYTE);
    }

    private static byte[] raw(java.lang.invoke.MethodHandle getter, NativeKey key, int length, NativeCall call) throws Throwable {
        MemorySegment buffer = call.allocate(length);
        MemorySegment size = call.size(length);
        if ((int) getter.invokeExact(key.pkey(), buffer, size) != 1 || size.get(JAVA_LONG, 0) != length) {
            throw new ProviderException(call.error("OpenSSL did not give the raw key"));
        }
        return buffer.toArray(JAVA_BYTE);
    }

    /** The raw private key of an X25519 or X448 key (for another engine that takes it over). */
    byte[] rawPrivateKey(NativeKey key, int length) {
        try (NativeCall call = new NativeCall(lib)) {
            return raw(lib.pkeyGetRawPrivateKey, key, length, call);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new ProviderException("cannot read a private key from OpenSSL", e);
        }
    }

    /** The big-endian private scalar of an EC key, {@code length} bytes. */
    byte[] privateScalar(NativeKey key, int length) {
        try (NativeCall call = new NativeCall(lib)) {
            MemorySegment bn = call.pointer(MemorySegment.NULL);
            if ((int) lib.pkeyGetBnParam.invokeExact(key.pkey(), call.string("priv"), bn) != 1) {
                throw new ProviderException(call.error("OpenSSL did not give the private scalar"));
            }
            MemorySegment number = bn.get(ADDRESS, 0);
            try {
                MemorySegment buffer = call.allocate(length);
                if ((int) lib.bnBn2binpad.invokeExact(number, buffer, length) != length) {
                    throw new ProviderException(call.error("the private scalar does not fit " + length + " bytes"));
                }
                byte[] scalar = buffer.toArray(JAVA_BYTE);
                buffer.fill((byte) 0);
                return scalar;
            } finally {
                lib.bnClearFree.invokeExact(number);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new ProviderException("cannot read a private key from OpenSSL", e);
        }
    }
}
