package org.enginetls.dasync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.enginetls.async.AsyncSSLEngine;
import org.enginetls.async.AsyncStatus;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.testing.AsyncEnginePair;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** Full handshakes in async mode, every asymmetric operation of both sides done by dasync. */
@RunWith(Parameterized.class)
public class AsyncHandshakeTest {

    @Parameters(name = "{0} {1}")
    public static Collection<Object[]> parameters() {
        return Arrays.asList(new Object[][] {
                {"TLSv1.3", TestPki.KeyType.EC_P256}, {"TLSv1.3", TestPki.KeyType.RSA_2048},
                {"TLSv1.3", TestPki.KeyType.ED25519}, {"TLSv1.2", TestPki.KeyType.EC_P256},
                {"TLSv1.2", TestPki.KeyType.RSA_2048}});
    }

    private final String protocol;
    private final TestPki.KeyType keyType;
    private final DasyncEngine dasync = new DasyncEngine(DasyncSettings.from(Map.of("latency.ms", "1")));
    private final ProviderCore core = new ProviderCore(new ProviderSettings(true, RouterSettings.DEFAULTS));

    public AsyncHandshakeTest(String protocol, TestPki.KeyType keyType) {
        this.protocol = protocol;
        this.keyType = keyType;
        core.registry().add(dasync, dasync.ranking(), EngineOrigin.CLASS_PATH);
    }

    @After
    public void stopDasync() {
        dasync.close();
    }

    @Test
    public void handshakePausesOnDasyncAndCompletesThroughCallbacks() throws Exception {
        EngineTlsProvider provider = new EngineTlsProvider(core);
        SSLContext serverContext = SSLContext.getInstance(protocol, provider);
        serverContext.init(TestPki.keyManagers("SunX509", TestPki.leaf(keyType)), TestPki.trustManagers(), null);
        SSLContext clientContext = SSLContext.getInstance(protocol, provider);
        clientContext.init(TestPki.keyManagers("SunX509", TestPki.leaf(keyType)), TestPki.trustManagers(), null);
        SSLEngine client = clientContext.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        server.setNeedClientAuth(true);

        AsyncEnginePair pair = new AsyncEnginePair(client, server).handshake();

        assertEquals(protocol, client.getSession().getProtocol());
        assertEquals(protocol, server.getSession().getProtocol());
        assertTrue("jobs paused on dasync", pair.pauses() > 0);
        assertTrue("callbacks woke the loop", pair.callbacks() > 0);
        assertTrue("dasync did the work", dasync.completions() >= 4);
        AsyncStatus last = ((AsyncSSLEngine) server).getAsyncStatus();
        assertTrue("no failure reported: " + last, last == AsyncStatus.OK || last == AsyncStatus.UNSUPPORTED);
        assertEquals("no job left", 0, core.jobs().liveJobs());
        assertEquals("no request left in dasync", 0, dasync.pendingRequests());
        for (String peer : List.of("client", "server")) {
            SSLEngine engine = peer.equals("client") ? client : server;
            assertTrue(peer + " not waiting", !((AsyncSSLEngine) engine).isWaitingForAsync());
        }
    }
}
