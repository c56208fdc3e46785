package org.enginetls.demo;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;

import javax.net.ssl.SSLSocket;

/**
 * Serves one TLS connection on its own (virtual) thread: reads requests and answers them until the
 * peer closes, asks to close, goes idle, or sends something this server does not take.
 */
final class HttpConnection implements Runnable {

    /** How long the handshake and each request may take, and how long an idle connection is kept. */
    static final int IDLE_TIMEOUT_MILLIS = 30_000;

    /** Requests served on one connection before it is closed, so no client holds one forever. */
    static final int MAX_REQUESTS = 1_000;

    private static final System.Logger LOG = System.getLogger(HttpConnection.class.getName());

    private final SSLSocket socket;
    private final DemoRoutes routes;
    private final Runnable onClosed;

    HttpConnection(SSLSocket socket, DemoRoutes routes, Runnable onClosed) {
        this.socket = socket;
        this.routes = routes;
        this.onClosed = onClosed;
    }

    @Override
    public void run() {
        try (socket) {
            socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
            HttpRequestReader reader = new HttpRequestReader(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            boolean open = true;
            for (int served = 1; open; served++) {
                open = serve(reader, out, served < MAX_REQUESTS);
            }
        } catch (IOException e) {
            // the peer left, timed out or refused our certificate (curl without -k): nobody to answer
            LOG.log(Level.DEBUG, () -> "connection from " + socket.getRemoteSocketAddress() + " ended: " + e);
        } finally {
            onClosed.run();
        }
    }

    /** Serves one request; true if the connection stays open for another. */
    private boolean serve(HttpRequestReader reader, OutputStream out, boolean mayKeepAlive) throws IOException {
        HttpRequest request;
        try {
            request = reader.next();
        } catch (HttpRequestReader.BadRequestException e) {
            HttpResponse.text(400, "Bad Request", e.getMessage()).writeTo(out, true, false);
            return false;
        }
        if (request == null) {
            return false;
        }
        HttpResponse response = routes.respond(request, socket.getSession());
        // a body is never read, so after a request with one the stream position is unknown: close
        boolean keepAlive = mayKeepAlive && request.wantsKeepAlive() && !request.hasBody();
        response.writeTo(out, !request.method().equals("HEAD"), keepAlive);
        return keepAlive;
    }
}
