package org.enginetls.provider.impl.crypto;

import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidParameterSpecException;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;

import org.enginetls.engine.OperationKind;

/**
 * {@code Cipher} through the router.
 *
 * <p>With a secret key it is a record cipher: an inline primitive of one engine, kept across
 * re-initialisations (TLS re-initialises its AEAD cipher with a fresh nonce for every record) for as
 * long as that engine stays active. With an asymmetric key it collects the input and hands the
 * whole message to an engine as one submitted operation.
 */
final class RoutedCipher extends CipherSpi {

    private final CryptoRouter router;
    private String transformation;
    private CryptoRouter.Inline<Cipher> symmetric;
    private Key asymmetricKey;
    private OperationKind asymmetricKind;
    private AlgorithmParameterSpec asymmetricParameters;
    private final MessageBuffer asymmetricInput = new MessageBuffer();

    RoutedCipher(CryptoRouter router, String transformation) {
        this.router = router;
        this.transformation = transformation;
    }

    @Override
    protected void engineSetMode(String mode) throws NoSuchAlgorithmException {
        transformation = transformation + "/" + mode;
    }

    @Override
    protected void engineSetPadding(String padding) throws NoSuchPaddingException {
        transformation = transformation + "/" + padding;
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
        if (key instanceof SecretKey) {
            if (params == null) {
                symmetricFor(key).init(opmode, key, random);
            } else {
                symmetricFor(key).init(opmode, key, params, random);
            }
            return;
        }
        try {
            engineInit(opmode, key, params == null ? null : params.getParameterSpec(AlgorithmParameterSpec.class), random);
        } catch (InvalidParameterSpecException e) {
            throw new InvalidAlgorithmParameterException(e.getMessage(), e);
        }
    }

    @Override
    protected void engineInit(int opmode, Key key, AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (key instanceof SecretKey) {
            if (params == null) {
                symmetricFor(key).init(opmode, key, random);
            } else {
                symmetricFor(key).init(opmode, key, params, random);
            }
            return;
        }
        asymmetricKind = switch (opmode) {
            case Cipher.ENCRYPT_MODE -> OperationKind.ENCRYPT;
            case Cipher.DECRYPT_MODE -> OperationKind.DECRYPT;
            default -> throw new InvalidKeyException(transformation + " through EngineTLS supports encryption and"
                    + " decryption only, not mode " + opmode);
        };
        if (key == null) {
            throw new InvalidKeyException("no key");
        }
        symmetric = null;
        asymmetricKey = key;
        asymmetricParameters = params;
        asymmetricInput.reset();
    }

    private Cipher symmetricFor(Key key) throws InvalidKeyException {
        asymmetricKey = null;
        if (symmetric == null || !symmetric.usableWith(key)) {
            try {
                symmetric = router.create(OperationKind.CIPHER, transformation, key,
                        engine -> engine.newCipher(transformation));
            } catch (GeneralSecurityException e) {
                throw new InvalidKeyException("no engine can run " + transformation + ": " + e.getMessage(), e);
            }
        }
        return symmetric.primitive();
    }

    private Cipher cipher() {
        if (symmetric == null) {
            throw new IllegalStateException(transformation + " is not initialised with a secret key");
        }
        return symmetric.primitive();
    }

    /**
     * The engine's cipher that answers queries (block size, IV, parameters) as the transformation's
     * own object would, before initialisation too: BouncyCastle sizes a CBC record's explicit IV from
     * {@code getBlockSize()} before the first {@code init}. It is made without a key, as {@link RoutedMac}
     * makes its MAC, and kept for the first {@code init} if that engine accepts the key. {@code null} for
     * a transformation no engine runs as a record cipher (RSA key transport).
     */
    private Cipher queried() {
        if (asymmetricKey != null) {
            return null;
        }
        if (symmetric == null) {
            if (!router.supports(OperationKind.CIPHER, transformation)) {
                return null;
            }
            try {
                symmetric = router.create(OperationKind.CIPHER, transformation, null, engine -> engine.newCipher(transformation));
            } catch (GeneralSecurityException e) {
                throw new ProviderException("no engine can run " + transformation + ": " + e.getMessage(), e);
            }
        }
        return symmetric.primitive();
    }

    /** RSA key transport, like the JDK's RSA cipher: no blocks, no IV, no parameters. */
    @Override
    protected int engineGetBlockSize() {
        Cipher cipher = queried();
        return cipher == null ? 0 : cipher.getBlockSize();
    }

