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
import java.security.interfaces.XECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.security.spec.NamedParameterSpec;

import javax.crypto.interfaces.DHPublicKey;

import org.enginetls.engine.OperationKind;

/**
 * {@code KeyFactory} through the router: an inline primitive of one engine.
 *
 * <p>Public values no agreement may use are refused here: a Diffie-Hellman value outside 1 &lt; y &lt; p-1,
 * as BouncyCastle's own key factory refuses it, and an X25519 or X448 point of small order (RFC 7748
 * section 6: the agreement would yield all zeros). BouncyCastle's TLS decodes a peer's key share through
 * this factory and answers a refusal with the alert the RFCs ask for (handshake_failure for DH, RFC 7919
 * section 3; illegal_parameter for X25519 and X448), where a refusal later, in the agreement, can only be
 * an internal_error. The JDK's factories accept both and leave the check to the agreement, which still
 * makes it.
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
        } else if (key instanceof XECPublicKey xec && xec.getParams() instanceof NamedParameterSpec curve
                && SmallOrderPoints.contains(curve.getName(), xec.getU())) {
            throw new InvalidKeySpecException(curve.getName() + " public value of small order (RFC 7748 section 6)");
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
