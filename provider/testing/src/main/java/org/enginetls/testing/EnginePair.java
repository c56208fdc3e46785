package org.enginetls.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * A client and a server {@link SSLEngine} connected in memory and driven from one thread, the way a framework without
 * async mode drives them: each step moves what one side wrapped to the other side's input, and delegated tasks run
 * on the driving thread. Every loop is bounded, so a broken handshake throws instead of hanging.
 *
 * <p>A test makes one pair per pair of engines ({@link #EnginePair(SSLEngine, SSLEngine)}); a benchmark makes one
 * pair and {@linkplain #handshake(SSLEngine, SSLEngine) connects} new engines to it again and again, so that it
 * measures the TLS stacks rather than this driver: its buffers are allocated once and {@link #roundTrip()}
 * allocates nothing.
 */
public final class EnginePair {

    /** Larger than any provider's packet and application buffer size, and than a whole handshake flight. */
    private static final int REUSED_BUFFER_SIZE = 64 * 1024;
    private static final int MAX_STEPS = 1_000;
    /** The length of {@link #roundTrip()}'s message. */
    private static final int MESSAGE_SIZE = 64;

    private final ByteBuffer empty = ByteBuffer.allocate(0);
    private final ByteBuffer clientToServer;
    private final ByteBuffer serverToClient;
    private final ByteBuffer clientApp;
    private final ByteBuffer serverApp;
    private final ByteBuffer message = ByteBuffer.wrap(new byte[MESSAGE_SIZE]);
    private SSLEngine client;
    private SSLEngine server;
    private int delegatedTasksRun;
    private int serverHandshakeBytes;

    /** A pair of these two engines, with buffers sized for them. */
    public EnginePair(SSLEngine client, SSLEngine server) {
        this.client = client;
        this.server = server;
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        int app = Math.max(client.getSession().getApplicationBufferSize(), server.getSession().getApplicationBufferSize());
        clientToServer = ByteBuffer.allocate(packet * 4);
        serverToClient = ByteBuffer.allocate(packet * 4);
        clientApp = ByteBuffer.allocate(app * 2);
        serverApp = ByteBuffer.allocate(app * 2);
    }

    /** A pair without engines yet: its buffers serve every pair of engines {@link #handshake(SSLEngine, SSLEngine)} gets. */
    public EnginePair() {
        clientToServer = ByteBuffer.allocate(REUSED_BUFFER_SIZE);
        serverToClient = ByteBuffer.allocate(REUSED_BUFFER_SIZE);
        clientApp = ByteBuffer.allocate(REUSED_BUFFER_SIZE);
        serverApp = ByteBuffer.allocate(REUSED_BUFFER_SIZE);
    }

    public SSLEngine client() {
        return client;
    }

    public SSLEngine server() {
        return server;
    }

    public SSLSession clientSession() {
        return client.getSession();
    }

    public SSLSession serverSession() {
        return server.getSession();
    }

    /** How many delegated tasks this pair took from its engines and ran, so tests can tell which way the work went. */
    public int delegatedTasksRun() {
        return delegatedTasksRun;
    }

    /** The bytes the server sent during the last handshake (a full handshake carries the certificate). */
    public int serverHandshakeBytes() {
        return serverHandshakeBytes;
    }

    /** Connects two new engines, dropping whatever the previous ones left in the buffers, and runs their handshake. */
    public EnginePair handshake(SSLEngine newClient, SSLEngine newServer) throws SSLException {
        client = newClient;
        server = newServer;
        clientToServer.clear();
        serverToClient.clear();
        return handshake();
    }

    /** Runs both handshakes to completion. */
    public EnginePair handshake() throws SSLException {
        serverHandshakeBytes = 0;
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < MAX_STEPS; step++) {
            boolean progress = step(client, clientToServer, serverToClient, clientApp)
                    | step(server, serverToClient, clientToServer, serverApp);
            if (done(client) && done(server) && clientToServer.position() == 0 && serverToClient.position() == 0) {
                return this;
            }
            if (!progress) {
                throw new SSLException("handshake stalled: client " + client.getHandshakeStatus()
                        + ", server " + server.getHandshakeStatus());
            }
        }
        throw new SSLException("handshake did not finish in " + MAX_STEPS + " steps");
    }

    /** Sends {@code text} from the client to the server and back, and returns what came back. */
    public String roundTrip(String text) throws SSLException {
        send(client, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), clientToServer);
        String atServer = receive(server, clientToServer, serverApp);
        send(server, ByteBuffer.wrap(atServer.getBytes(StandardCharsets.UTF_8)), serverToClient);
        return receive(client, serverToClient, clientApp);
    }

    /** Sends 64 bytes from the client to the server, which echoes them back; allocates nothing. */
    public void roundTrip() throws SSLException {
        message.clear();
        send(client, message, clientToServer);
        receive(server, clientToServer, serverApp, MESSAGE_SIZE);
        serverApp.flip();
        send(server, serverApp, serverToClient);
        receive(client, serverToClient, clientApp, MESSAGE_SIZE);
    }

    /** Sends close_notify from the client, has the server answer, and checks both sides closed. */
    public void closeFromClient() throws SSLException {
        close(client, clientToServer, server, serverToClient, serverApp, clientApp);
    }

    /** Sends close_notify from the server, has the client answer, and checks both sides closed. */
    public void closeFromServer() throws SSLException {
        close(server, serverToClient, client, clientToServer, clientApp, serverApp);
    }

    private void close(SSLEngine closer, ByteBuffer closerOut, SSLEngine peer, ByteBuffer peerOut,
            ByteBuffer peerApp, ByteBuffer closerApp) throws SSLException {
        // receive() leaves the application buffers flipped for reading; the alert needs room to be unwrapped into
        peerApp.clear();
        closerApp.clear();
        closer.closeOutbound();
        for (int step = 0; step < MAX_STEPS && !(closer.isInboundDone() && peer.isOutboundDone()); step++) {
            step(closer, closerOut, peerOut, closerApp);
            step(peer, peerOut, closerOut, peerApp);
        }
        if (!closer.isOutboundDone() || !peer.isInboundDone() || !peer.isOutboundDone() || !closer.isInboundDone()) {
            throw new SSLException("close_notify exchange did not complete: closer outbound/inbound done "
                    + closer.isOutboundDone() + "/" + closer.isInboundDone() + " (" + closer.getHandshakeStatus()
                    + "), peer " + peer.isOutboundDone() + "/" + peer.isInboundDone() + " (" + peer.getHandshakeStatus() + ")");
        }
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
                runDelegatedTasks(engine);
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
            } else if ((status == HandshakeStatus.NEED_UNWRAP || status == HandshakeStatus.NEED_UNWRAP_AGAIN
                    || status == HandshakeStatus.NOT_HANDSHAKING) && in.position() > 0) {
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

    private void runDelegatedTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
            delegatedTasksRun++;
        }
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

    /** Unwraps until the input is used up; returns the text that arrived. */
    private String receive(SSLEngine engine, ByteBuffer in, ByteBuffer app) throws SSLException {
        app.clear();
        for (int step = 0; step < MAX_STEPS && in.position() > 0; step++) {
            unwrapApplicationData(engine, in, app);
        }
        app.flip();
        return StandardCharsets.UTF_8.decode(app).toString();
    }

    /** Unwraps records (session tickets, then data) until {@code expected} application bytes arrived. */
    private void receive(SSLEngine engine, ByteBuffer in, ByteBuffer app, int expected) throws SSLException {
        app.clear();
        for (int step = 0; step < MAX_STEPS && app.position() < expected; step++) {
            if (in.position() == 0) {
                throw new SSLException("expected " + expected + " bytes, received " + app.position());
            }
            unwrapApplicationData(engine, in, app);
        }
        if (app.position() != expected) {
            throw new SSLException("expected " + expected + " bytes, received " + app.position());
        }
    }

    private void unwrapApplicationData(SSLEngine engine, ByteBuffer in, ByteBuffer app) throws SSLException {
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
            runDelegatedTasks(engine);
        }
    }
}
