package org.enginetls.provider.impl.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipher;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.crypto.RoutedAeadCipher.Algorithm;

/**
 * BouncyCastle's JCA crypto for TLS over the router, with the AEAD record ciphers of TLS 1.3 (and of
 * TLS 1.2's AEAD suites) bound to an engine's cipher directly ({@link RoutedAeadCipher}). Everything
 * else, the record protection included, stays BouncyCastle's.
 *
 * <p>ChaCha20-Poly1305: BouncyCastle composes it from a {@code ChaCha7539} stream cipher and a
 * {@code Poly1305} MAC, with a copy of each record into a scratch array. When an engine offers the
 * one-cipher AEAD ({@code ChaCha20-Poly1305}, as the JDK and OpenSSL do, with their vector code), the
 * record cipher is that instead; the bytes on the wire are the same (RFC 8439).
 */
final class RoutedTlsCrypto extends JcaTlsCrypto {

    private final CryptoRouter router;

    RoutedTlsCrypto(CryptoRouter router, JcaJceHelper helper, JcaJceHelper altHelper, SecureRandom entropySource,
            SecureRandom nonceEntropySource) {
        super(helper, altHelper, entropySource, nonceEntropySource);
        this.router = router;
    }

    @Override
    public TlsCipher createCipher(TlsCryptoParameters cryptoParams, int encryptionAlgorithm, int macAlgorithm)
            throws IOException {
        if (encryptionAlgorithm == EncryptionAlgorithm.CHACHA20_POLY1305 && offersOneCipherChaCha20()) {
            return new TlsAEADCipher(cryptoParams, aead(Algorithm.CHACHA20_POLY1305, 32, true),
                    aead(Algorithm.CHACHA20_POLY1305, 32, false), 32, 16, TlsAEADCipher.AEAD_CHACHA20_POLY1305);
        }
        return super.createCipher(cryptoParams, encryptionAlgorithm, macAlgorithm);
    }

    @Override
    protected TlsAEADCipherImpl createAEADCipher(String cipherName, String algorithm, int keySize, boolean isEncrypting)
            throws GeneralSecurityException {
        if (Algorithm.AES_GCM.transformation().equals(cipherName)) {
            return aead(Algorithm.AES_GCM, keySize, isEncrypting);
        }
        return super.createAEADCipher(cipherName, algorithm, keySize, isEncrypting);
    }

    /** ChaCha20-Poly1305 is usable if an engine offers either form (BouncyCastle asks for its composition only). */
    @Override
    protected Boolean isSupportedEncryptionAlgorithm(int encryptionAlgorithm) {
        if (encryptionAlgorithm == EncryptionAlgorithm.CHACHA20_POLY1305 && offersOneCipherChaCha20()) {
            return Boolean.TRUE;
        }
        return super.isSupportedEncryptionAlgorithm(encryptionAlgorithm);
    }

    private boolean offersOneCipherChaCha20() {
        return router.supports(OperationKind.CIPHER, Algorithm.CHACHA20_POLY1305.transformation());
    }

    private TlsAEADCipherImpl aead(Algorithm algorithm, int keySize, boolean encrypting) {
        return new RoutedAeadCipher(router, algorithm, keySize, encrypting, getSecureRandom());
    }
}
