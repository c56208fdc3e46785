package org.enginetls.demo;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * One TLS connection of the {@link AsyncHttpsServer}, served on the loop thread only: its channel,
 * its engine, the bytes on their way in and out, and the HTTP/1.1 exchange on top.
 *
 * <p>Each {@link #serve()} reads what arrived and lets the engine go as far as it can. A call whose
 * job pauses for a crypto engine returns {@code NEED_TASK} having moved nothing: the connection then
 * waits for its async callback, and calling wrap/unwrap again is what resumes it.
 */
final class HttpsConnection {

    /** Requests served on one connection before it is closed, so no client holds one forever. */
    static final int MAX_REQUESTS = 1_000;

    private static final System.Logger LOG = System.getLogger(HttpsConnection.class.getName());
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    private final DemoRoutes routes;
    private final ServerCounters counters;
    private final Consumer<HttpsConnection> onClose;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    /** Decrypted request bytes not yet taken as a request (write mode). */
    private final ByteBuffer received;
    /** The response being sent (read mode); empty when none is. */
    private ByteBuffer response = NOTHING;
    private SelectionKey key;
    private boolean handshaken;
    private boolean closeAfterResponse;
    /** The server is stopping: no request after the one in progress, then close_notify. */
    private boolean finishing;
    private int served;
    private long deadline;

    HttpsConnection(SocketChannel channel, SSLEngine engine, DemoRoutes routes, ServerCounters counters,
            Consumer<HttpsConnection> onClose) {
        this.channel = channel;
        this.engine = engine;
        this.routes = routes;
        this.counters = counters;
        this.onClose = onClose;
        int packet = engine.getSession().getPacketBufferSize();
        netIn = ByteBuffer.allocate(packet);
        netOut = ByteBuffer.allocate(packet);
        // room for a whole request head and one record's plaintext after it
        received = ByteBuffer.allocate(HttpRequestReader.MAX_HEAD_BYTES + engine.getSession().getApplicationBufferSize());
        touch();
    }

    void register(Selector selector) throws ClosedChannelException {
        key = channel.register(selector, SelectionKey.OP_READ, this);
        counters.open.incrementAndGet();
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** Whether the handshake or the next request is overdue at {@code now} ({@link System#nanoTime()}). */
    boolean isExpired(long now) {
        return now - deadline > 0;
    }

    private void touch() {
        deadline = System.nanoTime() + AsyncHttpsServer.IDLE_TIMEOUT.toNanos();
    }

    /** Reads what arrived, lets the engine go as far as it can, writes what it produced. */
    void serve() {
        try {
            int read = channel.read(netIn);
            if (read > 0) {
                touch();
            }
            boolean moved;
            do {
                moved = step() | flush();
            } while (moved && channel.isOpen());
            if (read < 0 || (engine.isOutboundDone() && netOut.position() == 0)) {
                close();
                return;
            }
            key.interestOps(netOut.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        } catch (SSLException e) {
            if (!handshaken) {
                counters.handshakesFailed.incrementAndGet();
            }
            LOG.log(Level.DEBUG, () -> "TLS with " + peer() + " failed: " + e);
            sendAlertAndClose();
        } catch (IOException | RuntimeException e) {
            // a broken peer or a failed request ends this connection only
            LOG.log(Level.DEBUG, () -> "connection with " + peer() + " ended: " + e);
            close();
        }
    }

    /** One wrap or unwrap; {@code true} if it moved. */
    private boolean step() throws IOException {
        HandshakeStatus status = engine.getHandshakeStatus();
        boolean idle = status == HandshakeStatus.NOT_HANDSHAKING;
        if (idle && !response.hasRemaining()) {
            if (!closeAfterResponse) {
                answerNextRequest();
            }
            // a stopping server still answers the first request of a connection it has handshaken with
            boolean betweenRequests = served > 0 && received.position() == 0;
            if (!response.hasRemaining() && (closeAfterResponse || (finishing && betweenRequests)) && !engine.isOutboundDone()) {
                engine.closeOutbound(); // the close_notify goes out with the next wrap
                return true;
            }
        }
        SSLEngineResult result;
        if (status == HandshakeStatus.NEED_WRAP || (idle && response.hasRemaining())
                || (status == HandshakeStatus.NEED_TASK && netIn.position() == 0)) {
            result = engine.wrap(response, netOut);
        } else if (netIn.position() > 0 && !engine.isInboundDone()) {
            netIn.flip();
            try {
                result = engine.unwrap(netIn, received);
            } finally {
                netIn.compact(); // BCJSSE may leave later records in the buffer: keep them
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                closeAfterResponse = true;
                engine.closeOutbound(); // answer the peer's close_notify with ours
            }
        } else {
            return false;
        }
        if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshaken = true;
            counters.handshakes.incrementAndGet();
        }
        return result.bytesConsumed() > 0 || result.bytesProduced() > 0 || result.getHandshakeStatus() != status;
    }

    /** Turns the next complete request in {@link #received}, if any, into the {@link #response} to send. */
    private void answerNextRequest() {
        HttpRequest request;
        try {
            request = HttpRequestReader.take(received);
        } catch (IOException e) {
            respond(HttpResponse.text(400, "Bad Request", e.getMessage()).encode(true, false), false);
            return;
        }
        if (request == null) {
            return;
        }
        touch();
        served++;
        counters.requests.incrementAndGet();
        // a body is never read, so after a request with one the stream position is unknown: close
        boolean keepAlive = !finishing && served < MAX_REQUESTS && request.wantsKeepAlive() && !request.hasBody();
        HttpResponse answer = routes.respond(request, engine.getSession());
        respond(answer.encode(!request.method().equals("HEAD"), keepAlive), keepAlive);
    }

    private void respond(byte[] message, boolean keepAlive) {
        response = ByteBuffer.wrap(message);
        closeAfterResponse = !keepAlive;
    }

    private boolean flush() throws IOException {
        if (netOut.position() == 0) {
            return false;
        }
        netOut.flip();
        try {
            return channel.write(netOut) > 0;
        } finally {
            netOut.compact();
        }
    }

    /**
     * The server is stopping: the handshake or response in progress goes on, a request already
     * begun (or the first of a connection) is answered with {@code Connection: close}, then the
     * connection sends its close_notify and closes.
     */
    void finish() {
        finishing = true;
        serve();
    }

    /** After a TLS failure: the engine's wrap produces the fatal alert for the peer, sent best effort. */
    private void sendAlertAndClose() {
        try {
            engine.closeOutbound();
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                engine.wrap(NOTHING, netOut);
            }
            flush();
        } catch (IOException | RuntimeException e) {
            // the peer is gone or the engine has nothing more to say
        }
        close();
    }

    /** Closing the engine cancels a job that still waits: nothing is left running. */
    void close() {
        if (!channel.isOpen()) {
            return;
        }
        onClose.accept(this);
        counters.open.decrementAndGet();
        engine.closeOutbound();
        try {
            engine.closeInbound();
        } catch (SSLException e) {
            // the peer left without close_notify: nothing to protect here, the connection ends
        }
        AsyncHttpsServer.closeQuietly(channel);
    }

    private Object peer() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return "a closed peer";
        }
    }
}
