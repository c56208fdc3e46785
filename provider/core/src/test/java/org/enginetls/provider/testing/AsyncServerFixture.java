package org.enginetls.provider.testing;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import org.enginetls.async.AsyncCallback;
import org.enginetls.async.AsyncStatus;
import org.enginetls.async.AsyncSSLEngine;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;

/**
 * An EngineTLS server engine in async mode with one engine of the test's choosing, and a client of
 * the JDK's own provider, connected in memory. The test drives the steps; the fixture records
 * every callback (with the status seen inside it) on a queue.
 */
public final class AsyncServerFixture {

    public static final long WAIT_SECONDS = 20;

    /** A callback invocation and the status the engine reported at that moment. */
    public record Notification(SSLEngine engine, Object arg, AsyncStatus status) {
    }

    public final ProviderCore core;
    public final SSLEngine server;
    public final AsyncSSLEngine async;
    public final SSLEngine client;
    public final BlockingQueue<Notification> notifications = new LinkedBlockingQueue<>();
    public final AsyncCallback recordingCallback;
    private final ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer app = ByteBuffer.allocate(1 << 16);

    public AsyncServerFixture(CryptoEngine engine, RouterSettings router) throws Exception {
        core = new ProviderCore(new ProviderSettings(true, true, ProviderSettings.DEFAULT_MAX_JOBS, router));
        core.registry().add(engine, 100, EngineOrigin.CLASS_PATH);
        SSLContext serverContext = SSLContext.getInstance("TLSv1.3", new EngineTlsProvider(core));
        serverContext.init(TestPki.keyManagers("SunX509", TestPki.leaf(TestPki.KeyType.EC_P256)), null, null);
        server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        async = (AsyncSSLEngine) server;
        async.setAsyncMode(true);
        recordingCallback = (e, arg) -> notifications.add(new Notification(e, arg, ((AsyncSSLEngine) e).getAsyncStatus()));
        async.setAsyncCallback(recordingCallback);
        SSLContext clientContext = SSLContext.getInstance("TLSv1.3", "SunJSSE");
        clientContext.init(null, TestPki.trustManagers(), null);
        client = clientContext.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
    }

    /** Has the client send its first flight to the server; returns the server's result. */
    public SSLEngineResult deliverClientHello() throws Exception {
        client.beginHandshake();
        wrapClient();
        return unwrapServer();
    }

    public SSLEngineResult unwrapServer() throws SSLException {
        toServer.flip();
        try {
            return server.unwrap(toServer, app);
        } finally {
            toServer.compact();
        }
    }

    public SSLEngineResult wrapServer() throws SSLException {
        return server.wrap(ByteBuffer.allocate(0), toClient);
    }

    public int pendingToServer() {
        return toServer.position();
    }

    /** Wraps all the server has to send and hands it to the client; the client's exception propagates. */
    public void deliverServerOutputToClient() throws SSLException {
        for (int i = 0; i < 16 && wrapServer().bytesProduced() > 0; i++) {
            // drain: BCJSSE may queue several records (a ServerHello, then the alert)
        }
        for (int i = 0; i < 64 && toClient.position() > 0; i++) {
            if (client.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                client.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(1 << 17));
            }
            unwrapClient();
        }
    }

    /** Bytes the server has written for the client, taken out of the pipe. */
    public byte[] takeServerOutput() {
        toClient.flip();
        byte[] bytes = new byte[toClient.remaining()];
        toClient.get(bytes);
        toClient.clear();
        return bytes;
    }

    public Notification awaitNotification() throws InterruptedException {
        Notification notification = notifications.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (notification == null) {
            throw new AssertionError("no async callback within " + WAIT_SECONDS + " s");
        }
        return notification;
    }

    /**
     * Drives both sides until the handshake is done, waiting on the callback queue whenever the
     * server waits for its engine. {@code whilePaused} runs each time the server pauses.
     */
    public void completeHandshake(Runnable whilePaused) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!(done(client) && done(server))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("handshake stalled: client " + client.getHandshakeStatus()
                        + ", server " + server.getHandshakeStatus());
            }
            if (async.isWaitingForAsync()) {
                // resume first: the notification for this wait may already have been taken
                wrapServer();
                if (async.isWaitingForAsync()) {
                    whilePaused.run();
                    awaitNotification();
                }
                continue;
            }
            runClientTasks();
            Runnable serverTask;
            while ((serverTask = server.getDelegatedTask()) != null) {
                serverTask.run();
            }
            if (client.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                wrapClient();
            }
            if (pendingToServer() > 0) {
                unwrapServer();
            }
            if (server.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                wrapServer();
            }
            if (toClient.position() > 0) {
                unwrapClient();
            }
        }
    }

    private void wrapClient() throws SSLException {
        client.wrap(ByteBuffer.allocate(0), toServer);
        runClientTasks();
    }

    private void unwrapClient() throws SSLException {
        toClient.flip();
        try {
            while (toClient.hasRemaining()) {
                SSLEngineResult result = client.unwrap(toClient, ByteBuffer.allocate(1 << 16));
                runClientTasks();
                if (result.bytesConsumed() == 0) {
                    break;
                }
            }
        } finally {
            toClient.compact();
        }
    }

    private void runClientTasks() {
        Runnable task;
        while ((task = client.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }
}
