package org.enginetls.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import org.enginetls.async.AsyncSSLContext;
import org.enginetls.async.AsyncSSLEngine;
import org.enginetls.async.AsyncStatus;

/**
 * A client and a server engine in async mode, connected in memory and driven by one thread the way an event loop
 * drives them: an engine whose job waits is left alone until its callback puts it on the ready queue. A peer of
 * another provider (the JDK's) completes every call itself; its delegated tasks run on the driving thread. Every wait
 * is bounded.
 */
public final class AsyncEnginePair {

    private static final long WAIT_SECONDS = 20;
    private static final int MAX_TURNS = 10_000;

    private final SSLEngine client;
    private final SSLEngine server;
    private final ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer clientApp = ByteBuffer.allocate(1 << 16);
    private final ByteBuffer serverApp = ByteBuffer.allocate(1 << 16);
    private final BlockingQueue<SSLEngine> ready = new LinkedBlockingQueue<>();
    private final AtomicInteger callbacks = new AtomicInteger();
    /** The status each callback found: why the job could be resumed. */
    private final Set<AsyncStatus> notifiedStatuses = ConcurrentHashMap.newKeySet();
    private int pauses;

    /**
     * Two engines of any provider; each EngineTLS engine among them (made by a plain {@code SSLContext} too) is
     * switched to async mode here, with this pair's callback.
     */
    public AsyncEnginePair(SSLEngine client, SSLEngine server) {
        this.client = client;
        this.server = server;
        for (SSLEngine engine : new SSLEngine[] {client, server}) {
            if (engine instanceof AsyncSSLEngine async) {
                async.setAsyncMode(true);
                async.setAsyncCallback(this::onAsyncReady);
            }
        }
    }

    private AsyncEnginePair(AsyncSSLContext client, AsyncSSLContext server) {
        for (AsyncSSLContext context : new AsyncSSLContext[] {client, server}) {
            context.setAsyncMode(true);
            context.setAsyncCallback(this::onAsyncReady);
        }
        this.client = client.createSSLEngine("localhost", 443);
        this.client.setUseClientMode(true);
        this.server = server.createSSLEngine();
        this.server.setUseClientMode(false);
    }

    /**
     * A pair whose engines copy async mode and this pair's callback from their contexts' defaults: both contexts get
     * them, then each makes its engine (the client's for {@code localhost:443}).
     */
    public static AsyncEnginePair fromContextDefaults(AsyncSSLContext client, AsyncSSLContext server) {
        return new AsyncEnginePair(client, server);
    }

    private boolean onAsyncReady(SSLEngine engine, Object arg) {
        // on an engine's thread: note and queue, never drive the engine here
        notifiedStatuses.add(((AsyncSSLEngine) engine).getAsyncStatus());
        callbacks.incrementAndGet();
        return ready.offer(engine);
    }

    public SSLEngine client() {
        return client;
    }

    public SSLEngine server() {
        return server;
    }

    /**
     * Times a call returned NEED_TASK in async mode, where it means a job had paused on an engine. Counted from the
     * call's own answer, not from {@code isWaitingForAsync()} afterwards, which an engine that completes at once may
     * already have turned false.
     */
    public int pauses() {
        return pauses;
    }

    /** Times a callback came. */
    public int callbacks() {
        return callbacks.get();
    }

    /** The statuses the callbacks found. */
    public Set<AsyncStatus> notifiedStatuses() {
        return notifiedStatuses;
    }

    /** Starts the handshake and drives it until both sides are done. */
    public AsyncEnginePair handshake() throws Exception {
        client.beginHandshake();
        server.beginHandshake();
        return finishHandshake();
    }

    /**
     * Starts the handshake and drives it until neither side can move without an engine: returns with at least one job
     * paused. Fails if the handshake finishes instead.
     */
    public AsyncEnginePair handshakeUntilPaused() throws Exception {
        client.beginHandshake();
        server.beginHandshake();
        for (int turn = 0; turn < MAX_TURNS; turn++) {
            boolean progress = step(client, toServer, toClient, clientApp) | step(server, toClient, toServer, serverApp);
            if (!progress && (waiting(client) || waiting(server))) {
                return this;
            }
            if (handshakeDone()) {
                throw new AssertionError("the handshake finished without a job waiting for an engine");
            }
            if (!progress) {
                awaitCallback();
            }
        }
        throw new AssertionError("no job paused in " + MAX_TURNS + " turns");
    }

