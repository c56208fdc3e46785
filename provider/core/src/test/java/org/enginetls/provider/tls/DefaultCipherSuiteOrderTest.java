package org.enginetls.provider.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.testing.EnginePair;
import org.enginetls.provider.testing.TestPki;
import org.junit.Test;

/** EngineTLS engines prefer AES-GCM (the JDK's intrinsics) to ChaCha20 (Java code), as the JDK does. */
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

    private static void assertBefore(List<String> suites, String first, String second) {
        assertTrue(first + " offered", suites.contains(first));
        assertTrue(second + " offered", suites.contains(second));
        assertEquals(first + " before " + second, true, suites.indexOf(first) < suites.indexOf(second));
    }
}
