package org.enginetls.benchmarks;

import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import org.enginetls.async.AsyncSSLEngine;

/**
 * One client and server pair in flight in a {@link HandshakeDriver}, connected in memory by two
 * pipes. It is also the async callback argument of both engines, so the callback can hand the pair
 * itself to the driver's ready queue.
 */
final class Connection {

    /** The two byte pipes of a pair; the driver reuses them for the next pair. */
    static final class Pipes {
        /** Larger than any provider's packet buffer size, and than a whole handshake flight. */
        private static final int SIZE = 32 * 1024;

        final ByteBuffer toServer = ByteBuffer.allocate(SIZE);
        final ByteBuffer toClient = ByteBuffer.allocate(SIZE);

        Pipes clear() {
            toServer.clear();
            toClient.clear();
            return this;
        }
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Turns per engine per {@link #advance} call: a handshake needs a handful; more means a driver bug. */
    private static final int MAX_TURNS = 64;

    private final SSLEngine client;
    private final SSLEngine server;
    private final Pipes pipes;
    private boolean completed;

    Connection(SSLEngine client, SSLEngine server, Pipes pipes) {
        this.client = client;
        this.server = server;
        this.pipes = pipes;
        if (client instanceof AsyncSSLEngine async) {
            async.setAsyncCallbackArg(this);
        }
        if (server instanceof AsyncSSLEngine async) {
            async.setAsyncCallbackArg(this);
        }
    }

    void begin() throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
    }

    /**
     * Moves both engines as far as they can go now: until the handshake is complete (both engines
     * done, nothing left in the pipes) or every remaining step waits for an engine operation.
     *
     * @param app a scratch buffer for plaintext (a handshake produces none the driver keeps)
     * @return {@code true} if the handshake is now complete
     */
    boolean advance(ByteBuffer app) throws SSLException {
        for (int round = 0; round < MAX_TURNS; round++) {
            boolean progress = turn(client, pipes.toServer, pipes.toClient, app)
                    | turn(server, pipes.toClient, pipes.toServer, app);
            if (done(client) && done(server) && pipes.toServer.position() == 0 && pipes.toClient.position() == 0
                    && !waiting(client) && !waiting(server)) {
                completed = true;
                return true;
            }
            if (!progress) {
                if (!waiting(client) && !waiting(server)) {
                    throw new SSLException("handshake stalled with no engine operation pending: client "
                            + client.getHandshakeStatus() + ", server " + server.getHandshakeStatus());
                }
                return false;
            }
        }
        throw new SSLException("handshake did not settle in " + MAX_TURNS + " rounds");
    }

    boolean completed() {
        return completed;
    }

    Pipes pipes() {
        return pipes;
    }

    /**
     * One engine's turn; {@code true} if it moved. A JSSE delegated task is run at once; an engine
     * whose async job waits is asked to resume (by {@code wrap}, or {@code unwrap} if input is
     * pending), which moves it only if its operation has completed.
     */
    private static boolean turn(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws SSLException {
        boolean progress = false;
        for (int i = 0; i < MAX_TURNS; i++) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK && !waiting(engine) && runTasks(engine)) {
                progress = true;
                continue;
            }
            SSLEngineResult result;
            if (status == HandshakeStatus.NEED_WRAP || (status == HandshakeStatus.NEED_TASK && in.position() == 0)) {
                result = engine.wrap(EMPTY, out);
            } else if (in.position() > 0) {
                in.flip();
                app.clear();
                try {
                    result = engine.unwrap(in, app);
                } finally {
                    // BCJSSE may stop after one record with more in the buffer: keep the rest
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

    private static boolean runTasks(SSLEngine engine) {
        boolean ran = false;
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
            ran = true;
        }
        return ran;
    }

    private static boolean waiting(SSLEngine engine) {
        return engine instanceof AsyncSSLEngine async && async.isWaitingForAsync();
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }
}
