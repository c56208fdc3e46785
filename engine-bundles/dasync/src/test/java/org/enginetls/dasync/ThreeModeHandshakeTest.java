package org.enginetls.dasync;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.enginetls.provider.testing.HandshakeMode;
import org.enginetls.provider.testing.HandshakeMode.DrivenHandshake;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.Credential;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.junit.After;
import org.junit.Test;
import org.junit.experimental.runners.Enclosed;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * The same handshakes in each {@link HandshakeMode}: synchronous, delegated tasks, and async mode.
 * dasync is registered in every mode, so each handshake's asymmetric work really goes through an
 * engine that completes on its own thread; what differs is only who waits for it and how.
 */
@RunWith(Enclosed.class)
public class ThreeModeHandshakeTest {

    /** TLS 1.2 and 1.3 with RSA, EC and Ed25519 server certificates, without and with a required client certificate. */
    @RunWith(Parameterized.class)
    public static class FullHandshake {

        @Parameters(name = "{0} {1} {2} needClientAuth={3}")
        public static List<Object[]> cases() {
            List<Object[]> cases = new ArrayList<>();
            for (HandshakeMode mode : HandshakeMode.values()) {
                for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                    for (KeyType keyType : List.of(KeyType.RSA_2048, KeyType.EC_P256, KeyType.ED25519)) {
                        cases.add(new Object[] {mode, protocol, keyType, false});
                        cases.add(new Object[] {mode, protocol, keyType, true});
                    }
                }
            }
            return cases;
        }

        private final HandshakeMode mode;
        private final String protocol;
        private final KeyType keyType;
        private final boolean needClientAuth;
        private final DasyncPeers provider;

        public FullHandshake(HandshakeMode mode, String protocol, KeyType keyType, boolean needClientAuth) {
            this.mode = mode;
            this.protocol = protocol;
            this.keyType = keyType;
            this.needClientAuth = needClientAuth;
            this.provider = new DasyncPeers(mode.settings());
        }

        @After
        public void stopDasync() {
            provider.close();
        }

        @Test
        public void handshakeCompletesWithDasyncDoingTheWorkTheModesWay() throws Exception {
            Credential serverCredential = TestPki.leaf(keyType);
            Credential clientCredential = TestPki.leaf(keyType, "client");
            SSLContext server = provider.peers.server(protocol, serverCredential);
            SSLContext client = needClientAuth
                    ? provider.peers.context(protocol, TestPki.keyManagers("SunX509", clientCredential), TestPki.trustManagers())
                    : provider.peers.client(protocol);

            DrivenHandshake handshake = mode.handshake(TlsPeers.pair(client, server, TlsPeers.DEFAULTS,
                    parameters -> parameters.setNeedClientAuth(needClientAuth)));

            assertEquals(protocol, handshake.clientSession().getProtocol());
            assertEquals(protocol, handshake.serverSession().getProtocol());
            assertArrayEquals(serverCredential.certificate().getEncoded(),
                    handshake.clientSession().getPeerCertificates()[0].getEncoded());
            if (needClientAuth) {
                assertArrayEquals(clientCredential.certificate().getEncoded(),
                        handshake.serverSession().getPeerCertificates()[0].getEncoded());
            } else {
                assertThrows(SSLPeerUnverifiedException.class, () -> handshake.serverSession().getPeerCertificates());
            }
            assertEquals("hello in " + mode, handshake.roundTrip("hello in " + mode));
            handshake.assertWentThisWay();
            // key generation and agreement on both sides and the server's signature, plus the client's when asked for
            assertTrue("dasync did the work: " + provider.dasync.completions(),
                    provider.dasync.completions() >= (needClientAuth ? 6 : 5));
            assertEquals("no request left in dasync", 0, provider.dasync.pendingRequests());
            assertEquals("no job left", 0, provider.core.jobs().liveJobs());
        }
    }

    /**
     * A second connection from the same client context. An abbreviated handshake does no asymmetric
     * work at all, so dasync's completion count is the observable that it happened.
     */
    @RunWith(Parameterized.class)
    public static class Resumption {

        @Parameters(name = "{0}")
        public static List<Object[]> cases() {
            List<Object[]> cases = new ArrayList<>();
            for (HandshakeMode mode : HandshakeMode.values()) {
                cases.add(new Object[] {mode});
            }
            return cases;
        }

        private final HandshakeMode mode;
        private final DasyncPeers provider;

        public Resumption(HandshakeMode mode) {
            this.mode = mode;
            this.provider = new DasyncPeers(mode.settings());
        }

        @After
        public void stopDasync() {
            provider.close();
        }

        @Test
        public void tls12SecondConnectionResumesWithoutEngineWork() throws Exception {
            SSLContext server = provider.peers.server("TLSv1.2", TestPki.leaf(KeyType.EC_P256));
            SSLContext client = provider.peers.client("TLSv1.2");
            DrivenHandshake first = mode.handshake(TlsPeers.pair(client, server));
            assertEquals("first", first.roundTrip("first"));
            first.assertWentThisWay();
            long fullHandshakeWork = provider.dasync.completions();
            assertTrue(fullHandshakeWork >= 5);

            DrivenHandshake second = mode.handshake(TlsPeers.pair(client, server));

            assertEquals("second", second.roundTrip("second"));
            assertEquals("no engine work in an abbreviated handshake", fullHandshakeWork, provider.dasync.completions());
            assertTrue(first.clientSession().getId().length > 0);
            assertArrayEquals(first.clientSession().getId(), second.clientSession().getId());
            assertArrayEquals(first.serverSession().getId(), second.serverSession().getId());
            assertEquals(first.clientSession().getCreationTime(), second.clientSession().getCreationTime());
            assertEquals("no job left", 0, provider.core.jobs().liveJobs());
        }

        /** Pins BCJSSE 1.84's missing TLS 1.3 resumption (see SessionResumptionTest in the provider) in every mode. */
        @Test
        public void tls13SecondConnectionIsAFullHandshakeUnderBcJsse184() throws Exception {
            SSLContext server = provider.peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256));
            SSLContext client = provider.peers.client("TLSv1.3");
            DrivenHandshake first = mode.handshake(TlsPeers.pair(client, server));
            assertEquals("first", first.roundTrip("first"));
            long fullHandshakeWork = provider.dasync.completions();

            DrivenHandshake second = mode.handshake(TlsPeers.pair(client, server));

            assertEquals("second", second.roundTrip("second"));
            second.assertWentThisWay();
            assertTrue("the second handshake did its asymmetric work again",
                    provider.dasync.completions() >= 2 * fullHandshakeWork);
            assertEquals("no job left", 0, provider.core.jobs().liveJobs());
        }
    }
}
