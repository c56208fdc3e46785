package org.enginetls.provider.impl.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;

import org.enginetls.engine.OperationKind;

/** {@code KeyFactory} through the router: an inline primitive of one engine. */
final class RoutedKeyFactory extends KeyFactorySpi {

    private final KeyFactory factory;

    RoutedKeyFactory(CryptoRouter router, String algorithm) {
        try {
            this.factory = router.create(OperationKind.KEY_FACTORY, algorithm, null,
                    engine -> engine.newKeyFactory(algorithm)).primitive();
        } catch (GeneralSecurityException e) {
            throw new ProviderException(e.getMessage(), e);
        }
    }

    @Override
    protected PublicKey engineGeneratePublic(KeySpec keySpec) throws InvalidKeySpecException {
        return factory.generatePublic(keySpec);
    }

    @Override
    protected PrivateKey engineGeneratePrivate(KeySpec keySpec) throws InvalidKeySpecException {
        return factory.generatePrivate(keySpec);
    }

    @Override
    protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> keySpec) throws InvalidKeySpecException {
        return factory.getKeySpec(key, keySpec);
    }

    @Override
    protected Key engineTranslateKey(Key key) throws InvalidKeyException {
        return factory.translateKey(key);
    }
}
