package org.enginetls.provider.tls;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.testing.EnginePair;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Every server key type the tests cover, held by the JDK's own key managers ({@code SunX509} and
 * {@code PKIX}), handshakes under both protocol versions. Plain BCJSSE 1.84 fails here with EC keys
 * ("found no selectable cipher suite"); EngineTLS must not.
 */
@RunWith(Parameterized.class)
public class ServerCredentialTest {

    private static final TlsPeers PEERS = TlsPeers.withSoftwareEngine();

    @Parameters(name = "{0} {1} {2}")
    public static List<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            for (KeyType keyType : KeyType.values()) {
                for (String keyManagerFactory : new String[] {"SunX509", "PKIX"}) {
                    cases.add(new Object[] {protocol, keyType, keyManagerFactory});
                }
            }
        }
        return cases;
    }

    private final String protocol;
    private final KeyType keyType;
    private final String keyManagerFactory;

    public ServerCredentialTest(String protocol, KeyType keyType, String keyManagerFactory) {
        this.protocol = protocol;
        this.keyType = keyType;
        this.keyManagerFactory = keyManagerFactory;
    }

    @Test
    public void serverWithJdkKeyManagerHandshakesAndPresentsItsCertificate() throws Exception {
        TestPki.Credential credential = TestPki.leaf(keyType);
        SSLContext server = PEERS.context(protocol, TestPki.keyManagers(keyManagerFactory, credential), null);
        SSLContext client = PEERS.client(protocol);

        EnginePair pair = TlsPeers.pair(client, server).handshake();

        assertEquals(protocol, pair.clientSession().getProtocol());
        assertEquals(protocol, pair.serverSession().getProtocol());
        assertArrayEquals(credential.certificate().getEncoded(), pair.clientSession().getPeerCertificates()[0].getEncoded());
        assertEquals("hello " + keyType, pair.roundTrip("hello " + keyType));
    }
}