    /** RSA key transport produces at most the modulus's length in bytes, as the JDK's RSA cipher answers. */
    @Override
    protected int engineGetOutputSize(int inputLen) {
        if (asymmetricKey != null) {
            if (asymmetricKey instanceof RSAKey rsa) {
                return (rsa.getModulus().bitLength() + 7) / 8;
            }
            throw new ProviderException(transformation + " through EngineTLS cannot tell the output size for a "
                    + asymmetricKey.getAlgorithm() + " key without a modulus");
        }
        Cipher cipher = queried();
        if (cipher == null) {
            throw new IllegalStateException(transformation + " is not initialised");
        }
        return cipher.getOutputSize(inputLen);
    }

    @Override
    protected byte[] engineGetIV() {
        Cipher cipher = queried();
        return cipher == null ? null : cipher.getIV();
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        Cipher cipher = queried();
        return cipher == null ? null : cipher.getParameters();
    }

    @Override
    protected int engineGetKeySize(Key key) throws InvalidKeyException {
        if (key instanceof RSAKey rsa) {
            return rsa.getModulus().bitLength();
        }
        byte[] encoded = key == null ? null : key.getEncoded();
        if (key instanceof SecretKey && encoded != null) {
            return encoded.length * 8;
        }
        throw new InvalidKeyException(transformation + " through EngineTLS cannot size the key " + key);
    }

    @Override
    protected byte[] engineWrap(Key key) throws IllegalBlockSizeException, InvalidKeyException {
        return cipher().wrap(key);
    }

    @Override
    protected Key engineUnwrap(byte[] wrappedKey, String wrappedKeyAlgorithm, int wrappedKeyType)
            throws InvalidKeyException, NoSuchAlgorithmException {
        return cipher().unwrap(wrappedKey, wrappedKeyAlgorithm, wrappedKeyType);
    }

    @Override
    protected void engineUpdateAAD(byte[] src, int offset, int len) {
        cipher().updateAAD(src, offset, len);
    }

    @Override
    protected void engineUpdateAAD(ByteBuffer src) {
        cipher().updateAAD(src);
    }

    @Override
    protected byte[] engineUpdate(byte[] input, int inputOffset, int inputLen) {
        if (asymmetricKey != null) {
            asymmetricInput.add(input, inputOffset, inputLen);
            return new byte[0];
        }
        return cipher().update(input, inputOffset, inputLen);
    }

    @Override
    protected int engineUpdate(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
            throws ShortBufferException {
        if (asymmetricKey != null) {
            asymmetricInput.add(input, inputOffset, inputLen);
            return 0;
        }
        return cipher().update(input, inputOffset, inputLen, output, outputOffset);
    }

    @Override
    protected int engineUpdate(ByteBuffer input, ByteBuffer output) throws ShortBufferException {
        if (asymmetricKey != null) {
            asymmetricInput.add(input);
            return 0;
        }
        return cipher().update(input, output);
    }

    @Override
    protected byte[] engineDoFinal(byte[] input, int inputOffset, int inputLen)
            throws IllegalBlockSizeException, BadPaddingException {
        if (asymmetricKey != null) {
            if (input != null) {
                asymmetricInput.add(input, inputOffset, inputLen);
            }
            return transformAsymmetric();
        }
        // Cipher.doFinal() hands its SPI no input as null, which the engine's Cipher refuses as "Bad arguments"
        return input == null ? cipher().doFinal() : cipher().doFinal(input, inputOffset, inputLen);
    }

    @Override
    protected int engineDoFinal(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
            throws ShortBufferException, IllegalBlockSizeException, BadPaddingException {
        if (asymmetricKey != null) {
            byte[] result = engineDoFinal(input, inputOffset, inputLen);
            if (output.length - outputOffset < result.length) {
                throw new ShortBufferException("need " + result.length + " bytes");
            }
            System.arraycopy(result, 0, output, outputOffset, result.length);
            return result.length;
        }
        return input == null ? cipher().doFinal(output, outputOffset)
                : cipher().doFinal(input, inputOffset, inputLen, output, outputOffset);
    }

    @Override
    protected int engineDoFinal(ByteBuffer input, ByteBuffer output)
            throws ShortBufferException, IllegalBlockSizeException, BadPaddingException {
        if (asymmetricKey != null) {
            asymmetricInput.add(input);
            byte[] result = transformAsymmetric();
            if (output.remaining() < result.length) {
                throw new ShortBufferException("need " + result.length + " bytes");
            }
            output.put(result);
            return result.length;
        }
        return cipher().doFinal(input, output);
    }

    private byte[] transformAsymmetric() throws BadPaddingException {
        byte[] input = asymmetricInput.take();
        OperationKind kind = asymmetricKind;
        AlgorithmParameterSpec spec = asymmetricParameters;
        Key key = asymmetricKey;
        try {
            return router.submit(kind, transformation, key, (engine, wait) ->
                    engine.transform(new EngineRequests.Transform(wait, kind, transformation, spec, key, input)));
        } catch (BadPaddingException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new ProviderException(transformation + " " + asymmetricKind + " failed: " + e.getMessage(), e);
        }
    }
}
