package org.enginetls.dasync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.enginetls.provider.testing.HandshakeMode;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.testing.EnginePair;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Key and trust managers are the application's: they are handed the engine the application holds,
 * in every mode, and what they ask it (the SNI of the handshake in progress, the handshake status) is
 * answered as it is now &mdash; also from inside an async job, whose getters otherwise answer from
 * the paused view and whose application thread may hold the engine while it waits for the job.
 */
@RunWith(Parameterized.class)
public class ManagersSeeTheApplicationsEngineTest {

    @Parameters(name = "{0} {1}")
    public static List<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        for (HandshakeMode mode : HandshakeMode.values()) {
            for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                cases.add(new Object[] {mode, protocol});
            }
        }
        return cases;
    }

    private final HandshakeMode mode;
    private final String protocol;
    private final DasyncPeers provider;

    public ManagersSeeTheApplicationsEngineTest(HandshakeMode mode, String protocol) {
        this.mode = mode;
        this.protocol = protocol;
        this.provider = new DasyncPeers(mode.settings());
    }

    @After
    public void stopDasync() {
        provider.close();
    }

    @Test
    public void keyManagerAndTrustManagerAreHandedTheEngineTheApplicationHolds() throws Exception {
        RecordingKeyManager keyManager = new RecordingKeyManager(
                (X509ExtendedKeyManager) TestPki.keyManagers("SunX509", TestPki.leaf(KeyType.EC_P256))[0]);
        RecordingTrustManager trustManager = new RecordingTrustManager((X509ExtendedTrustManager) TestPki.trustManagers()[0]);
        SSLContext server = provider.peers.context(protocol, new KeyManager[] {keyManager}, TestPki.trustManagers());
        SSLContext client = provider.peers.context(protocol, null, new TrustManager[] {trustManager});
        EnginePair engines = TlsPeers.pair(client, server,
                parameters -> parameters.setServerNames(List.of(new SNIHostName("www.example.org"))), TlsPeers.DEFAULTS);

        mode.handshake(engines).assertWentThisWay();

        assertSame("the key manager's engine", engines.server(), keyManager.engine);
        assertEquals("what the key manager read from that engine's handshake session",
                List.of(new SNIHostName("www.example.org")), keyManager.requestedServerNames);
        assertSame("the trust manager's engine", engines.client(), trustManager.engine);
        // what the application is told meanwhile: the work runs inline, or it is a task (delegated or a job)
        assertEquals("the handshake status the key manager read", mode == HandshakeMode.SYNCHRONOUS
                ? SSLEngineResult.HandshakeStatus.NEED_UNWRAP : SSLEngineResult.HandshakeStatus.NEED_TASK,
                keyManager.handshakeStatus);
    }

    /** Chooses as the JDK's manager does, remembering the engine and the SNI that engine reports. */
    private static final class RecordingKeyManager extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;
        volatile SSLEngine engine;
        volatile List<SNIServerName> requestedServerNames;
        volatile SSLEngineResult.HandshakeStatus handshakeStatus;

        RecordingKeyManager(X509ExtendedKeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            this.engine = engine;
            this.requestedServerNames = ((ExtendedSSLSession) engine.getHandshakeSession()).getRequestedServerNames();
            this.handshakeStatus = engine.getHandshakeStatus();
            return delegate.chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return delegate.chooseEngineClientAlias(keyTypes, issuers, engine);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return delegate.chooseClientAlias(keyTypes, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }

    /** Trusts as the JDK's PKIX manager does, remembering the engine it was handed. */
    private static final class RecordingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        volatile SSLEngine engine;

        RecordingTrustManager(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            this.engine = engine;
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
