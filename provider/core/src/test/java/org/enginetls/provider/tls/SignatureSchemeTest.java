package org.enginetls.provider.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.function.Predicate;

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
 * The client restricts the signature schemes it accepts ({@code SSLParameters.setSignatureSchemes});
 * the server must sign its handshake with the one scheme its key allows. JSSE does not expose the
 * negotiated scheme, so a counting engine records the algorithm of the one signature the server makes.
 *
 * <p>The client always also accepts {@code ecdsa_secp256r1_sha256}: BCJSSE applies the list to the
 * certificate chain as well, and the test CA signs with ECDSA P-256.
 */
@RunWith(Parameterized.class)
public class SignatureSchemeTest {

    private static final TlsPeers PEERS = TlsPeers.withSoftwareEngine();
    private static CountingEngine counting;

    @BeforeClass
    public static void countSignatures() throws Exception {
        counting = CountingEngine.overSoftware("counting");
        PEERS.core().registry().add(counting, 100, EngineOrigin.CLASS_PATH);
    }

    private static final Predicate<String> PSS = algorithm -> algorithm.contains("MGF1") || algorithm.contains("PSS");
    private static final Predicate<String> PKCS1 = algorithm -> algorithm.contains("RSA") && !PSS.test(algorithm);
    private static final Predicate<String> ECDSA = algorithm -> algorithm.toUpperCase().contains("ECDSA");
    private static final Predicate<String> EDDSA = algorithm -> algorithm.equalsIgnoreCase("Ed25519");

    @Parameters(name = "{0} {1} {2}")
    public static List<Object[]> cases() {
        return List.of(
                new Object[] {"TLSv1.2", KeyType.RSA_2048, "rsa_pkcs1_sha256", PKCS1},
                new Object[] {"TLSv1.2", KeyType.RSA_2048, "rsa_pss_rsae_sha256", PSS},
                new Object[] {"TLSv1.3", KeyType.RSA_2048, "rsa_pss_rsae_sha256", PSS},
                new Object[] {"TLSv1.2", KeyType.EC_P256, "ecdsa_secp256r1_sha256", ECDSA},
                new Object[] {"TLSv1.3", KeyType.EC_P256, "ecdsa_secp256r1_sha256", ECDSA},
                new Object[] {"TLSv1.2", KeyType.EC_P384, "ecdsa_secp384r1_sha384", ECDSA},
                new Object[] {"TLSv1.3", KeyType.EC_P384, "ecdsa_secp384r1_sha384", ECDSA},
                new Object[] {"TLSv1.2", KeyType.ED25519, "ed25519", EDDSA},
                new Object[] {"TLSv1.3", KeyType.ED25519, "ed25519", EDDSA});
    }

    private final String protocol;
    private final KeyType keyType;
    private final String scheme;
    private final Predicate<String> expectedSignature;

    public SignatureSchemeTest(String protocol, KeyType keyType, String scheme, Predicate<String> expectedSignature) {
        this.protocol = protocol;
        this.keyType = keyType;
        this.scheme = scheme;
        this.expectedSignature = expectedSignature;
    }

    @Test
    public void serverSignsWithTheOnlySchemeTheClientAcceptsForItsKey() throws Exception {
        SSLContext server = PEERS.server(protocol, TestPki.leaf(keyType));
        SSLContext client = PEERS.client(protocol);
        int before = counting.algorithms(OperationKind.SIGN).size();

        EnginePair pair = TlsPeers.pair(client, server,
                parameters -> parameters.setSignatureSchemes(new String[] {scheme, "ecdsa_secp256r1_sha256"}),
                TlsPeers.DEFAULTS).handshake();

        List<String> signatures = counting.algorithms(OperationKind.SIGN);
        List<String> made = signatures.subList(before, signatures.size());
        assertEquals("one handshake signature, by the server: " + made, 1, made.size());
        assertTrue(scheme + " signed as " + made.get(0), expectedSignature.test(made.get(0)));
        assertEquals(protocol, pair.clientSession().getProtocol());
        assertEquals("ok", pair.roundTrip("ok"));
    }
}
