package org.enginetls.pool;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import org.enginetls.async.AsyncSSLEngine;
import org.enginetls.async.AsyncStatus;

/**
 * Many EngineTLS connections (client and server in memory, both in async mode) driven by one thread
 * the way an event loop drives them: a connection is touched only when a callback has put it on the
 * ready queue. A connection woken with EAGAIN is not retried at once (that would spin against a
 * full queue) but after the next operation completes, or at once if none is outstanding. Every wait
 * is bounded.
 */
final class AsyncFleet {

    private static final long WAIT_SECONDS = 20;

    /** A callback: which connection, and the status its engine reported inside it; {@code null}: the driver's own turn. */
    private record Wake(Connection connection, AsyncStatus status) {
    }

    /** One client-server pair and the bytes in transit between them. */
    static final class Connection {
        final int index;
        final SSLEngine client;
        final SSLEngine server;
        private final ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
        private final ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        private final ByteBuffer app = ByteBuffer.allocate(1 << 16);
        boolean finished;

        Connection(int index, SSLEngine client, SSLEngine server) {
            this.index = index;
            this.client = client;
            this.server = server;
        }

        boolean waiting() {
            return ((AsyncSSLEngine) client).isWaitingForAsync() || ((AsyncSSLEngine) server).isWaitingForAsync();
        }

        AsyncStatus serverStatus() {
            return ((AsyncSSLEngine) server).getAsyncStatus();
        }

        AsyncStatus clientStatus() {
            return ((AsyncSSLEngine) client).getAsyncStatus();
        }

        boolean done() {
            return handshaken(client) && handshaken(server) && toServer.position() == 0 && toClient.position() == 0
                    && !waiting();
        }

        /** Moves both ends as far as they can go without waiting. */
        void drive() throws SSLException {
            boolean moved;
            do {
                moved = step(client, toServer, toClient) | step(server, toClient, toServer);
            } while (moved);
        }

        private boolean step(SSLEngine engine, ByteBuffer out, ByteBuffer in) throws SSLException {
            boolean progress = false;
            for (int i = 0; i < 32; i++) {
                HandshakeStatus status = engine.getHandshakeStatus();
                SSLEngineResult result;
                if (status == HandshakeStatus.NEED_WRAP || (status == HandshakeStatus.NEED_TASK && in.position() == 0)) {
                    // a wrap also resumes a paused job (any call does)
                    result = engine.wrap(ByteBuffer.allocate(0), out);
                } else if (in.position() > 0) {
                    in.flip();
                    try {
                        result = engine.unwrap(in, app.clear());
                    } finally {
                        in.compact();
                    }
                } else {
                    return progress;
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

        private static boolean handshaken(SSLEngine engine) {
            HandshakeStatus status = engine.getHandshakeStatus();
            return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
        }

        @Override
        public String toString() {
            return "connection " + index + ": client " + client.getHandshakeStatus() + "/" + clientStatus()
                    + ", server " + server.getHandshakeStatus() + "/" + serverStatus();
        }
    }

    private final BlockingQueue<Wake> ready = new LinkedBlockingQueue<>();
    private final List<Connection> connections = new ArrayList<>();
    private final IntSupplier outstandingOperations;
    int eagainWakes;
    int completionWakes;

    /**
     * @param outstandingOperations how many operations the engine under test still has to complete:
     *        while there are some, a completion (and so a callback) is sure to come
     */
    AsyncFleet(SSLContext client, SSLContext server, int size, IntSupplier outstandingOperations) {
        this.outstandingOperations = outstandingOperations;
        for (int i = 0; i < size; i++) {
            SSLEngine clientEngine = client.createSSLEngine("localhost", 443);
            clientEngine.setUseClientMode(true);
            SSLEngine serverEngine = server.createSSLEngine();
            serverEngine.setUseClientMode(false);
            Connection connection = new Connection(i, clientEngine, serverEngine);
            for (SSLEngine engine : new SSLEngine[] {clientEngine, serverEngine}) {
                AsyncSSLEngine async = (AsyncSSLEngine) engine;
                async.setAsyncMode(true);
                async.setAsyncCallbackArg(connection);
                // on an engine's thread: note and queue, never drive the engine here
                async.setAsyncCallback((e, arg) -> ready.offer(new Wake((Connection) arg, ((AsyncSSLEngine) e).getAsyncStatus())));
            }
            connections.add(connection);
        }
    }

    Connection connection(int index) {
        return connections.get(index);
    }

    /** Starts connection {@code index}: the client's job submits its key share and pauses (or is told EAGAIN). */
    void start(int index) throws SSLException {
        Connection connection = connections.get(index);
        connection.client.beginHandshake();
        connection.server.beginHandshake();
    }

    /** Drives every connection to the end of its handshake. */
    void completeAll() throws Exception {
        List<Connection> retryLater = new ArrayList<>();
        for (Connection connection : connections) {
            if (!connection.waiting()) {
                // nothing to wait for (it never started, or it finished before it could pause): drive it now
                ready.offer(new Wake(connection, null));
            }
        }
        int finished = 0;
        while (finished < connections.size()) {
            Wake wake = ready.poll();
            if (wake == null) {
                if (!retryLater.isEmpty() && outstandingOperations.getAsInt() == 0) {
                    // nothing in the engine will call back: retry the busy ones now
                    retryLater.forEach(c -> ready.offer(new Wake(c, null)));
                    retryLater.clear();
                    continue;
                }
                wake = ready.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                if (wake == null) {
                    throw new AssertionError("no callback for " + WAIT_SECONDS + " s; " + (connections.size() - finished)
                            + " unfinished, " + retryLater.size() + " to retry; " + connections);
                }
            }
            Connection connection = wake.connection();
            if (connection.finished) {
                continue;
            }
            if (wake.status() == AsyncStatus.EAGAIN) {
                eagainWakes++;
                retryLater.add(connection);
                continue;
            }
            boolean completion = wake.status() != null;
            completionWakes += completion ? 1 : 0;
            connection.drive();
            if (connection.done()) {
                connection.finished = true;
                finished++;
            } else if (!connection.waiting()) {
                throw new AssertionError("stopped without waiting for an engine: " + connection);
            }
            if (completion) {
                // an operation completed, so the engine has room: the busy ones may try again
                retryLater.forEach(c -> ready.offer(new Wake(c, null)));
                retryLater.clear();
            }
        }
    }
}
