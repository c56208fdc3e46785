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
 * The client offers the group under test first ({@code SSLParameters.setNamedGroups}); the key
 * agreements a counting engine sees show which group was negotiated.
 *
 * <p>The client always lists {@code secp256r1} as well: BCJSSE turns every ECDSA signature scheme
 * off when no EC curve is enabled, and the test certificates are ECDSA-signed. Only the first
 * group's key share is sent, so the group under test is still the one used.
 */
@RunWith(Parameterized.class)
public class KeyExchangeTest {

    private static final TlsPeers PEERS = TlsPeers.withSoftwareEngine();
    private static CountingEngine counting;

    @BeforeClass
    public static void countAgreements() throws Exception {
        counting = CountingEngine.overSoftware("counting");
        PEERS.core().registry().add(counting, 100, EngineOrigin.CLASS_PATH);
    }

    @Parameters(name = "{0} {1}")
    public static List<Object[]> cases() {
        return List.of(
                new Object[] {"TLSv1.3", "x25519", "X25519"},
                new Object[] {"TLSv1.3", "secp256r1", "ECDH"},
                new Object[] {"TLSv1.2", "x25519", "X25519"},
                new Object[] {"TLSv1.2", "secp256r1", "ECDH"},
                new Object[] {"TLSv1.3", "X25519MLKEM768", "X25519"});
    }

    private final String protocol;
    private final String group;
    private final String agreement;

    public KeyExchangeTest(String protocol, String group, String agreement) {
        this.protocol = protocol;
        this.group = group;
        this.agreement = agreement;
    }

    @Test
    public void handshakeAgreesOnTheGroupTheClientOffersFirst() throws Exception {
        SSLContext server = PEERS.server(protocol, TestPki.leaf(KeyType.EC_P256));
        SSLContext client = PEERS.client(protocol);
        String[] groups = group.equals("secp256r1") ? new String[] {group} : new String[] {group, "secp256r1"};
        int before = counting.operations().size();

        EnginePair pair = TlsPeers.pair(client, server, parameters -> parameters.setNamedGroups(groups),
                TlsPeers.DEFAULTS).handshake();

        List<String> operations = counting.operations().subList(before, counting.operations().size());
        List<String> agreements = operations.stream().filter(op -> op.startsWith(OperationKind.AGREE + " ")).toList();
        assertEquals("one agreement per side: " + operations, 2, agreements.size());
        assertTrue(operations.toString(), agreements.stream().allMatch(op -> op.endsWith(" " + agreement)));
        boolean mlKemKeyGenerated = operations.stream().anyMatch(op -> op.startsWith(OperationKind.KEYGEN + " ML-KEM"));
        assertEquals("an ML-KEM key share exactly when the hybrid group is offered: " + operations,
                group.contains("MLKEM"), mlKemKeyGenerated);
        assertEquals(protocol, pair.serverSession().getProtocol());
        assertEquals("ok", pair.roundTrip("ok"));
    }

}
