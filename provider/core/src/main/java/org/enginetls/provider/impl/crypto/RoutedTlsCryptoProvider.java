package org.enginetls.provider.impl.crypto;

import java.security.SecureRandom;

import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * Makes BCJSSE's crypto: {@link RoutedTlsCrypto} over the JCA provider it is given (the
 * {@link RoutingProvider}) and the router behind it.
 */
public final class RoutedTlsCryptoProvider extends JcaTlsCryptoProvider {

    private final CryptoRouter router;

    public RoutedTlsCryptoProvider(CryptoRouter router, RoutingProvider routing) {
        this.router = router;
        setProvider(routing);
    }

    @Override
    public JcaTlsCrypto create(SecureRandom keyRandom, SecureRandom nonceRandom) {
        return new RoutedTlsCrypto(router, getHelper(), getAltHelper(), keyRandom, nonceRandom);
    }
}
