package org.enginetls.pool;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.shell.EngineTable;
import org.enginetls.provider.testing.HandshakeMode;
import org.enginetls.provider.testing.HandshakeMode.DrivenHandshake;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.Credential;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.runtime.EngineDTO;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * TLS 1.3 and 1.2 handshakes with RSA and EC server keys in each {@link HandshakeMode}, the pool
 * engine doing every asymmetric operation on its workers; its counters and the status DTO prove it.
 */
@RunWith(Parameterized.class)
public class PoolHandshakeTest {

    @Parameters(name = "{0} {1} {2}")
    public static List<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        for (HandshakeMode mode : HandshakeMode.values()) {
            for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                for (KeyType keyType : List.of(KeyType.RSA_2048, KeyType.EC_P256)) {
                    cases.add(new Object[] {mode, protocol, keyType});
                }
            }
        }
        return cases;
    }

    private final HandshakeMode mode;
    private final String protocol;
    private final KeyType keyType;
    private final PoolPeers provider;

    public PoolHandshakeTest(HandshakeMode mode, String protocol, KeyType keyType) {
        this.mode = mode;
        this.protocol = protocol;
        this.keyType = keyType;
        this.provider = new PoolPeers(mode.settings(), new PoolEngine(PoolSettings.from(Map.of("threads", "2"))));
    }

    @After
    public void stopPool() throws InterruptedException {
        provider.close();
        assertTrue("the pool's threads ended", Threads.awaitNoneNamed(provider.pool.threadNamePrefix()));
    }

    @Test
    public void poolWorkersSignTheHandshakeInEveryMode() throws Exception {
        Credential serverCredential = TestPki.leaf(keyType);
        SSLContext server = provider.peers.server(protocol, serverCredential);
        SSLContext client = provider.peers.client(protocol);
        long signaturesBefore = provider.pool.completions();

        DrivenHandshake handshake = mode.handshake(TlsPeers.pair(client, server));

        assertEquals(protocol, handshake.clientSession().getProtocol());
        assertArrayEquals(serverCredential.certificate().getEncoded(),
                handshake.clientSession().getPeerCertificates()[0].getEncoded());
        assertEquals("hello in " + mode, handshake.roundTrip("hello in " + mode));
        handshake.assertWentThisWay();
        // key shares and agreement on both sides, the server's signature and the client's check of it
        assertTrue("the pool did the handshake's work: " + provider.pool.completions(),
                provider.pool.completions() - signaturesBefore >= 5);
        assertTrue("the server's signature was made by a worker", provider.pool.completions(OperationKind.SIGN) >= 1);
        assertEquals("no operation left in the pool", 0, provider.pool.pendingRequests());
        assertEquals("no job left", 0, provider.core.jobs().liveJobs());

        EngineDTO status = provider.status();
        // status.async is not asserted: a worker may finish before the router looks at the stage
        assertEquals(0, status.failed);
        assertEquals(status.completed, provider.pool.completions());
        assertEquals(2, status.properties.get("threads"));
        assertEquals(PoolSettings.DEFAULT_QUEUE_CAPACITY, status.properties.get("queue.capacity"));
        assertEquals(0L, status.properties.get("rejected"));
        assertTrue(status.properties.containsKey("utilisation"));
        String details = EngineTable.details(status, false);
        assertTrue("enginetls:engine pool shows the figures:\n" + details,
                details.contains("queue.capacity") && details.contains("utilisation"));
    }
}
