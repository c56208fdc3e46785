package org.enginetls.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.crypto.BadPaddingException;
import javax.crypto.IllegalBlockSizeException;

/**
 * The operations, each one {@link NativeCall}: sign and verify ({@code EVP_DigestSign}/{@code Verify},
 * or {@code EVP_PKEY_sign}/{@code verify} for the prehashed {@code NONEwith} names), agree
 * ({@code EVP_PKEY_derive}) and RSA encryption and decryption ({@code EVP_PKEY_encrypt}/{@code decrypt}).
 *
 * <p>Verdicts match the JDK's: a signature that is well formed but wrong verifies {@code false}; one
 * that cannot be a signature for the key (malformed DER, wrong length) throws
 * {@link SignatureException}; bad PKCS#1 padding throws {@link BadPaddingException}; a key of the wrong
 * type or a public key OpenSSL rejects (a point off the curve) throws {@link InvalidKeyException}.
 */
final class NativeOperations {

    /** The names this class answers for RSA encryption and decryption, with the padding each means. */
    static final List<String> RSA_TRANSFORMATIONS = List.of("RSA", "RSA/ECB/PKCS1Padding", "RSA/NONE/PKCS1Padding",
            "RSA/ECB/NoPadding", "RSA/NONE/NoPadding");

    private static final Set<String> EC_KEYS = Set.of("EC", "ECDSA");
    private static final Set<String> RSA_KEYS = Set.of("RSA", "RSASSA-PSS");
    private static final Set<String> XDH_KEYS = Set.of("XDH", "X25519", "X448");

    private final LibCrypto lib;
    private final NativeKeys keys;

    NativeOperations(LibCrypto lib, NativeKeys keys) {
        this.lib = lib;
        this.keys = keys;
    }

