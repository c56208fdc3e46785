package org.enginetls.dasync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.testing.AsyncServerFixture;
import org.junit.After;
import org.junit.Test;

/**
 * An event loop asks a connection whether it is done before it decides what to do with it; while
 * the connection's job waits for an engine that question must be answered, not block until the job
 * is resumed (which only the asking loop would do).
 */
public class PausedEngineQueriesTest {

    private final ExecutorService asker = Executors.newSingleThreadExecutor();

    @After
    public void stopAsker() throws InterruptedException {
        asker.shutdownNow();
        asker.awaitTermination(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    public void inboundAndOutboundDoneAnswerWhileAJobWaits() throws Exception {
        GatedEngine gate = new GatedEngine(0);
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);
        f.deliverClientHello();
        assertTrue(f.async.isWaitingForAsync());

        CompletableFuture<Boolean> inboundDone = CompletableFuture.supplyAsync(f.server::isInboundDone, asker);
        CompletableFuture<Boolean> outboundDone = CompletableFuture.supplyAsync(f.server::isOutboundDone, asker);

        assertFalse(inboundDone.get(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS));
        assertFalse(outboundDone.get(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue("still waiting", f.async.isWaitingForAsync());

        gate.releaseOne();
        f.awaitNotification();
        f.completeHandshake(gate::releaseAll);
        assertFalse(f.server.isOutboundDone());
        assertEquals(0, f.core.jobs().liveJobs());
    }

    @Test
    public void gettersAnswerAndSettersRefuseWhileAJobWaits() throws Exception {
        GatedEngine gate = new GatedEngine(0);
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);
        String[] protocolsBefore = f.server.getEnabledProtocols();
        f.deliverClientHello();
        assertTrue(f.async.isWaitingForAsync());

        CompletableFuture<String> answers = CompletableFuture.supplyAsync(() -> f.server.getUseClientMode() + " "
                + f.server.getNeedClientAuth() + " " + String.join(",", f.server.getEnabledProtocols()) + " "
                + (f.server.getSSLParameters().getCipherSuites().length > 0) + " "
                + (f.server.getHandshakeSession() != null) + " " + f.server.getHandshakeApplicationProtocol(), asker);

        // the view is the engine as the job found it: before the ClientHello there was no handshake session
        assertEquals("false false " + String.join(",", protocolsBefore) + " true false null",
                answers.get(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS));
        try {
            f.server.setNeedClientAuth(true);
            fail("a setter cannot reach the engine while the job holds it");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("async job waits"));
        }

        gate.releaseOne();
        f.awaitNotification();
        f.completeHandshake(gate::releaseAll);
        f.server.setNeedClientAuth(false);
    }
}
