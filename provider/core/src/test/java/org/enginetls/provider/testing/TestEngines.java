package org.enginetls.provider.testing;

import java.security.GeneralSecurityException;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.enginetls.provider.EngineTlsProvider;

/**
 * EngineTLS contexts and engines for one protocol version: a server with an ECDSA P-256 certificate
 * (the JDK's {@code SunX509} key manager) and a client that trusts the test CA.
 */
public final class TestEngines {

    /** BouncyCastle logs every failed connection; tests that fail connections on purpose keep it quiet. */
    private static final Logger BOUNCY_CASTLE = Logger.getLogger("org.bouncycastle");

    private final SSLContext serverContext;
    private final SSLContext clientContext;
    private final String protocol;

    public TestEngines(EngineTlsProvider provider, String protocol) throws GeneralSecurityException {
        BOUNCY_CASTLE.setLevel(Level.OFF);
        this.protocol = protocol;
        serverContext = SSLContext.getInstance(protocol, provider);
        serverContext.init(TestPki.keyManagers("SunX509", TestPki.leaf(TestPki.KeyType.EC_P256)), null, null);
        clientContext = SSLContext.getInstance(protocol, provider);
        clientContext.init(null, TestPki.trustManagers(), null);
    }

    public String protocol() {
        return protocol;
    }

    public SSLContext serverContext() {
        return serverContext;
    }

    public SSLContext clientContext() {
        return clientContext;
    }

    public SSLEngine server() {
        SSLEngine engine = serverContext.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(new String[] {protocol});
        return engine;
    }

    public SSLEngine client() {
        SSLEngine engine = clientContext.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {protocol});
        return engine;
    }
}
