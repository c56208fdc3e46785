package org.enginetls.provider.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.StandardConstants;

import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.testing.EnginePair;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** Server name indication and application-layer protocol negotiation, both protocol versions. */
@RunWith(Parameterized.class)
public class SniAndAlpnTest {

    private static final TlsPeers PEERS = TlsPeers.withSoftwareEngine();

    @Parameters(name = "{0}")
    public static List<Object[]> cases() {
        return List.of(new Object[] {"TLSv1.3"}, new Object[] {"TLSv1.2"});
    }

    private final String protocol;

    public SniAndAlpnTest(String protocol) {
        this.protocol = protocol;
    }

    @Test
    public void serverSeesTheRequestedHostName() throws Exception {
        AtomicReference<SNIServerName> matched = new AtomicReference<>();
        SNIMatcher matcher = new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
            @Override
            public boolean matches(SNIServerName name) {
                matched.set(name);
                return true;
            }
        };
        SSLContext server = PEERS.server(protocol, TestPki.leaf(KeyType.EC_P256));
        EnginePair pair = TlsPeers.pair(PEERS.client(protocol), server,
                parameters -> {
                    parameters.setServerNames(List.of(new SNIHostName("localhost")));
                    parameters.setApplicationProtocols(new String[] {"h2"});
                },
                parameters -> parameters.setSNIMatchers(List.of(matcher)));
        // BCJSSE answers getRequestedServerNames only on the handshake session, so ask during the handshake
        AtomicReference<List<SNIServerName>> requested = new AtomicReference<>();
        pair.server().setHandshakeApplicationProtocolSelector((engine, protocols) -> {
            requested.set(((ExtendedSSLSession) engine.getHandshakeSession()).getRequestedServerNames());
            return "h2";
        });

        pair.handshake();

        assertEquals(new SNIHostName("localhost"), matched.get());
        assertEquals(List.of(new SNIHostName("localhost")), requested.get());
    }

    @Test
    public void serverPicksItsPreferredApplicationProtocolFromTheClientsList() throws Exception {
        SSLContext server = PEERS.server(protocol, TestPki.leaf(KeyType.EC_P256));
        EnginePair pair = TlsPeers.pair(PEERS.client(protocol), server,
                parameters -> parameters.setApplicationProtocols(new String[] {"http/1.1", "h2"}),
                parameters -> parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"})).handshake();

        assertEquals("h2", pair.client().getApplicationProtocol());
        assertEquals("h2", pair.server().getApplicationProtocol());
    }

    @Test
    public void selectorCallbackChoosesTheProtocolAndSeesTheOuterEngine() throws Exception {
        SSLContext server = PEERS.server(protocol, TestPki.leaf(KeyType.EC_P256));
        EnginePair pair = TlsPeers.pair(PEERS.client(protocol), server,
                parameters -> parameters.setApplicationProtocols(new String[] {"h2", "http/1.1", "spdy/3"}),
                TlsPeers.DEFAULTS);
        AtomicReference<SSLEngine> calledWith = new AtomicReference<>();
        AtomicReference<List<String>> offered = new AtomicReference<>();
        pair.server().setHandshakeApplicationProtocolSelector((engine, protocols) -> {
            calledWith.set(engine);
            offered.set(List.copyOf(protocols));
            return "http/1.1";
        });

        pair.handshake();

        assertSame(pair.server(), calledWith.get());
        assertEquals(List.of("h2", "http/1.1", "spdy/3"), offered.get());
        assertEquals("http/1.1", pair.client().getApplicationProtocol());
        assertEquals("http/1.1", pair.server().getApplicationProtocol());
    }
}
