package org.enginetls.provider.interop;

import static org.junit.Assert.assertEquals;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.enginetls.provider.testing.EchoServer;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsLineClient;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * EngineTLS against the other Java TLS stacks, in process over real sockets: the JDK's own provider
 * (SunJSSE) and a plain BouncyCastle JSSE of its own (not the private one inside EngineTLS), each as
 * client and as server.
 */
@RunWith(Parameterized.class)
public class JavaProvidersInteropTest {

    /** A Java TLS provider as another application would set it up. */
    public enum Peer {
        SUN_JSSE {
            @Override
            SSLContext server(String protocol, KeyType keyType) throws GeneralSecurityException {
                SSLContext context = SSLContext.getInstance(protocol, "SunJSSE");
                context.init(TestPki.keyManagers("SunX509", TestPki.leaf(keyType)), null, null);
                return context;
            }

            @Override
            SSLContext client(String protocol) throws GeneralSecurityException {
                SSLContext context = SSLContext.getInstance(protocol, "SunJSSE");
                context.init(null, TestPki.trustManagers(), null);
                return context;
            }
        },
        PLAIN_BCJSSE {
            // a provider of its own over BouncyCastle's JCA provider, as applications without BC installed
            // set it up (its default crypto asks for BC's SecureRandom "DEFAULT"); its own PKIX managers,
            // since plain BCJSSE 1.84 cannot use EC keys from the JDK's key managers
            private final Provider bcjsse = new BouncyCastleJsseProvider(new BouncyCastleProvider());

            @Override
            SSLContext server(String protocol, KeyType keyType) throws GeneralSecurityException {
                KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX", bcjsse);
                keys.init(TestPki.keyStore(TestPki.leaf(keyType)), TestPki.PASSWORD);
                SSLContext context = SSLContext.getInstance(protocol, bcjsse);
                context.init(keys.getKeyManagers(), null, null);
                return context;
            }

            @Override
            SSLContext client(String protocol) throws GeneralSecurityException {
                TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX", bcjsse);
                trust.init(caStore());
                SSLContext context = SSLContext.getInstance(protocol, bcjsse);
                context.init(null, trust.getTrustManagers(), null);
                return context;
            }
        };

        abstract SSLContext server(String protocol, KeyType keyType) throws GeneralSecurityException;

        abstract SSLContext client(String protocol) throws GeneralSecurityException;
    }

    @Parameters(name = "{0} {1} {2}")
    public static List<Object[]> parameters() {
        List<Object[]> rows = new ArrayList<>();
        for (Peer peer : Peer.values()) {
            for (Object[] row : Peers.protocolsAndKeyTypes()) {
                rows.add(new Object[] {peer, row[0], row[1]});
            }
        }
        return rows;
    }

    @Parameter(0)
    public Peer peer;

    @Parameter(1)
    public String protocol;

    @Parameter(2)
    public KeyType keyType;

    @Test
    public void peerClientExchangesLinesWithOurServer() throws Exception {
        try (EchoServer server = EchoServer.overSocket(Peers.engineTlsServer(protocol, keyType), protocol)) {
            assertExchange(server, peer.client(protocol));
        }
    }

    @Test
    public void ourClientExchangesLinesWithPeerServer() throws Exception {
        try (EchoServer server = EchoServer.overSocket(peer.server(protocol, keyType), protocol)) {
            assertExchange(server, Peers.engineTlsClient(protocol));
        }
    }

    private void assertExchange(EchoServer server, SSLContext client) throws Exception {
        String line = "hello from " + peer + " " + protocol + " " + keyType;

        TlsLineClient.Exchange atClient = TlsLineClient.exchange(client, protocol, server.port(), line);
        EchoServer.Exchange atServer = server.await();

        assertEquals(EchoServer.answerTo(line), atClient.answer());
        assertEquals(line, atServer.received());
        assertEquals(protocol, atClient.protocol());
        assertEquals(protocol, atServer.protocol());
        assertEquals(atServer.cipherSuite(), atClient.cipherSuite());
    }

    private static KeyStore caStore() throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", TestPki.ca().certificate());
            return store;
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
