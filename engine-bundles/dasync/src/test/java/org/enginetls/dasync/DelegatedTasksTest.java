package org.enginetls.dasync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.testing.AsyncServerFixture;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.testing.EnginePair;
import org.junit.After;
import org.junit.Test;

/** Without async mode, handshake work is handed out as JSSE delegated tasks, unless that is turned off. */
public class DelegatedTasksTest {

    private final DasyncEngine dasync = new DasyncEngine(DasyncSettings.from(Map.of("latency.ms", "1")));
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @After
    public void stop() {
        executor.shutdownNow();
        dasync.close();
    }

    @Test
    public void handshakeRecordIsTakenAndItsWorkHandedOutAsOneTask() throws Exception {
        GatedEngine gate = new GatedEngine(0);
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);
        f.async.setAsyncMode(false);

        SSLEngineResult result = f.deliverClientHello();

        assertEquals(HandshakeStatus.NEED_TASK, result.getHandshakeStatus());
        assertTrue(result.bytesConsumed() > 0);
        Runnable task = f.server.getDelegatedTask();
        assertNotNull(task);
        assertNull("one task per piece of work", f.server.getDelegatedTask());
        assertEquals(HandshakeStatus.NEED_TASK, f.wrapServer().getHandshakeStatus());

        var done = executor.submit(task);
        assertTrue("the task submitted the signature", gate.awaitHeld(1));
        gate.releaseOne();
        done.get(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS);

        assertNotEquals(HandshakeStatus.NEED_TASK, f.server.getHandshakeStatus());
        f.completeHandshake(gate::releaseAll);
        assertTrue("no async notifications outside async mode", f.notifications.isEmpty());
    }

    @Test
    public void fullHandshakeWithDasyncThroughDelegatedTasks() throws Exception {
        EnginePair pair = pair(new ProviderSettings(true, RouterSettings.DEFAULTS)).handshake();
        assertEquals("hello", pair.roundTrip("hello"));
        assertTrue(dasync.completions() >= 4);
    }

    @Test
    public void withDelegatedTasksOffTheWorkRunsInsideUnwrap() throws Exception {
        ProviderSettings inline = new ProviderSettings(true, false, ProviderSettings.DEFAULT_MAX_JOBS, RouterSettings.DEFAULTS);
        EnginePair first = pair(inline);
        first.client().beginHandshake();
        assertNotEquals("the client's first flight ran inline", HandshakeStatus.NEED_TASK,
                first.client().getHandshakeStatus());
        assertNull(first.client().getDelegatedTask());

        pair(inline).handshake();
        assertTrue(dasync.completions() >= 4);
    }

    private EnginePair pair(ProviderSettings settings) throws Exception {
        ProviderCore core = new ProviderCore(settings);
        core.registry().add(dasync, dasync.ranking(), EngineOrigin.CLASS_PATH);
        EngineTlsProvider provider = new EngineTlsProvider(core);
        SSLContext server = SSLContext.getInstance("TLSv1.3", provider);
        server.init(TestPki.keyManagers("SunX509", TestPki.leaf(TestPki.KeyType.EC_P256)), null, null);
        SSLContext client = SSLContext.getInstance("TLSv1.3", provider);
        client.init(null, TestPki.trustManagers(), null);
        SSLEngine clientEngine = client.createSSLEngine("localhost", 443);
        clientEngine.setUseClientMode(true);
        SSLEngine serverEngine = server.createSSLEngine();
        serverEngine.setUseClientMode(false);
        return new EnginePair(clientEngine, serverEngine);
    }
}