    /** Drives a started handshake to its end, sleeping on the callback queue whenever nothing can move. */
    public AsyncEnginePair finishHandshake() throws Exception {
        for (int turn = 0; turn < MAX_TURNS && !handshakeDone(); turn++) {
            boolean progress = step(client, toServer, toClient, clientApp) | step(server, toClient, toServer, serverApp);
            if (!progress && !handshakeDone()) {
                awaitCallback();
            }
        }
        if (!handshakeDone()) {
            throw new AssertionError("handshake did not finish in " + MAX_TURNS + " turns: client "
                    + client.getHandshakeStatus() + ", server " + server.getHandshakeStatus());
        }
        return this;
    }

    /**
     * Sends {@code text} from the client to the server and back after the handshake, and returns what came back.
     * Application data needs no engine, but the loop still waits on the callback queue if an unwrap pauses.
     */
    public String roundTrip(String text) throws Exception {
        send(client, toServer, text);
        String atServer = receive(server, toServer, serverApp);
        send(server, toClient, atServer);
        return receive(client, toClient, clientApp);
    }

    /** Sleeps on the ready queue until a callback comes (bounded): what an event loop does while jobs wait. */
    public void awaitCallback() throws InterruptedException {
        if (ready.poll(WAIT_SECONDS, TimeUnit.SECONDS) == null) {
            throw new AssertionError("no callback within " + WAIT_SECONDS + " s: client " + client.getHandshakeStatus()
                    + (waiting(client) ? " waiting " + status(client) : "") + ", server " + server.getHandshakeStatus()
                    + (waiting(server) ? " waiting " + status(server) : ""));
        }
    }

    private boolean handshakeDone() {
        return done(client) && done(server) && toServer.position() == 0 && toClient.position() == 0;
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    private static boolean inAsyncMode(SSLEngine engine) {
        return engine instanceof AsyncSSLEngine async && async.isAsyncMode();
    }

    private static boolean waiting(SSLEngine engine) {
        return engine instanceof AsyncSSLEngine async && async.isWaitingForAsync();
    }

    private static AsyncStatus status(SSLEngine engine) {
        return ((AsyncSSLEngine) engine).getAsyncStatus();
    }

    /**
     * One turn for one engine; {@code true} if it moved. A paused job answers NEED_TASK with nothing consumed or
     * produced, which counts as no progress: the loop then sleeps on the callback queue. Any call resumes a paused
     * job (the contract), so NEED_TASK is answered with a wrap when there is nothing to unwrap.
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
            } else if (in.position() > 0) {
                in.flip();
                try {
                    result = engine.unwrap(in, app);
                } finally {
                    // BCJSSE may leave later records in the buffer: keep them
                    in.compact();
                }
            } else {
                return progress;
            }
            if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK && inAsyncMode(engine)) {
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

    private static void send(SSLEngine engine, ByteBuffer out, String text) throws SSLException {
        ByteBuffer src = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 16 && src.hasRemaining(); i++) {
            SSLEngineResult result = engine.wrap(src, out);
            if (result.getStatus() != SSLEngineResult.Status.OK || result.bytesConsumed() == 0) {
                throw new SSLException("wrap of application data: " + result);
            }
        }
        if (src.hasRemaining()) {
            throw new SSLException("wrap did not take the message");
        }
    }

    private String receive(SSLEngine engine, ByteBuffer in, ByteBuffer app) throws Exception {
        app.clear();
        for (int turn = 0; turn < MAX_TURNS && in.position() > 0; turn++) {
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
        if (in.position() > 0) {
            throw new SSLException("application data not received in " + MAX_TURNS + " turns: " + engine.getHandshakeStatus());
        }
        app.flip();
        return StandardCharsets.UTF_8.decode(app).toString();
    }
}
