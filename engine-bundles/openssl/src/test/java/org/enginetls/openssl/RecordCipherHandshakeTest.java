package org.enginetls.openssl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import javax.net.ssl.SSLContext;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.ProviderInternals;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.testing.EnginePair;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * Records of every AEAD suite, sealed and opened by the engine's record ciphers (found on the class path by
 * {@link java.util.ServiceLoader}, as {@code new EngineTlsProvider()} finds it), reach the JDK's own TLS and
 * come back from it, in both roles: their bytes are right on the wire, not only between two of our own.
 */
@RunWith(Parameterized.class)
public class RecordCipherHandshakeTest {

    private static final String AES_GCM = OpenSslSettings.PID + ".aesGcm";

    private static EngineTlsProvider engineTls;

    @Parameters(name = "{0} {1}")
    public static List<Object[]> parameters() {
        return List.of(
                new Object[] {"TLSv1.3", "TLS_AES_128_GCM_SHA256"},
                new Object[] {"TLSv1.3", "TLS_AES_256_GCM_SHA384"},
                new Object[] {"TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256"},
                new Object[] {"TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
                new Object[] {"TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"});
    }

    @Parameter(0)
    public String protocol;

    @Parameter(1)
    public String suite;

    /** With AES-GCM handed to the engine too (off by default), as a class-path user sets it. */
    @BeforeClass
    public static void classPathProvider() {
        java.util.logging.Logger.getLogger("org.bouncycastle").setLevel(java.util.logging.Level.OFF);
        System.setProperty(AES_GCM, "true");
        try {
            engineTls = new EngineTlsProvider();
        } finally {
            System.clearProperty(AES_GCM);
        }
    }

    @Test
    public void theJdkClientReadsAndWritesTheEnginesRecords() throws Exception {
        SSLContext jdkClient = SSLContext.getInstance(protocol, "SunJSSE");
        jdkClient.init(null, TestPki.trustManagers(), null);
        SSLContext server = new TlsPeers(engineTls).server(protocol, TestPki.leaf(KeyType.EC_P256));
        roundTrips(jdkClient, server);
    }

    @Test
    public void theJdkServerReadsAndWritesTheEnginesRecords() throws Exception {
        SSLContext jdkServer = SSLContext.getInstance(protocol, "SunJSSE");
        jdkServer.init(TestPki.keyManagers("SunX509", TestPki.leaf(KeyType.EC_P256)), null, null);
        roundTrips(new TlsPeers(engineTls).client(protocol), jdkServer);
    }

    private void roundTrips(SSLContext client, SSLContext server) throws Exception {
        long before = recordPrimitives();
        EnginePair pair = TlsPeers.pair(client, server, p -> p.setCipherSuites(new String[] {suite}),
                p -> p.setCipherSuites(new String[] {suite})).handshake();
        assertEquals(suite, pair.clientSession().getCipherSuite());
        String text = "x".repeat(20_000);
        for (int i = 0; i < 3; i++) {
            assertEquals(text, pair.roundTrip(text));
        }
        assertTrue("the openssl engine made the record ciphers", recordPrimitives() > before);
    }

    private static long recordPrimitives() {
        RegisteredEngine engine = ProviderInternals.core(engineTls).registry().find(OpenSslEngine.ID);
        assertNotNull("ServiceLoader found the openssl engine", engine);
        return ((Number) engine.engine().health().details().get("record.primitives")).longValue();
    }
}
