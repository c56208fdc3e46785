package org.enginetls.benchmarks;

import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Drives a client and a server {@link SSLEngine} against each other in memory, on one thread. The
 * buffers are allocated once and reused for every pair of engines, so a benchmark measures the TLS
 * stacks rather than this driver. Every loop is bounded: a stuck handshake throws.
 */
final class MemoryTlsPair {

    /** Larger than any provider's packet and application buffer size, and than a whole handshake flight. */
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int MAX_STEPS = 200;

    private final ByteBuffer empty = ByteBuffer.allocate(0);
    private final ByteBuffer clientToServer = ByteBuffer.allocate(BUFFER_SIZE);
    private final ByteBuffer serverToClient = ByteBuffer.allocate(BUFFER_SIZE);
    private final ByteBuffer clientApp = ByteBuffer.allocate(BUFFER_SIZE);
    private final ByteBuffer serverApp = ByteBuffer.allocate(BUFFER_SIZE);
    private final ByteBuffer message = ByteBuffer.wrap(new byte[64]);
    private SSLEngine client;
    private SSLEngine server;
    private int serverHandshakeBytes;

    SSLEngine client() {
        return client;
    }

    SSLEngine server() {
        return server;
    }

    /** The bytes the server sent during the last handshake (a full handshake carries the certificate). */
    int serverHandshakeBytes() {
        return serverHandshakeBytes;
    }

    /** Connects a new pair of engines: runs both handshakes to completion. */
    void handshake(SSLEngine newClient, SSLEngine newServer) throws SSLException {
        client = newClient;
        server = newServer;
        clientToServer.clear();
        serverToClient.clear();
        serverHandshakeBytes = 0;
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < MAX_STEPS; step++) {
            boolean progress = step(client, clientToServer, serverToClient, clientApp)
                    | step(server, serverToClient, clientToServer, serverApp);
            if (done(client) && done(server) && clientToServer.position() == 0 && serverToClient.position() == 0) {
                return;
            }
            if (!progress) {
                throw new SSLException("handshake stalled: client " + client.getHandshakeStatus()
                        + ", server " + server.getHandshakeStatus());
            }
        }
        throw new SSLException("handshake did not finish in " + MAX_STEPS + " steps");
    }

    /** Sends 64 bytes from the client to the server and the server echoes them back. */
    void roundTrip() throws SSLException {
        message.clear();
        send(client, message, clientToServer);
        receive(server, clientToServer, serverApp, message.capacity());
        serverApp.flip();
        send(server, serverApp, serverToClient);
        receive(client, serverToClient, clientApp, message.capacity());
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    /** One engine's turn: run tasks, wrap what it wants to send, unwrap what it received. */
    private boolean step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws SSLException {
        boolean progress = false;
        for (int i = 0; i < 64; i++) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
                progress = true;
            } else if (status == HandshakeStatus.NEED_WRAP) {
                SSLEngineResult result = engine.wrap(empty, out);
                if (engine == server) {
                    serverHandshakeBytes += result.bytesProduced();
                }
                progress |= result.bytesProduced() > 0 || result.getHandshakeStatus() != HandshakeStatus.NEED_WRAP;
                if (result.getStatus() != SSLEngineResult.Status.OK) {
                    break;
                }
            } else if (status != HandshakeStatus.FINISHED && in.position() > 0) {
                in.flip();
                SSLEngineResult result;
                try {
                    result = engine.unwrap(in, app);
                } finally {
                    // BCJSSE may stop after one record with more in the buffer: keep the rest
                    in.compact();
                }
                progress |= result.bytesConsumed() > 0;
                if (result.getStatus() != SSLEngineResult.Status.OK || result.bytesConsumed() == 0) {
                    break;
                }
            } else {
                break;
            }
        }
        return progress;
    }

    private static void send(SSLEngine engine, ByteBuffer src, ByteBuffer out) throws SSLException {
        for (int step = 0; step < MAX_STEPS && src.hasRemaining(); step++) {
            SSLEngineResult result = engine.wrap(src, out);
            if (result.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("wrap: " + result);
            }
        }
        if (src.hasRemaining()) {
            throw new SSLException("wrap made no progress");
        }
    }

    /** Unwraps records (session tickets, then data) until {@code expected} application bytes arrived. */
    private static void receive(SSLEngine engine, ByteBuffer in, ByteBuffer app, int expected) throws SSLException {
        app.clear();
        for (int step = 0; step < MAX_STEPS && app.position() < expected; step++) {
            if (in.position() == 0) {
                throw new SSLException("expected " + expected + " bytes, received " + app.position());
            }
            in.flip();
            SSLEngineResult result;
            try {
                result = engine.unwrap(in, app);
            } finally {
                in.compact();
            }
            if (result.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("unwrap: " + result);
            }
            if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            }
        }
        if (app.position() != expected) {
            throw new SSLException("expected " + expected + " bytes, received " + app.position());
        }
    }
}
