package org.enginetls.provider.tls;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

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

/**
 * A second connection from the same client context to the same host and port. The reliable
 * observable of an abbreviated handshake is that the server signs nothing (a counting engine sees
 * every signature); the session id and creation time confirm it where JSSE exposes them.
 */
public class SessionResumptionTest {

    private static final TlsPeers PEERS = TlsPeers.withSoftwareEngine();
    private static CountingEngine counting;

    @BeforeClass
    public static void countSignatures() throws Exception {
        counting = CountingEngine.overSoftware("counting");
        PEERS.core().registry().add(counting, 100, EngineOrigin.CLASS_PATH);
    }

    @Test
    public void tls12SecondConnectionResumesTheSessionWithoutSigning() throws Exception {
        SSLContext server = PEERS.server("TLSv1.2", TestPki.leaf(KeyType.EC_P256));
        SSLContext client = PEERS.client("TLSv1.2");
        EnginePair first = TlsPeers.pair(client, server).handshake();
        assertEquals("first", first.roundTrip("first"));
        long signatures = counting.count(OperationKind.SIGN);

        EnginePair second = TlsPeers.pair(client, server).handshake();

        assertEquals("second", second.roundTrip("second"));
        assertEquals("no signature in an abbreviated handshake", signatures, counting.count(OperationKind.SIGN));
        assertTrue(first.clientSession().getId().length > 0);
        assertArrayEquals(first.clientSession().getId(), second.clientSession().getId());
        assertArrayEquals(first.serverSession().getId(), second.serverSession().getId());
        assertEquals(first.clientSession().getCreationTime(), second.clientSession().getCreationTime());
    }

    /**
     * Pins a limitation of BCJSSE 1.84, not a choice of ours: its JSSE layer sends no TLS 1.3
     * NewSessionTicket and offers no resumption PSK, so every TLS 1.3 connection is a full handshake.
     * If a BouncyCastle upgrade adds TLS 1.3 resumption, this test fails and should be turned round.
     */
    @Test
    public void tls13SecondConnectionIsAFullHandshakeUnderBcJsse184() throws Exception {
        SSLContext server = PEERS.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256));
        SSLContext client = PEERS.client("TLSv1.3");
        EnginePair first = TlsPeers.pair(client, server).handshake();
        assertEquals("first", first.roundTrip("first"));
        long signatures = counting.count(OperationKind.SIGN);

        EnginePair second = TlsPeers.pair(client, server).handshake();

        assertEquals("second", second.roundTrip("second"));
        assertEquals("the server signs again", signatures + 1, counting.count(OperationKind.SIGN));
    }
}
