package org.enginetls.provider.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.testing.EnginePair;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** An orderly close started by either side, after application data flowed, ends both directions on both engines. */
@RunWith(Parameterized.class)
public class CloseNotifyTest {

    private static final TlsPeers PEERS = TlsPeers.withSoftwareEngine();

    @Parameters(name = "{0}")
    public static List<Object[]> cases() {
        return List.of(new Object[] {"TLSv1.3"}, new Object[] {"TLSv1.2"});
    }

    private final String protocol;

    public CloseNotifyTest(String protocol) {
        this.protocol = protocol;
    }

    private EnginePair connected() throws Exception {
        EnginePair pair = TlsPeers.pair(PEERS.client(protocol), PEERS.server(protocol, TestPki.leaf(KeyType.EC_P256)))
                .handshake();
        assertEquals("before close", pair.roundTrip("before close"));
        return pair;
    }

    @Test
    public void clientCloseNotifyIsAnsweredByTheServer() throws Exception {
        EnginePair pair = connected();

        pair.closeFromClient();

        assertTrue(pair.client().isOutboundDone() && pair.client().isInboundDone());
        assertTrue(pair.server().isOutboundDone() && pair.server().isInboundDone());
    }

    @Test
    public void serverCloseNotifyIsAnsweredByTheClient() throws Exception {
        EnginePair pair = connected();

        pair.closeFromServer();

        assertTrue(pair.client().isOutboundDone() && pair.client().isInboundDone());
        assertTrue(pair.server().isOutboundDone() && pair.server().isInboundDone());
    }
}
