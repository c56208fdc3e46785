package org.enginetls.provider.impl.crypto;

import java.math.BigInteger;
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

import javax.crypto.interfaces.DHPublicKey;

import org.enginetls.engine.OperationKind;

/**
 * {@code KeyFactory} through the router: an inline primitive of one engine.
 *
 * <p>A Diffie-Hellman public value outside 1 &lt; y &lt; p-1 is refused here, as BouncyCastle's own key
 * factory refuses it (the JDK's accepts it and leaves the check to its agreement): BouncyCastle's TLS
 * decodes a peer's DH share through this factory and answers a refusal with the alert RFC 7919 section 3
 * asks for, where a refusal later, in the agreement, can only be an internal_error.
 */
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
        PublicKey key = factory.generatePublic(keySpec);
        if (key instanceof DHPublicKey dh) {
            BigInteger p = dh.getParams().getP();
            BigInteger y = dh.getY();
            if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
                throw new InvalidKeySpecException("Diffie-Hellman public value outside 1 < y < p-1 (SP 800-56A 5.6.2.3.1)");
            }
        }
        return key;
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
