package org.enginetls.provider.tls;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.testing.EnginePair;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** Client authentication, required ("need") and optional ("want"), with the JDK's key and trust managers on both ends. */
@RunWith(Parameterized.class)
public class ClientAuthTest {

    private static final TlsPeers PEERS = TlsPeers.withSoftwareEngine();
    private static final Consumer<SSLParameters> NEED = parameters -> parameters.setNeedClientAuth(true);
    private static final Consumer<SSLParameters> WANT = parameters -> parameters.setWantClientAuth(true);

    @Parameters(name = "{0}")
    public static List<Object[]> cases() {
        return List.of(new Object[] {"TLSv1.3"}, new Object[] {"TLSv1.2"});
    }

    private final String protocol;

    public ClientAuthTest(String protocol) {
        this.protocol = protocol;
    }

    private SSLContext server() throws Exception {
        return PEERS.server(protocol, TestPki.leaf(KeyType.EC_P256));
    }

    private SSLContext clientWithCertificate() throws Exception {
        return PEERS.context(protocol, TestPki.keyManagers("PKIX", TestPki.leaf(KeyType.RSA_2048, "client")),
                TestPki.trustManagers());
    }

    @Test
    public void neededClientCertificateIsPresentedAndSeenByTheServer() throws Exception {
        EnginePair pair = TlsPeers.pair(clientWithCertificate(), server(), TlsPeers.DEFAULTS, NEED).handshake();

        assertArrayEquals(TestPki.leaf(KeyType.RSA_2048, "client").certificate().getEncoded(),
                pair.serverSession().getPeerCertificates()[0].getEncoded());
        assertEquals("CN=client", pair.serverSession().getPeerPrincipal().getName());
        assertEquals("ok", pair.roundTrip("ok"));
    }

    @Test
    public void neededClientCertificateMissingFailsTheHandshake() throws Exception {
        EnginePair pair = TlsPeers.pair(PEERS.client(protocol), server(), TlsPeers.DEFAULTS, NEED);

        assertThrows(SSLException.class, () -> {
            pair.handshake();
            pair.roundTrip("must not arrive");
        });
    }

    @Test
    public void wantedClientCertificateIsUsedWhenOffered() throws Exception {
        EnginePair pair = TlsPeers.pair(clientWithCertificate(), server(), TlsPeers.DEFAULTS, WANT).handshake();

        assertEquals("CN=client", pair.serverSession().getPeerPrincipal().getName());
        assertEquals("ok", pair.roundTrip("ok"));
    }

    @Test
    public void wantedClientCertificateMayBeMissing() throws Exception {
        EnginePair pair = TlsPeers.pair(PEERS.client(protocol), server(), TlsPeers.DEFAULTS, WANT).handshake();

        assertThrows(SSLPeerUnverifiedException.class, () -> pair.serverSession().getPeerPrincipal());
        assertEquals("ok", pair.roundTrip("ok"));
    }
}
