package org.enginetls.provider.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import javax.net.ssl.SSLContext;

import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.testing.EnginePair;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Each AEAD cipher suite of TLS 1.3 and the ECDHE AEAD suites of TLS 1.2 are negotiated when the
 * client offers only that suite, and its record cipher comes from the routed engine.
 */
@RunWith(Parameterized.class)
public class CipherSuiteTest {

    private static final TlsPeers PEERS = TlsPeers.withSoftwareEngine();
    private static CountingEngine counting;

    @BeforeClass
    public static void countCiphers() throws Exception {
        counting = CountingEngine.overSoftware("counting");
        PEERS.core().registry().add(counting, 100, EngineOrigin.CLASS_PATH);
    }

    private static final String GCM = "AES/GCM/NoPadding";
    /**
     * The engine's one-cipher ChaCha20-Poly1305 (the JDK's, under the software engine), not the
     * composition of a ChaCha7539 cipher and a Poly1305 MAC that BCJSSE builds by itself.
     */
    private static final String CHACHA = "ChaCha20-Poly1305";

    @Parameters(name = "{1}")
    public static List<Object[]> cases() {
        return List.of(
                new Object[] {"TLSv1.3", "TLS_AES_128_GCM_SHA256", KeyType.EC_P256, GCM},
                new Object[] {"TLSv1.3", "TLS_AES_256_GCM_SHA384", KeyType.EC_P256, GCM},
                new Object[] {"TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256", KeyType.EC_P256, CHACHA},
                new Object[] {"TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", KeyType.EC_P256, GCM},
                new Object[] {"TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", KeyType.EC_P256, GCM},
                new Object[] {"TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", KeyType.EC_P256, CHACHA},
                new Object[] {"TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", KeyType.RSA_2048, GCM},
                new Object[] {"TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", KeyType.RSA_2048, GCM},
                new Object[] {"TLSv1.2", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", KeyType.RSA_2048, CHACHA});
    }

    private final String protocol;
    private final String suite;
    private final KeyType keyType;
    private final String transformation;

    public CipherSuiteTest(String protocol, String suite, KeyType keyType, String transformation) {
        this.protocol = protocol;
        this.suite = suite;
        this.keyType = keyType;
        this.transformation = transformation;
    }

    @Test
    public void suiteOfferedAloneIsNegotiatedWithRoutedRecordCipher() throws Exception {
        SSLContext server = PEERS.server(protocol, TestPki.leaf(keyType));
        SSLContext client = PEERS.client(protocol);
        int before = counting.algorithms(OperationKind.CIPHER).size();

        EnginePair pair = TlsPeers.pair(client, server,
                parameters -> parameters.setCipherSuites(new String[] {suite}), TlsPeers.DEFAULTS).handshake();

        assertEquals(suite, pair.clientSession().getCipherSuite());
        assertEquals(suite, pair.serverSession().getCipherSuite());
        assertEquals(protocol, pair.clientSession().getProtocol());
        String text = "x".repeat(20_000);
        assertEquals(text, pair.roundTrip(text));
        List<String> ciphers = counting.algorithms(OperationKind.CIPHER);
        List<String> created = ciphers.subList(before, ciphers.size());
        assertTrue("record ciphers " + created, !created.isEmpty()
                && created.stream().allMatch(transformation::equalsIgnoreCase));
    }
}
