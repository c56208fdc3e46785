package org.enginetls.provider.impl.crypto;

import java.security.GeneralSecurityException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.SecureRandomParameters;
import java.security.SecureRandomSpi;

import org.enginetls.engine.OperationKind;

/**
 * {@code SecureRandom} through the router: an inline primitive of one engine, whose parameters, reseeding
 * and per-request parameters (a DRBG's prediction resistance, additional input) are the engine's.
 */
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

    @Override
    protected void engineNextBytes(byte[] bytes, SecureRandomParameters params) {
        random.nextBytes(bytes, params);
    }

    @Override
    protected void engineReseed(SecureRandomParameters params) {
        random.reseed(params);
    }

    @Override
    protected SecureRandomParameters engineGetParameters() {
        return random.getParameters();
    }

    @Override
    public String toString() {
        return random.toString();
    }
}
