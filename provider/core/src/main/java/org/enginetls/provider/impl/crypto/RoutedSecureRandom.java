package org.enginetls.provider.impl.crypto;

import java.security.GeneralSecurityException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;

import org.enginetls.engine.OperationKind;

/** {@code SecureRandom} through the router: an inline primitive of one engine. */
final class RoutedSecureRandom extends SecureRandomSpi {
    private static final long serialVersionUID = 1L;

    private final transient SecureRandom random;

    RoutedSecureRandom(CryptoRouter router, String algorithm) {
        try {
            this.random = router.create(OperationKind.RANDOM, algorithm, null,
                    engine -> engine.newSecureRandom(algorithm)).primitive();
        } catch (GeneralSecurityException e) {
            throw new ProviderException(e.getMessage(), e);
        }
    }

    @Override
    protected void engineSetSeed(byte[] seed) {
        random.setSeed(seed);
    }

    @Override
    protected void engineNextBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }

    @Override
    protected byte[] engineGenerateSeed(int numBytes) {
        return random.generateSeed(numBytes);
    }
}
