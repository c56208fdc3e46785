package org.enginetls.provider.impl.tls;

import javax.net.ssl.KeyManager;

/** Makes key managers from other providers work with BouncyCastle's TLS stack. */
final class KeyManagerAdapter {

    private KeyManagerAdapter() {
    }

    static KeyManager[] adapt(KeyManager[] keyManagers) {
        return keyManagers;
    }
}
