package org.enginetls.provider.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * Two {@link SSLEngine}s connected in memory, driven from one thread. Each step moves what one side
 * wrapped to the other side's input; the loop is bounded so a broken handshake fails the test
 * instead of hanging it.
 */
public final class EnginePair {

    private static final int MAX_STEPS = 1_000;

    private final SSLEngine client;
    private final SSLEngine server;
    private final ByteBuffer clientToServer;
    private final ByteBuffer serverToClient;
    private final ByteBuffer clientApp;
    private final ByteBuffer serverApp;
    private int delegatedTasksRun;

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

    public SSLEngine client() {
        return client;
    }

    public SSLEngine server() {
        return server;
    }

    /** Runs both handshakes to completion. */
    public EnginePair handshake() throws SSLException {
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
        send(client, clientToServer, text);
        String atServer = receive(server, clientToServer, serverApp);
        send(server, serverToClient, atServer);
        return receive(client, serverToClient, clientApp);
    }

    /** Sends close_notify from the client, has the server answer, and checks both sides closed. */
    public void closeFromClient() throws SSLException {
        close(client, clientToServer, server, serverToClient, serverApp, clientApp);
    }

    /** Sends close_notify from the server, has the client answer, and checks both sides closed. */
    public void closeFromServer() throws SSLException {
        close(server, serverToClient, client, clientToServer, clientApp, serverApp);
    }

    /** How many delegated tasks this pair took from its engines and ran, so tests can tell which way the work went. */
    public int delegatedTasksRun() {
        return delegatedTasksRun;
    }

    public SSLSession clientSession() {
        return client.getSession();
    }

    public SSLSession serverSession() {
        return server.getSession();
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
                SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), out);
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

    private static void send(SSLEngine engine, ByteBuffer out, String text) throws SSLException {
        ByteBuffer src = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (src.hasRemaining()) {
            SSLEngineResult result = engine.wrap(src, out);
            if (result.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("wrap: " + result);
            }
        }
    }

    private String receive(SSLEngine engine, ByteBuffer in, ByteBuffer app) throws SSLException {
        app.clear();
        for (int step = 0; step < MAX_STEPS && in.position() > 0; step++) {
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
        app.flip();
        return StandardCharsets.UTF_8.decode(app).toString();
    }
}
