package org.enginetls.provider.impl.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;

import javax.crypto.KeyAgreementSpi;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

import org.enginetls.engine.OperationKind;

/** {@code KeyAgreement} through the router: one submitted operation per shared secret (two parties). */
final class RoutedKeyAgreement extends KeyAgreementSpi {

    private final CryptoRouter router;
    private final String algorithm;
    private PrivateKey privateKey;
    private AlgorithmParameterSpec parameters;
    private PublicKey peerKey;

    RoutedKeyAgreement(CryptoRouter router, String algorithm) {
        this.router = router;
        this.algorithm = algorithm;
    }

    @Override
    protected void engineInit(Key key, SecureRandom random) throws InvalidKeyException {
        if (!(key instanceof PrivateKey pk)) {
            throw new InvalidKeyException(algorithm + " needs a private key, got " + key);
        }
        privateKey = pk;
        parameters = null;
        peerKey = null;
    }

    @Override
    protected void engineInit(Key key, AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        engineInit(key, random);
        parameters = params;
    }

    @Override
    protected Key engineDoPhase(Key key, boolean lastPhase) throws InvalidKeyException {
        if (privateKey == null) {
            throw new IllegalStateException("not initialised");
        }
        if (!lastPhase) {
            throw new IllegalStateException(algorithm + " agreement has a single phase");
        }
        if (!(key instanceof PublicKey pk)) {
            throw new InvalidKeyException(algorithm + " needs the peer's public key, got " + key);
        }
        peerKey = pk;
        return null;
    }

    @Override
    protected byte[] engineGenerateSecret() throws IllegalStateException {
        if (peerKey == null) {
            throw new IllegalStateException("the peer's key has not been supplied");
        }
        PublicKey peer = peerKey;
        peerKey = null;
        PrivateKey key = privateKey;
        AlgorithmParameterSpec spec = parameters;
        try {
            return router.submit(OperationKind.AGREE, algorithm, key,
                    (engine, wait) -> engine.agree(new EngineRequests.Agree(wait, algorithm, spec, key, peer)));
        } catch (GeneralSecurityException e) {
            // KeyAgreement offers no checked exception here; callers see an IllegalStateException with the cause.
            throw new IllegalStateException(algorithm + " key agreement failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected int engineGenerateSecret(byte[] sharedSecret, int offset) throws ShortBufferException {
        byte[] secret = engineGenerateSecret();
        if (sharedSecret.length - offset < secret.length) {
            throw new ShortBufferException("need " + secret.length + " bytes");
        }
        System.arraycopy(secret, 0, sharedSecret, offset, secret.length);
        return secret.length;
    }

    @Override
    protected SecretKey engineGenerateSecret(String secretAlgorithm) {
        return new SecretKeySpec(engineGenerateSecret(), secretAlgorithm);
    }
}
