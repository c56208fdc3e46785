package org.enginetls.itests;

import static org.junit.Assert.assertEquals;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.enginetls.async.AsyncSSLContext;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.testing.AsyncEnginePair;
import org.enginetls.testing.EnginePair;

/** A TLS 1.3 handshake in memory through the registered EngineTLS provider, by name. */
final class Handshakes {

    private Handshakes() {
    }

    /** Handshakes with an ECDSA P-256 server certificate and sends one message each way. */
    static void tls13ThroughEngineTls() throws Exception {
        SSLContext server = SSLContext.getInstance("TLSv1.3", "EngineTLS");
        server.init(TestPki.keyManagers("SunX509", TestPki.leaf(TestPki.KeyType.EC_P256)), null, null);
        SSLContext client = SSLContext.getInstance("TLSv1.3", "EngineTLS");
        client.init(null, TestPki.trustManagers(), null);
        SSLEngine clientEngine = client.createSSLEngine("localhost", 443);
        clientEngine.setUseClientMode(true);
        SSLEngine serverEngine = server.createSSLEngine();
        serverEngine.setUseClientMode(false);
        EnginePair pair = new EnginePair(clientEngine, serverEngine).handshake();
        assertEquals("TLSv1.3", pair.clientSession().getProtocol());
        assertEquals("hello", pair.roundTrip("hello"));
    }

    /**
     * A TLS 1.3 client and server made by {@link AsyncSSLContext}s of the {@code EngineTLS} provider in the
     * java.security list, whose async defaults (mode on, the pair's callback) their engines copy; ECDSA P-256 server.
     */
    static AsyncEnginePair asyncPair() throws Exception {
        AsyncSSLContext server = AsyncSSLContext.getInstance("TLSv1.3");
        server.init(TestPki.keyManagers("SunX509", TestPki.leaf(TestPki.KeyType.EC_P256)), null, null);
        AsyncSSLContext client = AsyncSSLContext.getInstance("TLSv1.3");
        client.init(null, TestPki.trustManagers(), null);
        return AsyncEnginePair.fromContextDefaults(client, server);
    }
}
