package org.enginetls.provider.impl.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGeneratorSpi;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;

import org.enginetls.engine.OperationKind;

/** {@code KeyPairGenerator} through the router: each pair is one submitted operation. */
final class RoutedKeyPairGenerator extends KeyPairGeneratorSpi {

    private final CryptoRouter router;
    private final String algorithm;
    private int keySize;
    private AlgorithmParameterSpec parameters;
    private SecureRandom random;

    RoutedKeyPairGenerator(CryptoRouter router, String algorithm) {
        this.router = router;
        this.algorithm = algorithm;
    }

    @Override
    public void initialize(int keysize, SecureRandom random) {
        this.keySize = keysize;
        this.parameters = null;
        this.random = random;
    }

    @Override
    public void initialize(AlgorithmParameterSpec params, SecureRandom random) throws InvalidAlgorithmParameterException {
        this.parameters = params;
        this.keySize = 0;
        this.random = random;
    }

    @Override
    public KeyPair generateKeyPair() {
        AlgorithmParameterSpec spec = parameters;
        int size = keySize;
        SecureRandom source = random;
        try {
            return router.submit(OperationKind.KEYGEN, algorithm, null, (engine, wait) ->
                    engine.generateKeyPair(new EngineRequests.GenerateKeyPair(wait, algorithm, spec, size, source)));
        } catch (GeneralSecurityException e) {
            throw new ProviderException(algorithm + " key generation failed: " + e.getMessage(), e);
        }
    }
}
