package org.enginetls.demo;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server key manager that serves one alias of its key store and no other: the EngineTLS key store holds the keys
 * of every engine, and the demo serves the one its {@code keystore} setting names. For a key type the alias does not
 * have it chooses nothing, as a manager without such a key would.
 */
final class OneAliasKeyManager extends X509ExtendedKeyManager {

    private final X509ExtendedKeyManager keyManager;
    private final String alias;

    OneAliasKeyManager(X509ExtendedKeyManager keyManager, String alias) {
        this.keyManager = keyManager;
        this.alias = alias;
    }

    private String ifServed(String keyType, Principal[] issuers) {
        String[] aliases = keyManager.getServerAliases(keyType, issuers);
        if (aliases != null) {
            for (String candidate : aliases) {
                if (candidate.equals(alias)) {
                    return alias;
                }
            }
        }
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return ifServed(keyType, issuers);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return ifServed(keyType, issuers);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String served = ifServed(keyType, issuers);
        return served == null ? null : new String[] {served};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String requested) {
        return alias.equals(requested) ? keyManager.getCertificateChain(requested) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String requested) {
        return alias.equals(requested) ? keyManager.getPrivateKey(requested) : null;
    }
}
