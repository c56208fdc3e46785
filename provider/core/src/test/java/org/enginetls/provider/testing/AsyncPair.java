package org.enginetls.provider.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import org.enginetls.async.AsyncSSLEngine;

/**
 * A client and a server engine in async mode (an engine of another provider, the JDK's, runs its
 * delegated tasks inline instead), connected in memory and driven by one thread the way an event loop
 * would: an engine whose job waits is left alone until its callback puts it on the
 * ready queue. Every wait is bounded.
 */
public final class AsyncPair {

    private static final long WAIT_SECONDS = 20;

    private final SSLEngine client;
    private final SSLEngine server;
    private final ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer clientApp = ByteBuffer.allocate(1 << 16);
    private final ByteBuffer serverApp = ByteBuffer.allocate(1 << 16);
    private final BlockingQueue<SSLEngine> ready = new LinkedBlockingQueue<>();
    public final AtomicInteger callbacks = new AtomicInteger();
    public int pauses;

    public AsyncPair(SSLEngine client, SSLEngine server) {
        this.client = client;
        this.server = server;
        for (SSLEngine engine : new SSLEngine[] {client, server}) {
            if (!(engine instanceof AsyncSSLEngine async)) {
                continue; // a peer of another provider completes every call synchronously
            }
            async.setAsyncMode(true);
            async.setAsyncCallback((e, arg) -> {
                callbacks.incrementAndGet();
                return ready.offer(e);
            });
        }
    }

    public AsyncPair handshake() throws Exception {
        client.beginHandshake();
        server.beginHandshake();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!(done(client) && done(server) && toServer.position() == 0 && toClient.position() == 0)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("handshake did not finish: client " + client.getHandshakeStatus()
                        + ", server " + server.getHandshakeStatus());
            }
            boolean progress = step(client, toServer, toClient, clientApp) | step(server, toClient, toServer, serverApp);
            if (!progress) {
                SSLEngine woken = ready.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                if (woken == null) {
                    throw new AssertionError("no engine woke up: client waiting " + waiting(client)
                            + ", server waiting " + waiting(server));
                }
            }
        }
        return this;
    }

    public SSLEngine client() {
        return client;
    }

    public SSLEngine server() {
        return server;
    }

    /**
     * Sends {@code text} from the client to the server and back after the handshake, and returns
     * what came back. Application data needs no engine, but the loop still waits on the callback
     * queue if an unwrap pauses.
     */
    public String roundTrip(String text) throws Exception {
        send(client, toServer, text);
        String atServer = receive(server, toServer, serverApp);
        send(server, toClient, atServer);
        return receive(client, toClient, clientApp);
    }

    private static void send(SSLEngine engine, ByteBuffer out, String text) throws SSLException {
        ByteBuffer src = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (src.hasRemaining()) {
            SSLEngineResult result = engine.wrap(src, out);
            if (result.getStatus() != SSLEngineResult.Status.OK || result.bytesConsumed() == 0) {
                throw new SSLException("wrap of application data: " + result);
            }
        }
    }

    private String receive(SSLEngine engine, ByteBuffer in, ByteBuffer app) throws Exception {
        app.clear();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (in.position() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("application data not received: " + engine.getHandshakeStatus());
            }
            in.flip();
            SSLEngineResult result;
            try {
                result = engine.unwrap(in, app);
            } finally {
                in.compact();
            }
            if (result.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("unwrap of application data: " + result);
            }
            if (result.bytesConsumed() == 0) {
                if (!waiting(engine)) {
                    throw new SSLException("unwrap of application data stalled: " + result);
                }
                if (ready.poll(WAIT_SECONDS, TimeUnit.SECONDS) == null) {
                    throw new AssertionError("no engine woke up while receiving application data");
                }
            }
        }
        app.flip();
        return StandardCharsets.UTF_8.decode(app).toString();
    }

    private static boolean waiting(SSLEngine engine) {
        return engine instanceof AsyncSSLEngine async && async.isWaitingForAsync();
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    /**
     * One turn for one engine; {@code true} if it moved. An engine whose job waits answers NEED_TASK
     * with nothing consumed or produced, which counts as no progress: the loop then sleeps on the
     * callback queue.
     */
    private boolean step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws SSLException {
        boolean progress = false;
        for (int i = 0; i < 32; i++) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK && !(engine instanceof AsyncSSLEngine)) {
                // another provider's engine offers its handshake work as delegated tasks: run them here
                for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                    task.run();
                }
                progress = true;
                continue;
            }
            SSLEngineResult result;
            if (status == HandshakeStatus.NEED_WRAP || (status == HandshakeStatus.NEED_TASK && in.position() == 0)) {
                result = engine.wrap(ByteBuffer.allocate(0), out);
            } else if (in.position() > 0 && status != HandshakeStatus.NEED_WRAP) {
                in.flip();
                try {
                    result = engine.unwrap(in, app);
                } finally {
                    in.compact();
                }
            } else {
                return progress;
            }
            if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK && waiting(engine)) {
                pauses++;
            }
            boolean moved = result.bytesConsumed() > 0 || result.bytesProduced() > 0
                    || result.getHandshakeStatus() != status;
            progress |= moved;
            if (!moved || result.getStatus() != SSLEngineResult.Status.OK) {
                return progress;
            }
        }
        return progress;
    }
}
