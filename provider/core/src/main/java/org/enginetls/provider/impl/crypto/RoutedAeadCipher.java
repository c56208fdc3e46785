package org.enginetls.provider.impl.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.tls.crypto.TlsCryptoException;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;
import org.enginetls.engine.OperationKind;
import org.enginetls.runtime.EngineState;

/**
 * The AEAD cipher of one direction of a connection's record layer, as BouncyCastle's record
 * protection ({@code TlsAEADCipher}, which builds and reads the records) uses it: an engine's
 * {@link Cipher}, chosen by the router once per traffic key and kept while that engine is active.
 *
 * <p>BouncyCastle initialises the cipher for every record with that record's nonce. Its JCA
 * implementation does so with {@code AlgorithmParameters} looked up from the provider again for each
 * record, which through the router also meant a second {@code Cipher} layer ({@link RoutedCipher})
 * asking the engine per record whether it accepts the key. Here a record costs one {@code init} of
 * the engine's cipher with a parameter spec and one {@code doFinal}; the engine accepts the key once.
 * A record after the engine stopped being active (it left, failed or is retiring) binds the next
 * engine, as {@link RoutedCipher} does.
 */
final class RoutedAeadCipher implements TlsAEADCipherImpl {

    /** The AEAD algorithms bound this way, each with the parameter type its JCA cipher takes the nonce in. */
    enum Algorithm {
        AES_GCM("AES/GCM/NoPadding", "AES") {
            @Override
            AlgorithmParameterSpec nonce(byte[] nonce, int macSize) {
                return new GCMParameterSpec(macSize * 8, nonce);
            }
        },
        /** The one-cipher AEAD of RFC 8439, as the JDK and OpenSSL offer it (16-byte tag, IV spec). */
        CHACHA20_POLY1305("ChaCha20-Poly1305", "ChaCha20") {
            @Override
            AlgorithmParameterSpec nonce(byte[] nonce, int macSize) {
                return new IvParameterSpec(nonce);
            }
        };

        private final String transformation;
        private final String keyAlgorithm;

        Algorithm(String transformation, String keyAlgorithm) {
            this.transformation = transformation;
            this.keyAlgorithm = keyAlgorithm;
        }

        String transformation() {
            return transformation;
        }

        abstract AlgorithmParameterSpec nonce(byte[] nonce, int macSize);
    }

    private final CryptoRouter router;
    private final Algorithm algorithm;
    private final int keySize;
    private final int mode;
    private final SecureRandom random;
    private SecretKey key;
    private CryptoRouter.Inline<Cipher> cipher;

    RoutedAeadCipher(CryptoRouter router, Algorithm algorithm, int keySize, boolean encrypting, SecureRandom random) {
        this.router = router;
        this.algorithm = algorithm;
        this.keySize = keySize;
        this.mode = encrypting ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
        this.random = random;
    }

    @Override
    public void setKey(byte[] keyBytes, int offset, int length) throws IOException {
        if (length != keySize) {
            // a key schedule fault, as BouncyCastle's own implementation treats it
            throw new IllegalStateException(algorithm.transformation + " takes " + keySize + "-byte keys, not " + length);
        }
        key = new SecretKeySpec(keyBytes, offset, length, algorithm.keyAlgorithm);
        if (cipher == null || !cipher.usableWith(key)) {
            cipher = bind();
        }
    }

    @Override
    public void init(byte[] nonce, int macSize) throws IOException {
        if (cipher.engine().state() != EngineState.ACTIVE) {
            cipher = bind();
        }
        try {
            cipher.primitive().init(mode, key, algorithm.nonce(nonce, macSize), random);
        } catch (GeneralSecurityException e) {
            throw new TlsCryptoException(algorithm.transformation + " refused a record's key or nonce: " + e.getMessage(), e);
        }
    }

    @Override
    public int getOutputSize(int inputLength) {
        return cipher.primitive().getOutputSize(inputLength);
    }

    @Override
    public int doFinal(byte[] additionalData, byte[] input, int inputOffset, int inputLength, byte[] output,
            int outputOffset) throws IOException {
        Cipher current = cipher.primitive();
        try {
            if (additionalData != null && additionalData.length > 0) {
                current.updateAAD(additionalData);
            }
            // one call for the whole record: AEAD decryption releases nothing before the tag is checked
            return current.doFinal(input, inputOffset, inputLength, output, outputOffset);
        } catch (GeneralSecurityException e) {
            // unchecked, as from BouncyCastle's own implementation: its record layer turns it into
            // bad_record_mac when decrypting, internal_error when encrypting
            throw new IllegalStateException(algorithm.transformation + " failed on a record: " + e.getMessage(), e);
        }
    }

    private CryptoRouter.Inline<Cipher> bind() throws IOException {
        String transformation = algorithm.transformation;
        try {
            return router.create(OperationKind.CIPHER, transformation, key, engine -> engine.newCipher(transformation));
        } catch (GeneralSecurityException e) {
            throw new TlsCryptoException("no engine can run the record cipher " + transformation + ": " + e.getMessage(), e);
        }
    }
}
