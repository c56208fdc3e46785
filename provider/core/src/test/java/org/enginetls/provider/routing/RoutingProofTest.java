package org.enginetls.provider.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import javax.net.ssl.SSLContext;

import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.testing.EnginePair;
import org.junit.Test;

/**
 * The crypto of a real TLS handshake goes through the engine registered above the software engine,
 * and stops going there once the engine is removed.
 *
 * <p>What the counts prove: submitted operations (sign, verify, agree, key generation) ran on the
 * counting engine; for inline primitives (record ciphers, MACs, digests) they prove the TLS stack's
 * objects were created by it. The counting engine's ciphers are the JDK's, so their use per record is
 * not counted; the round trip shows the records those ciphers protected were readable.
 */
public class RoutingProofTest {

    @Test
    public void handshakeCryptoGoesThroughTheHigherRankedEngineUntilItIsRemoved() throws Exception {
        TlsPeers peers = TlsPeers.withSoftwareEngine();
        CountingEngine counting = CountingEngine.overSoftware("counting");
        RegisteredEngine registered = peers.core().registry().add(counting, 100, EngineOrigin.CLASS_PATH);
        SSLContext server = peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256));
        SSLContext client = peers.client("TLSv1.3");

        EnginePair pair = TlsPeers.pair(client, server).handshake();
        assertEquals("through the engine", pair.roundTrip("through the engine"));

        Map<OperationKind, Long> counts = counting.counts();
        assertEquals("the server's one CertificateVerify signature: " + counts, 1L, (long) counts.get(OperationKind.SIGN));
        // the certificate chain is checked by the JDK's PKIX trust manager, which the router does not see
        assertEquals("the client verifies the CertificateVerify signature: " + counts, 1L,
                (long) counts.get(OperationKind.VERIFY));
        assertTrue("key shares (BCJSSE's client offers two): " + counts, counts.get(OperationKind.KEYGEN) >= 2);
        assertEquals("one agreement per side: " + counts, 2L, (long) counts.get(OperationKind.AGREE));
        assertTrue("record ciphers for both directions on both sides: " + counts, counts.get(OperationKind.CIPHER) >= 4);
        assertTrue("HKDF and Finished MACs: " + counts, counts.get(OperationKind.MAC) > 0);
        assertTrue("transcript hashes: " + counts, counts.get(OperationKind.DIGEST) > 0);
        assertEquals("nothing left in flight", 0, registered.statistics().inFlight());

        peers.core().registry().remove(counting);
        SSLContext laterServer = peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256));
        SSLContext laterClient = peers.client("TLSv1.3");
        EnginePair later = TlsPeers.pair(laterClient, laterServer).handshake();

        assertEquals("through software", later.roundTrip("through software"));
        assertEquals("nothing reaches a removed engine", counts, counting.counts());
    }

    @Test
    public void tls12RsaKeyExchangeSignatureAndCiphersGoThroughTheEngine() throws Exception {
        TlsPeers peers = TlsPeers.withSoftwareEngine();
        CountingEngine counting = CountingEngine.overSoftware("counting");
        peers.core().registry().add(counting, 100, EngineOrigin.CLASS_PATH);

        EnginePair pair = TlsPeers.pair(peers.client("TLSv1.2"), peers.server("TLSv1.2", TestPki.leaf(KeyType.RSA_2048)))
                .handshake();

        assertEquals("ok", pair.roundTrip("ok"));
        Map<OperationKind, Long> counts = counting.counts();
        assertEquals("the ServerKeyExchange signature: " + counts, 1L, (long) counts.get(OperationKind.SIGN));
        assertEquals(counts.toString(), 2L, (long) counts.get(OperationKind.AGREE));
        assertTrue(counts.toString(), counts.get(OperationKind.CIPHER) >= 2);
    }
}
