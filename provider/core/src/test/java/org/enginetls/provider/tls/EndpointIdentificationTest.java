package org.enginetls.provider.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.testing.EnginePair;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** HTTPS endpoint identification on the client checks the peer host against the server certificate. */
@RunWith(Parameterized.class)
public class EndpointIdentificationTest {

    private static final TlsPeers PEERS = TlsPeers.withSoftwareEngine();

    @Parameters(name = "{0}")
    public static List<Object[]> cases() {
        return List.of(new Object[] {"TLSv1.3"}, new Object[] {"TLSv1.2"});
    }

    private final String protocol;

    public EndpointIdentificationTest(String protocol) {
        this.protocol = protocol;
    }

    private EnginePair pairFor(String peerHost) throws Exception {
        SSLContext server = PEERS.server(protocol, TestPki.leaf(KeyType.EC_P256));
        return TlsPeers.pair(PEERS.client(protocol), peerHost, server,
                parameters -> parameters.setEndpointIdentificationAlgorithm("HTTPS"), TlsPeers.DEFAULTS);
    }

    @Test
    public void hostNameInTheCertificateIsAccepted() throws Exception {
        EnginePair pair = pairFor("localhost").handshake();

        assertEquals("ok", pair.roundTrip("ok"));
    }

    @Test
    public void hostNameNotInTheCertificateIsRejected() throws Exception {
        EnginePair pair = pairFor("not-in-the-certificate.example");

        SSLException failure = assertThrows(SSLException.class, pair::handshake);
        assertEquals(failure.toString(), false, failure.getMessage().contains("stalled"));
    }
}
