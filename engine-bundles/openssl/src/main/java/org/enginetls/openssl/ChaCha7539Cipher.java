package org.enginetls.openssl;

import java.lang.foreign.MemorySegment;
import java.security.AlgorithmParameters;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidParameterSpecException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;

/**
 * The ChaCha20 stream cipher of RFC 7539 under BouncyCastle's name {@code ChaCha7539}: a 256-bit key, a 12-byte
 * nonce ({@link IvParameterSpec}) and a block counter from 0, as BCJSSE uses it to build TLS's ChaCha20-Poly1305
 * from a cipher and a {@code Poly1305} MAC. Encryption and decryption are the same; {@code doFinal} starts the
 * key stream again from the beginning, as BouncyCastle's does. Over one kept {@link CipherContext}.
 */
final class ChaCha7539Cipher extends CipherSpi {

    static final String NAME = "ChaCha7539";

    private static final int NONCE_LENGTH = 12;
    private static final SecureRandom NONCES = new SecureRandom();

    private final LibCrypto lib;
    private CipherContext context;
    private byte[] contextKey;
    /** OpenSSL's 16-byte IV: the block counter (little-endian, 0) and the nonce. */
    private final byte[] counterAndNonce = new byte[16];
    private byte[] nonce;
    private boolean initialized;
    private boolean restart;

    ChaCha7539Cipher(LibCrypto lib) {
        this.lib = lib;
    }

    @Override
    protected void engineSetMode(String mode) throws NoSuchAlgorithmException {
        if (!mode.equalsIgnoreCase("NONE") && !mode.equalsIgnoreCase("ECB")) {
            throw new NoSuchAlgorithmException(NAME + " has no mode " + mode);
        }
    }

    @Override
    protected void engineSetPadding(String padding) throws NoSuchPaddingException {
        if (!padding.equalsIgnoreCase("NoPadding")) {
            throw new NoSuchPaddingException(NAME + " has no padding " + padding);
        }
    }

    @Override
    protected int engineGetBlockSize() {
        return 0;
    }

    @Override
    protected int engineGetOutputSize(int inputLen) {
        return inputLen;
    }

    @Override
    protected byte[] engineGetIV() {
        return nonce == null ? null : nonce.clone();
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        return null;
    }

    @Override
    protected int engineGetKeySize(Key key) throws InvalidKeyException {
        return keyBytes(key).length * 8;
    }

    @Override
    protected void engineInit(int opmode, Key key, SecureRandom random) throws InvalidKeyException {
        try {
            engineInit(opmode, key, (AlgorithmParameterSpec) null, random);
        } catch (InvalidAlgorithmParameterException e) {
            throw new InvalidKeyException(e.getMessage(), e);
        }
    }

    @Override
    protected void engineInit(int opmode, Key key, AlgorithmParameters params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        try {
            engineInit(opmode, key, params == null ? null : params.getParameterSpec(IvParameterSpec.class), random);
        } catch (InvalidParameterSpecException e) {
            throw new InvalidAlgorithmParameterException(e.getMessage(), e);
        }
    }

    @Override
    protected void engineInit(int opmode, Key key, AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        initialized = false;
        if (opmode != Cipher.ENCRYPT_MODE && opmode != Cipher.DECRYPT_MODE) {
            throw new UnsupportedOperationException(NAME + " encrypts and decrypts only");
        }
        byte[] keyBytes = keyBytes(key);
        byte[] newNonce;
        if (params == null) {
            if (opmode == Cipher.DECRYPT_MODE) {
                throw new InvalidAlgorithmParameterException(NAME + " decryption needs the nonce");
            }
            newNonce = new byte[NONCE_LENGTH];
            (random != null ? random : NONCES).nextBytes(newNonce);
        } else if (params instanceof IvParameterSpec ivSpec) {
            newNonce = ivSpec.getIV();
        } else {
            throw new InvalidAlgorithmParameterException(NAME + " needs an IvParameterSpec, not " + params);
        }
        if (newNonce.length != NONCE_LENGTH) {
            throw new InvalidAlgorithmParameterException(NAME + " requires exactly 12 bytes of nonce, not " + newNonce.length);
        }
        System.arraycopy(newNonce, 0, counterAndNonce, 4, NONCE_LENGTH);
        boolean sameKey = MessageDigest.isEqual(keyBytes, contextKey);
        try {
            if (context == null) {
                context = new CipherContext(lib);
                MemorySegment cipher = lib.cipher("ChaCha20");
                if (cipher.equals(MemorySegment.NULL)) {
                    throw new ProviderException(lib.version() + " has no ChaCha20");
                }
                context.init(cipher, null, null, true);
            }
            context.init(null, sameKey ? null : keyBytes, counterAndNonce, true);
        } catch (RuntimeException | Error e) {
            contextKey = null;
            throw e;
        } catch (Throwable e) {
            contextKey = null;
            throw new ProviderException(e);
        }
        contextKey = keyBytes;
        nonce = newNonce;
        restart = false;
        initialized = true;
    }

    private static byte[] keyBytes(Key key) throws InvalidKeyException {
        byte[] encoded = key == null ? null : key.getEncoded();
        if (encoded == null || encoded.length != 32) {
            throw new InvalidKeyException(NAME + " requires a 256-bit key"
                    + (encoded == null ? "" : ", not " + encoded.length * 8 + " bits"));
        }
        return encoded;
    }

    @Override
    protected byte[] engineUpdate(byte[] input, int inputOffset, int inputLen) {
        byte[] output = new byte[inputLen];
        try {
            engineUpdate(input, inputOffset, inputLen, output, 0);
        } catch (ShortBufferException e) {
            throw new ProviderException(e);
        }
        return output;
    }

    @Override
    protected int engineUpdate(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
            throws ShortBufferException {
        if (!initialized) {
            throw new IllegalStateException("Cipher not initialized");
        }
        if (output.length - outputOffset < inputLen) {
            throw new ShortBufferException("Output buffer too small, must be at least " + inputLen + " bytes");
        }
        try {
            if (restart) {
                context.init(null, null, counterAndNonce, true);
                restart = false;
            }
            if (inputLen == 0) {
                return 0;
            }
            if (input == output && inputOffset != outputOffset
                    && inputOffset < outputOffset + inputLen && outputOffset < inputOffset + inputLen) {
                // OpenSSL works in place or on separate buffers, not on buffers that partly overlap
                input = Arrays.copyOfRange(input, inputOffset, inputOffset + inputLen);
                inputOffset = 0;
            }
            return context.update(input, inputOffset, inputLen, output, outputOffset);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new ProviderException(e);
        }
    }

    @Override
    protected byte[] engineDoFinal(byte[] input, int inputOffset, int inputLen) {
        byte[] output = input == null ? new byte[0] : engineUpdate(input, inputOffset, inputLen);
        restart = true;
        return output;
    }

    @Override
    protected int engineDoFinal(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
            throws ShortBufferException {
        int written = input == null ? 0 : engineUpdate(input, inputOffset, inputLen, output, outputOffset);
        restart = true;
        return written;
    }
}