    byte[] sign(String algorithm, AlgorithmParameterSpec parameters, PrivateKey key, byte[] data) throws Throwable {
        SignatureScheme scheme = SignatureScheme.of(algorithm, parameters);
        requireKeyType(scheme, algorithm, key);
        try (NativeCall call = new NativeCall(lib)) {
            MemorySegment pkey = keys.privateKey(key, call);
            MemorySegment input = call.bytes(data);
            MemorySegment length = call.size(0);
            if (scheme.hashed()) {
                MemorySegment ctx = digestContext(call);
                MemorySegment keyContext = call.pointer(MemorySegment.NULL);
                if ((int) lib.digestSignInit.invokeExact(ctx, keyContext, digest(scheme, call), MemorySegment.NULL, pkey) != 1) {
                    throw new InvalidKeyException(call.error("OpenSSL cannot sign " + algorithm + " with this key"));
                }
                setPadding(scheme, keyContext.get(ADDRESS, 0), call);
                if ((int) lib.digestSign.invokeExact(ctx, MemorySegment.NULL, length, input, (long) data.length) != 1) {
                    throw new SignatureException(call.error("OpenSSL failed to sign " + algorithm));
                }
                MemorySegment signature = call.allocate(length.get(JAVA_LONG, 0));
                if ((int) lib.digestSign.invokeExact(ctx, signature, length, input, (long) data.length) != 1) {
                    throw new SignatureException(call.error("OpenSSL failed to sign " + algorithm));
                }
                return signature.asSlice(0, length.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
            }
            MemorySegment ctx = keyContext(pkey, call);
            if ((int) lib.pkeySignInit.invokeExact(ctx) != 1) {
                throw new InvalidKeyException(call.error("OpenSSL cannot sign " + algorithm + " with this key"));
            }
            setPadding(scheme, ctx, call);
            if ((int) lib.pkeySign.invokeExact(ctx, MemorySegment.NULL, length, input, (long) data.length) != 1) {
                throw new SignatureException(call.error("OpenSSL failed to sign " + algorithm));
            }
            MemorySegment signature = call.allocate(length.get(JAVA_LONG, 0));
            if ((int) lib.pkeySign.invokeExact(ctx, signature, length, input, (long) data.length) != 1) {
                throw new SignatureException(call.error("OpenSSL failed to sign " + algorithm));
            }
            return signature.asSlice(0, length.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
        }
    }

    boolean verify(String algorithm, AlgorithmParameterSpec parameters, PublicKey key, byte[] data, byte[] signature)
            throws Throwable {
        SignatureScheme scheme = SignatureScheme.of(algorithm, parameters);
        requireKeyType(scheme, algorithm, key);
        if (key instanceof RSAKey rsa && signature.length != (rsa.getModulus().bitLength() + 7) / 8) {
            throw new SignatureException("Bad signature length: got " + signature.length + " but was expecting "
                    + (rsa.getModulus().bitLength() + 7) / 8);
        }
        int edDsaLength = algorithm.equalsIgnoreCase("Ed25519") ? 64 : algorithm.equalsIgnoreCase("Ed448") ? 114 : -1;
        if (edDsaLength > 0 && signature.length != edDsaLength) {
            // OpenSSL says "false"; the JDK calls it no signature at all
            throw new SignatureException("an " + algorithm + " signature has " + edDsaLength + " bytes, not " + signature.length);
        }
        try (NativeCall call = new NativeCall(lib)) {
            MemorySegment pkey = keys.publicKey(key, call);
            MemorySegment input = call.bytes(data);
            MemorySegment signed = call.bytes(signature);
            int result;
            if (scheme.hashed()) {
                MemorySegment ctx = digestContext(call);
                MemorySegment keyContext = call.pointer(MemorySegment.NULL);
                if ((int) lib.digestVerifyInit.invokeExact(ctx, keyContext, digest(scheme, call), MemorySegment.NULL, pkey) != 1) {
                    throw new InvalidKeyException(call.error("OpenSSL cannot verify " + algorithm + " with this key"));
                }
                setPadding(scheme, keyContext.get(ADDRESS, 0), call);
                result = (int) lib.digestVerify.invokeExact(ctx, signed, (long) signature.length, input, (long) data.length);
            } else {
                MemorySegment ctx = keyContext(pkey, call);
                if ((int) lib.pkeyVerifyInit.invokeExact(ctx) != 1) {
                    throw new InvalidKeyException(call.error("OpenSSL cannot verify " + algorithm + " with this key"));
                }
                setPadding(scheme, ctx, call);
                result = (int) lib.pkeyVerify.invokeExact(ctx, signed, (long) signature.length, input, (long) data.length);
            }
            if (result == 1) {
                return true;
            }
            String reason = call.error("not a " + algorithm + " signature");
            if (edDsaLength > 0) {
                EdDsaSignatures.requireCanonical(algorithm, signature);
            }
            if (result == 0 || scheme.isRsa()) {
                // a wrong signature; for RSA every input of the right length is a candidate signature
                return false;
            }
            // OpenSSL could not even decode it (ECDSA's DER): the JDK throws for that too
            throw new SignatureException(reason);
        }
    }

    byte[] agree(String algorithm, AlgorithmParameterSpec parameters, PrivateKey key, PublicKey peer) throws Throwable {
        if (parameters != null) {
            throw new InvalidAlgorithmParameterException(algorithm + " takes no parameters in the openssl engine");
        }
        Set<String> keyTypes = algorithm.equalsIgnoreCase("ECDH") ? EC_KEYS : XDH_KEYS;
        if (!keyTypes.contains(key.getAlgorithm().toUpperCase(Locale.ROOT))
                || !keyTypes.contains(peer.getAlgorithm().toUpperCase(Locale.ROOT))) {
            throw new InvalidKeyException(algorithm + " needs " + keyTypes + " keys, got " + key.getAlgorithm() + " and "
                    + peer.getAlgorithm());
        }
        try (NativeCall call = new NativeCall(lib)) {
            MemorySegment ctx = keyContext(keys.privateKey(key, call), call);
            if ((int) lib.pkeyDeriveInit.invokeExact(ctx) != 1) {
                throw new InvalidKeyException(call.error("OpenSSL cannot agree " + algorithm + " with this key"));
            }
            if ((int) lib.pkeyDeriveSetPeer.invokeExact(ctx, keys.publicKey(peer, call)) != 1) {
                throw new InvalidKeyException(call.error("OpenSSL rejects the peer's " + algorithm + " key"));
            }
            MemorySegment length = call.size(0);
            if ((int) lib.pkeyDerive.invokeExact(ctx, MemorySegment.NULL, length) != 1) {
                throw new InvalidKeyException(call.error("OpenSSL failed to agree " + algorithm));
            }
            MemorySegment secret = call.allocate(length.get(JAVA_LONG, 0));
            if ((int) lib.pkeyDerive.invokeExact(ctx, secret, length) != 1) {
                // X25519 and X448 refuse a peer key of small order (an all-zero secret), as the JDK does
                throw new InvalidKeyException(call.error("OpenSSL failed to agree " + algorithm));
            }
            byte[] result = secret.asSlice(0, length.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
            secret.fill((byte) 0);
            return result;
        }
    }

    /** RSA encryption ({@code decrypt == false}, public key) or decryption (private key). */
    byte[] transform(boolean decrypt, String transformation, AlgorithmParameterSpec parameters, Key key, byte[] input)
            throws Throwable {
        if (parameters != null) {
            throw new InvalidAlgorithmParameterException(transformation + " takes no parameters in the openssl engine");
        }
        boolean noPadding = transformation.toUpperCase(Locale.ROOT).endsWith("/NOPADDING");
        if (!RSA_KEYS.contains(key.getAlgorithm().toUpperCase(Locale.ROOT)) || !(key instanceof RSAKey rsa)
                || decrypt != key instanceof PrivateKey) {
            throw new InvalidKeyException(transformation + (decrypt ? " decrypts with an RSA private key" : " encrypts with an RSA public key"));
        }
        int modulusBytes = (rsa.getModulus().bitLength() + 7) / 8;
        if (decrypt ? input.length > modulusBytes : input.length > modulusBytes - (noPadding ? 0 : 11)) {
            throw new IllegalBlockSizeException("Data must not be longer than " + (decrypt || noPadding ? modulusBytes
                    : modulusBytes - 11) + " bytes");
        }
        try (NativeCall call = new NativeCall(lib)) {
            MemorySegment pkey = decrypt ? keys.privateKey((PrivateKey) key, call) : keys.publicKey((PublicKey) key, call);
            MemorySegment ctx = keyContext(pkey, call);
            int initialised = decrypt ? (int) lib.pkeyDecryptInit.invokeExact(ctx) : (int) lib.pkeyEncryptInit.invokeExact(ctx);
            if (initialised != 1
                    || (int) lib.pkeyCtxSetRsaPadding.invokeExact(ctx,
                            noPadding ? LibCrypto.RSA_NO_PADDING : LibCrypto.RSA_PKCS1_PADDING) != 1) {
                throw new InvalidKeyException(call.error("OpenSSL cannot use this key for " + transformation));
            }
            byte[] padded = input;
            if (noPadding && input.length < modulusBytes) {
                // as the JDK: a short input is a number with leading zeros
                padded = new byte[modulusBytes];
                System.arraycopy(input, 0, padded, modulusBytes - input.length, input.length);
            }
            MemorySegment in = call.bytes(padded);
            MemorySegment out = call.allocate(modulusBytes);
            MemorySegment length = call.size(modulusBytes);
            int result = decrypt ? (int) lib.pkeyDecrypt.invokeExact(ctx, out, length, in, (long) padded.length)
                    : (int) lib.pkeyEncrypt.invokeExact(ctx, out, length, in, (long) padded.length);
            if (result != 1) {
                String reason = call.error(decrypt ? "decryption error" : "OpenSSL failed to encrypt");
                if (decrypt) {
                    throw new BadPaddingException(reason);
                }
                throw new ProviderException(reason);
            }
            byte[] output = out.asSlice(0, length.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
            out.fill((byte) 0);
            return output;
        }
    }

    private MemorySegment digestContext(NativeCall call) throws Throwable {
        MemorySegment ctx = call.ownDigestContext((MemorySegment) lib.mdCtxNew.invokeExact());
        if (ctx.equals(MemorySegment.NULL)) {
            throw new ProviderException(call.error("EVP_MD_CTX_new failed"));
        }
        return ctx;
    }

    private MemorySegment keyContext(MemorySegment pkey, NativeCall call) throws Throwable {
        MemorySegment ctx = call.ownKeyContext((MemorySegment) lib.pkeyCtxNewFromPkey.invokeExact(MemorySegment.NULL, pkey,
                MemorySegment.NULL));
        if (ctx.equals(MemorySegment.NULL)) {
            throw new InvalidKeyException(call.error("OpenSSL cannot use this key"));
        }
        return ctx;
    }

    private MemorySegment digest(SignatureScheme scheme, NativeCall call) throws Throwable {
        if (scheme.digest() == null) {
            return MemorySegment.NULL;
        }
        MemorySegment md = lib.digest(scheme.digest());
        if (md.equals(MemorySegment.NULL)) {
            throw new NoSuchAlgorithmException(call.error("OpenSSL has no digest " + scheme.digest()));
        }
        return md;
    }

    private void setPadding(SignatureScheme scheme, MemorySegment ctx, NativeCall call) throws Throwable {
        if (!scheme.isRsa()) {
            return;
        }
        if (scheme.pss() == null) {
            if ((int) lib.pkeyCtxSetRsaPadding.invokeExact(ctx, LibCrypto.RSA_PKCS1_PADDING) != 1) {
                throw new InvalidKeyException(call.error("OpenSSL cannot use PKCS#1 v1.5 padding with this key"));
            }
            return;
        }
        String mgfDigest = ((MGF1ParameterSpec) scheme.pss().getMGFParameters()).getDigestAlgorithm();
        MemorySegment mgf = lib.digest(mgfDigest);
        if ((int) lib.pkeyCtxSetRsaPadding.invokeExact(ctx, LibCrypto.RSA_PKCS1_PSS_PADDING) != 1
                || (int) lib.pkeyCtxSetRsaPssSaltlen.invokeExact(ctx, scheme.pss().getSaltLength()) != 1
                || mgf.equals(MemorySegment.NULL) || (int) lib.pkeyCtxSetRsaMgf1Md.invokeExact(ctx, mgf) != 1) {
            throw new InvalidAlgorithmParameterException(call.error("OpenSSL cannot use " + scheme.pss() + " with this key"));
        }
    }

    private static void requireKeyType(SignatureScheme scheme, String algorithm, Key key) throws InvalidKeyException {
        String type = key.getAlgorithm().toUpperCase(Locale.ROOT);
        boolean fits = switch (scheme.keyType()) {
            case "EC" -> EC_KEYS.contains(type);
            case "RSA" -> RSA_KEYS.contains(type);
            default -> type.equalsIgnoreCase(algorithm) || type.equals("EDDSA") && key instanceof EdECKey edec
                    && edec.getParams().getName().equalsIgnoreCase(algorithm);
        };
        if (!fits) {
            throw new InvalidKeyException(algorithm + " cannot use a " + key.getAlgorithm() + " key");
        }
    }
}
