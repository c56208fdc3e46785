package org.enginetls.openssl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.enginetls.engine.EngineHealth;
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
 * Full handshakes with the engine found on the class path by {@link java.util.ServiceLoader} (as
 * {@code new EngineTlsProvider()} finds it) against the JDK's own TLS, in both roles, TLS 1.2 and 1.3,
 * every certificate key type; the engine, not the software engine, did the signatures, agreements and
 * key generation.
 */
@RunWith(Parameterized.class)
public class OpenSslHandshakeTest {

    private static EngineTlsProvider engineTls;

    @Parameters(name = "{0} {1}")
    public static List<Object[]> parameters() {
        List<Object[]> rows = new ArrayList<>();
        for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
            for (KeyType keyType : KeyType.values()) {
                rows.add(new Object[] {protocol, keyType});
            }
        }
        return rows;
    }

    @Parameter(0)
    public String protocol;

    @Parameter(1)
    public KeyType keyType;

    @BeforeClass
    public static void classPathProvider() {
        java.util.logging.Logger.getLogger("org.bouncycastle").setLevel(java.util.logging.Level.OFF);
        engineTls = new EngineTlsProvider();
    }

    @Test
    public void engineTlsServerWithTheOpenSslEngineServesTheJdkClient() throws Exception {
        long before = opensslWork();
        SSLContext server = new TlsPeers(engineTls).server(protocol, TestPki.leaf(keyType));
        EnginePair pair = TlsPeers.pair(jdkClient(protocol), server).handshake();
        assertEquals(protocol, pair.serverSession().getProtocol());
        assertEquals("hello", pair.roundTrip("hello"));
        assertTrue("the openssl engine signed and agreed", opensslWork() > before);
    }

    @Test
    public void engineTlsClientWithTheOpenSslEngineTalksToTheJdkServer() throws Exception {
        long before = opensslWork();
        SSLContext server = SSLContext.getInstance(protocol, "SunJSSE");
        server.init(TestPki.keyManagers("SunX509", TestPki.leaf(keyType)), null, null);
        EnginePair pair = TlsPeers.pair(new TlsPeers(engineTls).client(protocol), server).handshake();
        assertEquals(protocol, pair.clientSession().getProtocol());
        assertEquals("hello", pair.roundTrip("hello"));
        assertTrue("the openssl engine verified and agreed", opensslWork() > before);
    }

    /**
     * BCJSSE probes each context's curves once by generating a key on them, {@code sm2p256v1} among
     * them, which this engine declines and the software engine answers; after that, nothing of a
     * handshake goes to the software engine.
     */
    @Test
    public void theSoftwareEngineDoesNoneOfTheHandshakesAsymmetricWork() throws Exception {
        SSLContext server = new TlsPeers(engineTls).server(protocol, TestPki.leaf(keyType));
        SSLContext client = new TlsPeers(engineTls).client(protocol);
        TlsPeers.pair(client, server).handshake();
        long before = softwareSubmitted();
        TlsPeers.pair(client, server).handshake().roundTrip("hello");
        assertEquals("operations submitted to the software engine", before, softwareSubmitted());
    }

    @Test
    public void theEngineReportsTheLibraryItUses() {
        EngineHealth health = openssl().engine().health();
        assertTrue(health.available());
        assertNotNull(health.details().get("version"));
        assertTrue(String.valueOf(health.details().get("version")).startsWith("OpenSSL 3."));
    }

    private static SSLContext jdkClient(String protocol) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance(protocol, "SunJSSE");
        context.init(null, TestPki.trustManagers(), null);
        return context;
    }

    private static RegisteredEngine openssl() {
        RegisteredEngine engine = ProviderInternals.core(engineTls).registry().find(OpenSslEngine.ID);
        assertNotNull("ServiceLoader found the openssl engine", engine);
        return engine;
    }

    private static long opensslWork() {
        return openssl().statistics().completedCount();
    }

    private static long softwareSubmitted() {
        return ProviderInternals.core(engineTls).registry().find("software").statistics().submittedCount();
    }
}
