package org.enginetls.provider.engines;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.enginetls.engine.EngineHealth;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.DelegatingEngine;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.testing.AsyncEnginePair;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * A server whose key managers came up empty because the engine holding its keys has failed (a token
 * with a wrong PIN offers an empty key store) fails the handshake with an SSLException naming that
 * engine and its reason, through the SSLEngine (in async mode too) and the socket, instead of only "no selectable cipher suite".
 */
public class FailedEngineKeyHandshakeTest {

    private static final String REASON = "the token 'web' rejected the PIN; give the token's user PIN in 'pin'";

    /** An engine that holds keys (its key store) but cannot open them, as a token engine with a wrong PIN. */
    private static final class FailedTokenEngine extends DelegatingEngine {
        private final boolean holdsKeys;

        FailedTokenEngine(String id, boolean holdsKeys) throws GeneralSecurityException {
            super(id, CountingEngine.software());
            this.holdsKeys = holdsKeys;
        }

        @Override
        public EngineHealth health() {
            return EngineHealth.failed(REASON);
        }

        @Override
        public KeyStore keyStore() {
            if (!holdsKeys) {
                return null;
            }
            try {
                KeyStore empty = KeyStore.getInstance("PKCS12");
                empty.load(null, null);
                return empty;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final ExecutorService server = Executors.newSingleThreadExecutor();
    private ProviderCore core;
    private TlsPeers peers;

    @Before
    public void provider() {
        core = new ProviderCore(ProviderSettings.DEFAULTS);
        peers = new TlsPeers(new EngineTlsProvider(core));
    }

    @After
    public void stop() throws Exception {
        server.shutdownNow();
        assertTrue(server.awaitTermination(10, TimeUnit.SECONDS));
    }

    private void register(FailedTokenEngine engine) {
        core.registry().add(engine, 100, EngineOrigin.CLASS_PATH);
    }

    /** A server context whose key manager is the JDK's over the failed engine's (empty) key store. */
    private SSLContext serverOverEmptyKeyStore() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509", "SunJSSE");
        keyManagers.init(keys, new char[0]);
        return peers.context("TLSv1.3", keyManagers.getKeyManagers(), TestPki.trustManagers());
    }

    private static String messages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t).append('\n');
        }
        return messages.toString();
    }

    @Test
    public void engineHandshakeWithoutAKeyNamesTheFailedEngineHoldingKeysAndItsReason() throws Exception {
        register(new FailedTokenEngine("pkcs11", true));

        SSLException failure = assertThrows(SSLException.class,
                () -> TlsPeers.pair(peers.client("TLSv1.3"), serverOverEmptyKeyStore()).handshake());

        String messages = messages(failure);
        assertTrue(messages, failure.getMessage().contains("engine 'pkcs11' has failed: " + REASON));
        assertTrue("BouncyCastle's own verdict stays as the cause: " + messages, messages.contains("no selectable cipher suite"));
    }

    @Test
    public void asyncModeHandshakeWithoutAKeyNamesTheFailedEngineHoldingKeysAndItsReason() throws Exception {
        register(new FailedTokenEngine("pkcs11", true));
        SSLEngine serverEngine = serverOverEmptyKeyStore().createSSLEngine();
        serverEngine.setUseClientMode(false);
        SSLEngine clientEngine = peers.client("TLSv1.3").createSSLEngine("localhost", 443);
        clientEngine.setUseClientMode(true);

        Exception failure = assertThrows(Exception.class, () -> new AsyncEnginePair(clientEngine, serverEngine).handshake());

        assertTrue(messages(failure), failure instanceof SSLException);
        assertTrue(messages(failure), failure.getMessage().contains("engine 'pkcs11' has failed: " + REASON));
    }

    @Test
    public void socketHandshakeWithoutAKeyNamesTheFailedEngineHoldingKeysAndItsReason() throws Exception {
        register(new FailedTokenEngine("pkcs11", true));
        SSLContext context = serverOverEmptyKeyStore();

        try (SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<SSLException> accepted = server.submit(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.setSoTimeout(10_000);
                    return assertThrows(SSLException.class, socket::startHandshake);
                }
            });
            try (SSLSocket client = (SSLSocket) peers.client("TLSv1.3").getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.setSoTimeout(10_000);
                // BouncyCastle's client socket reports the server's alert as a plain IOException
                assertThrows(IOException.class, client::startHandshake);
            }
            SSLException failure = accepted.get(10, TimeUnit.SECONDS);

            assertTrue(messages(failure), failure.getMessage().contains("engine 'pkcs11' has failed: " + REASON));
        }
    }

    @Test
    public void aFailedEngineWithoutKeysIsNotNamed() throws Exception {
        register(new FailedTokenEngine("accelerator", false));

        SSLException failure = assertThrows(SSLException.class,
                () -> TlsPeers.pair(peers.client("TLSv1.3"), serverOverEmptyKeyStore()).handshake());

        assertFalse(messages(failure), messages(failure).contains("accelerator"));
    }

    @Test
    public void aHandshakeFailingBeforeTheKeySearchIsNotToldAboutTheFailedEngine() throws Exception {
        register(new FailedTokenEngine("pkcs11", true));
        SSLContext server = peers.server("TLSv1.3", TestPki.leaf(TestPki.KeyType.EC_P256));

        SSLException failure = assertThrows(SSLException.class, () -> TlsPeers.pair(peers.client("TLSv1.3"), server,
                client -> client.setProtocols(new String[] {"TLSv1.2"}),
                serverSide -> serverSide.setProtocols(new String[] {"TLSv1.3"})).handshake());

        assertFalse(messages(failure), messages(failure).contains("pkcs11"));
    }
}
