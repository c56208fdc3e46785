package org.enginetls.dasync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import org.enginetls.async.AsyncSSLEngine;
import org.enginetls.async.AsyncStatus;
import org.enginetls.engine.EngineException;
import org.enginetls.engine.SignRequest;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.tls.EngineTlsSSLEngine;
import org.enginetls.provider.testing.AsyncServerFixture;
import org.enginetls.provider.testing.DelegatingEngine;
import org.junit.Test;

/**
 * The async contract of {@code org.enginetls.async.AsyncSSLEngine}, status by status, with an engine
 * whose completions the test controls (and dasync for the injected failures and hangs).
 */
public class AsyncContractTest {

    @Test
    public void pausedJobReportsOkAndResumesAfterOneCallback() throws Exception {
        GatedEngine gate = new GatedEngine(0);
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);
        assertEquals("before any job", AsyncStatus.UNSUPPORTED, f.async.getAsyncStatus());

        SSLEngineResult result = f.deliverClientHello();

        assertEquals(SSLEngineResult.Status.OK, result.getStatus());
        assertEquals(HandshakeStatus.NEED_TASK, result.getHandshakeStatus());
        assertTrue("the ClientHello was taken", result.bytesConsumed() > 0);
        assertEquals(0, f.pendingToServer());
        assertTrue(f.async.isWaitingForAsync());
        assertEquals(AsyncStatus.OK, f.async.getAsyncStatus());
        assertEquals(HandshakeStatus.NEED_TASK, f.server.getHandshakeStatus());
        assertNull("nothing to run: the engine works", f.server.getDelegatedTask());
        assertTrue(f.notifications.isEmpty());

        gate.releaseOne();
        AsyncServerFixture.Notification notification = f.awaitNotification();
        assertSame(f.server, notification.engine());
        assertEquals(AsyncStatus.OK, notification.status());
        assertEquals(AsyncStatus.OK, f.async.asyncReady().toCompletableFuture()
                .get(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS));

