package org.enginetls.provider.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.testing.EnginePair;
import org.junit.Test;

/**
 * EngineTLS engines and sockets prefer AES-GCM (the JDK's intrinsics) to ChaCha20 (Java code), as the JDK
 * does, in one order for engines, sockets and server sockets, and servers pick by it by default.
 */
public class DefaultCipherSuiteOrderTest {

    private final EngineTlsProvider provider = new EngineTlsProvider();

    @Test
    public void aesGcmComesBeforeChaChaOfTheSameKeyExchange() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS", provider);
        context.init(null, null, null);
        List<String> suites = List.of(context.createSSLEngine().getEnabledCipherSuites());

        assertBefore(suites, "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256");
        assertBefore(suites, "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
        assertBefore(suites, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        assertBefore(suites, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        assertBefore(suites, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384");
    }

    @Test
    public void defaultHandshakeBetweenEngineTlsPeersUsesAesGcm() throws Exception {
        SSLContext server = SSLContext.getInstance("TLSv1.3", provider);
        server.init(TestPki.keyManagers("SunX509", TestPki.leaf(TestPki.KeyType.EC_P256)), null, null);
        SSLContext client = SSLContext.getInstance("TLSv1.3", provider);
        client.init(null, TestPki.trustManagers(), null);
        SSLEngine clientEngine = client.createSSLEngine("localhost", 443);
        clientEngine.setUseClientMode(true);
        SSLEngine serverEngine = server.createSSLEngine();
        serverEngine.setUseClientMode(false);

        EnginePair pair = new EnginePair(clientEngine, serverEngine).handshake();

        assertTrue(pair.clientSession().getCipherSuite(), pair.clientSession().getCipherSuite().contains("_GCM_"));
    }

    @Test
    public void socketsServerSocketsAndEnginesShareOneOrder() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS", provider);
        context.init(TestPki.keyManagers("SunX509", TestPki.leaf(TestPki.KeyType.EC_P256)), null, null);
        List<String> engineOrder = List.of(context.createSSLEngine().getEnabledCipherSuites());

        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
                SSLServerSocket serverSocket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket()) {
            assertEquals("client sockets", engineOrder, List.of(socket.getEnabledCipherSuites()));
            assertEquals("server sockets", engineOrder, List.of(serverSocket.getEnabledCipherSuites()));
        }
        assertEquals("the socket factory's defaults", engineOrder, List.of(context.getSocketFactory().getDefaultCipherSuites()));
        assertEquals("the server socket factory's defaults", engineOrder,
                List.of(context.getServerSocketFactory().getDefaultCipherSuites()));
        assertEquals("the context's default parameters", engineOrder, List.of(context.getDefaultSSLParameters().getCipherSuites()));
        assertBefore(List.of(context.getSocketFactory().getDefaultCipherSuites()),
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    }

    /** SunJSSE answers true for every engine and socket and its context's default parameters; so do we. */
    @Test
    public void serversUseTheirOwnOrderByDefaultAsWithTheJdk() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS", provider);
        context.init(TestPki.keyManagers("SunX509", TestPki.leaf(TestPki.KeyType.EC_P256)), null, null);
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);

        assertTrue("server engine", engine.getSSLParameters().getUseCipherSuitesOrder());
        assertTrue("context defaults", context.getDefaultSSLParameters().getUseCipherSuitesOrder());
        try (SSLServerSocket serverSocket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
                SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            assertTrue("server socket", serverSocket.getSSLParameters().getUseCipherSuitesOrder());
            assertTrue("socket", socket.getSSLParameters().getUseCipherSuitesOrder());
        }
        SSLParameters clientOrder = engine.getSSLParameters();
        clientOrder.setUseCipherSuitesOrder(false);
        engine.setSSLParameters(clientOrder);
        assertEquals("the application may turn it off", false, engine.getSSLParameters().getUseCipherSuitesOrder());
    }

    private static void assertBefore(List<String> suites, String first, String second) {
        assertTrue(first + " offered", suites.contains(first));
        assertTrue(second + " offered", suites.contains(second));
        assertEquals(first + " before " + second, true, suites.indexOf(first) < suites.indexOf(second));
    }
}
