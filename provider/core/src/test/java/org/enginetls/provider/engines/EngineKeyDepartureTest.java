package org.enginetls.provider.engines;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;

import org.enginetls.engine.EngineKey;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.RegistrySettings;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.HeldSignEngine;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.junit.After;
import org.junit.Test;

/** A handshake whose server key lives in an engine that leaves mid-signature fails with a clear SSLException. */
public class EngineKeyDepartureTest {

    private final ExecutorService handshakes = Executors.newSingleThreadExecutor();

    @After
    public void stop() throws Exception {
        handshakes.shutdownNow();
        assertTrue(handshakes.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** A handle to the server's key inside the engine {@code hsm}. */
    private record KeyHandle(String engineId) implements EngineKey {
        @Override
        public String getAlgorithm() {
            return "EC";
        }
    }

    /** Serves the test certificate with a key handle instead of the key. */
    private static final class HandleKeyManager extends X509ExtendedKeyManager {
        private final X509Certificate[] chain = TestPki.leaf(KeyType.EC_P256).chain();

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {"hsm"};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return "EC".equals(keyType) ? "hsm" : null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return chooseServerAlias(keyType, issuers, null);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return new KeyHandle("hsm");
        }
    }

    @Test
    public void handshakeSigningWithTheKeyOfAnEngineThatLeftFailsWithASslExceptionNamingTheEngine() throws Exception {
        ProviderCore core = new ProviderCore(new ProviderSettings(true, true, ProviderSettings.DEFAULT_MAX_JOBS,
                RouterSettings.DEFAULTS, new RegistrySettings(0, List.of())));
        HeldSignEngine hsm = new HeldSignEngine("hsm", CountingEngine.software());
        core.registry().add(hsm, 100, EngineOrigin.CLASS_PATH);
        TlsPeers peers = new TlsPeers(new EngineTlsProvider(core));
        SSLContext server = peers.context("TLSv1.3", new KeyManager[] {new HandleKeyManager()}, TestPki.trustManagers());
        SSLContext client = peers.client("TLSv1.3");
        Future<?> handshake = handshakes.submit(() -> TlsPeers.pair(client, server).handshake());
        assertTrue("the server's signature never reached the engine holding its key", hsm.awaitHeld(1));

        core.registry().remove(hsm);

        try {
            handshake.get(10, TimeUnit.SECONDS);
            fail("the handshake succeeded without the engine that holds the server's key");
        } catch (ExecutionException e) {
            assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof SSLException);
            Throwable cause = e.getCause();
            String messages = "";
            while (cause != null) {
                messages += cause + "\n";
                cause = cause.getCause();
            }
            assertTrue(messages, messages.contains("the engine 'hsm' that holds this key left before completing SIGN"));
        }
    }
}