        f.completeHandshake(gate::releaseAll);
        assertEquals("one callback per completion", 0, f.notifications.size());
        assertFalse(f.async.isWaitingForAsync());
        assertEquals(0, f.core.jobs().liveJobs());
    }

    @Test
    public void resumeBeforeCompletionPausesAgain() throws Exception {
        GatedEngine gate = new GatedEngine(0);
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);
        f.deliverClientHello();

        SSLEngineResult early = f.unwrapServer();
        SSLEngineResult earlyWrap = f.wrapServer();

        for (SSLEngineResult r : new SSLEngineResult[] {early, earlyWrap}) {
            assertEquals(HandshakeStatus.NEED_TASK, r.getHandshakeStatus());
            assertEquals(0, r.bytesConsumed());
            assertEquals(0, r.bytesProduced());
        }
        assertTrue(f.async.isWaitingForAsync());
        assertEquals(1, gate.submissions.get());
        assertFalse(f.async.asyncReady().toCompletableFuture().isDone());

        gate.releaseOne();
        f.awaitNotification();
        f.completeHandshake(gate::releaseAll);
    }

    @Test
    public void eagainInvokesCallbackAndNextCallResubmits() throws Exception {
        GatedEngine gate = new GatedEngine(1);
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);

        SSLEngineResult result = f.deliverClientHello();

        assertEquals(HandshakeStatus.NEED_TASK, result.getHandshakeStatus());
        assertEquals(AsyncStatus.EAGAIN, f.async.getAsyncStatus());
        AsyncServerFixture.Notification retry = f.notifications.poll(0, TimeUnit.SECONDS);
        assertTrue("the callback came during the call (the seed's step 3)", retry != null);
        assertEquals(AsyncStatus.EAGAIN, retry.status());
        assertEquals(1, gate.submissions.get());

        f.wrapServer();
        assertEquals("the resume resubmitted", 2, gate.submissions.get());
        assertEquals(AsyncStatus.OK, f.async.getAsyncStatus());
        gate.releaseOne();
        f.completeHandshake(gate::releaseAll);
        assertEquals(0, f.core.jobs().liveJobs());
    }

    @Test
    public void callbackMayAskTheEngineAboutItselfEvenDuringTheCall() throws Exception {
        GatedEngine gate = new GatedEngine(1);
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);
        List<String> seen = new CopyOnWriteArrayList<>();
        f.async.setAsyncCallback((engine, arg) -> {
            seen.add(engine.getHandshakeStatus() + " " + ((AsyncSSLEngine) engine).isWaitingForAsync());
            return true;
        });

        // the busy answer comes while the application is inside unwrap: the callback must not deadlock on it
        CompletableFuture<SSLEngineResult> call = CompletableFuture.supplyAsync(() -> {
            try {
                return f.deliverClientHello();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });

        assertEquals(HandshakeStatus.NEED_TASK, call.get(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS).getHandshakeStatus());
        assertEquals("the EAGAIN callback ran once the call had let go of the engine", List.of("NEED_TASK true"), seen);
    }

    @Test
    public void errFromEngineThrowsOnNextCallAndSendsAlert() throws Exception {
        GatedEngine gate = new GatedEngine(0);
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);
        f.deliverClientHello();

        gate.failOne(new EngineException("device error"));
        AsyncServerFixture.Notification notification = f.awaitNotification();

        assertEquals(AsyncStatus.ERR, notification.status());
        try {
            f.wrapServer();
            fail("the call after ERR must throw");
        } catch (SSLException expected) {
            // the handshake failed because the engine did
        }
        f.wrapServer();
        assertClientReceivesFatalAlert(f);
        assertEquals(0, f.core.jobs().liveJobs());
        assertEquals("no software fallback after ERR", 1, gate.submissions.get());
    }

    /**
     * dasync's own failure, handed to EngineTLS only once the job has paused (a relay holds it), so the
     * order of the events does not depend on dasync's latency.
     */
    @Test
    public void failEveryGivesErrExceptionAndAlert() throws Exception {
        DasyncEngine dasync = new DasyncEngine(DasyncSettings.from(Map.of("fail.every", "1", "operations", "sign", "latency.ms", "0")));
        List<CompletableFuture<byte[]>> fromDasync = new CopyOnWriteArrayList<>();
        List<CompletableFuture<byte[]>> relays = new CopyOnWriteArrayList<>();
        DelegatingEngine relay = new DelegatingEngine("dasync-relay", dasync) {
            @Override
            public CompletionStage<byte[]> sign(SignRequest request) {
                fromDasync.add(dasync.sign(request).toCompletableFuture());
                CompletableFuture<byte[]> held = new CompletableFuture<>();
                relays.add(held);
                return held;
            }
        };
        try {
            AsyncServerFixture f = new AsyncServerFixture(relay, RouterSettings.DEFAULTS);
            f.deliverClientHello();
            assertTrue(f.async.isWaitingForAsync());
            Throwable injected = fromDasync.get(0).handle((value, failure) -> failure)
                    .get(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS);
            relays.get(0).completeExceptionally(injected instanceof CompletionException ? injected.getCause() : injected);

            assertEquals(AsyncStatus.ERR, f.awaitNotification().status());
            try {
                f.unwrapServer();
                fail("the call after ERR must throw");
            } catch (SSLException expected) {
                // injected by fail.every
            }
            f.wrapServer();
            assertClientReceivesFatalAlert(f);
            assertEquals(0, dasync.pendingRequests());
            assertEquals(0, f.core.jobs().liveJobs());
        } finally {
            dasync.close();
        }
    }

    @Test
    public void hangEveryFailsTheJobAfterTheOperationTimeout() throws Exception {
        DasyncEngine dasync = new DasyncEngine(DasyncSettings.from(Map.of("hang.every", "1", "operations", "sign")));
        try {
            AsyncServerFixture f = new AsyncServerFixture(dasync, RouterSettings.DEFAULTS.withOperationTimeoutMillis(300));
            f.deliverClientHello();
            assertTrue(f.async.isWaitingForAsync());

            assertEquals(AsyncStatus.ERR, f.awaitNotification().status());
            try {
                f.wrapServer();
                fail("the call after the timeout must throw");
            } catch (SSLException expected) {
                assertTrue(String.valueOf(causes(expected)), causes(expected).contains("did not complete"));
            }
            assertEquals("the hung request was cancelled", 0, dasync.pendingRequests());
            assertEquals(0, f.core.jobs().liveJobs());
        } finally {
            dasync.close();
        }
    }

    @Test
    public void closingWhilePausedCancelsTheJobAndIgnoresLateCompletion() throws Exception {
        GatedEngine gate = new GatedEngine(0);
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);
        f.deliverClientHello();
        assertEquals(1, f.core.jobs().liveJobs());

        f.server.closeOutbound();

        assertFalse(f.async.isWaitingForAsync());
        assertEquals(0, f.core.jobs().liveJobs());
        assertTrue("the engine saw the cancellation", gate.oldestCancelled());
        // completing a stage runs its listeners on the completing thread: a wake for it would be queued by now
        gate.releaseOne();
        assertTrue("a late completion is ignored", f.notifications.isEmpty());
    }

    @Test
    public void callbackThatThrowsOrRefusesIsRecordedAndTheJobGoesOn() throws Exception {
        GatedEngine gate = new GatedEngine(0);
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);
        f.async.setAsyncCallback((engine, arg) -> {
            throw new IllegalStateException("application bug");
        });
        f.deliverClientHello();
        gate.releaseOne();
        f.async.asyncReady().toCompletableFuture().get(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1, ((EngineTlsSSLEngine) f.server).asyncCallbackFailures());

        f.async.setAsyncCallback((engine, arg) -> false);
        f.completeHandshake(gate::releaseAll);
        assertTrue(((EngineTlsSSLEngine) f.server).asyncCallbackFailures() >= 1);
    }

    @Test
    public void callbackSetLateReplacedOrClearedAppliesToTheNextNotification() throws Exception {
        GatedEngine gate = new GatedEngine(0);
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);
        f.async.setAsyncCallback(null);
        f.deliverClientHello();

        Object arg = new Object();
        f.async.setAsyncCallback(f.recordingCallback);
        f.async.setAsyncCallbackArg(arg);
        gate.releaseOne();
        assertSame("set after the pause, still called", arg, f.awaitNotification().arg());

        f.async.setAsyncCallback(null);
        f.async.setAsyncCallbackArg(null);
        f.completeHandshake(gate::releaseAll);
        assertTrue("cleared: no more callbacks", f.notifications.isEmpty());
    }

    /** The server's output ends in an alert the client (the JDK's provider) reports as fatal. */
    private static void assertClientReceivesFatalAlert(AsyncServerFixture f) {
        try {
            f.deliverServerOutputToClient();
            fail("the client must receive a fatal alert");
        } catch (SSLException expected) {
            assertTrue(causes(expected), causes(expected).toLowerCase().contains("alert"));
        }
    }

    private static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
