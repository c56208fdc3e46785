package org.enginetls.demo;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Accepts TLS connections and hands each to an {@link HttpConnection} on a virtual thread of its own.
 * The handshake happens on that thread (at the first read), never on the accepting one, so a slow or
 * hostile client holds up nobody else. All threads are virtual, hence daemon: nothing here keeps the
 * JVM alive after {@link #close()}.
 */
final class HttpsListener implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HttpsListener.class.getName());
    private static final Duration ACCEPTOR_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final SSLServerSocket serverSocket;
    private final DemoRoutes routes;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    /** Starts accepting on {@code serverSocket}, which must be bound. */
    HttpsListener(SSLServerSocket serverSocket, DemoRoutes routes) {
        this.serverSocket = serverSocket;
        this.routes = routes;
        this.acceptor = Thread.ofVirtual().name("enginetls-demo-acceptor").start(this::acceptUntilClosed);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** Connections open right now. */
    int openConnections() {
        return connections.size();
    }

    private void acceptUntilClosed() {
        Thread.Builder connectionThreads = Thread.ofVirtual().name("enginetls-demo-connection-", 1);
        while (!closed) {
            SSLSocket socket;
            try {
                socket = (SSLSocket) serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.ERROR, "accepting connections failed; the server stops listening", e);
                }
                return;
            }
            connections.add(socket);
            if (closed) { // close() ran between accept and add, and did not see this socket
                closeQuietly(socket);
                return;
            }
            connectionThreads.start(new HttpConnection(socket, routes, () -> connections.remove(socket)));
        }
    }

    /** Stops accepting and closes every open connection (a response being written is cut off). */
    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        connections.forEach(HttpsListener::closeQuietly);
        try {
            if (!acceptor.join(ACCEPTOR_STOP_TIMEOUT)) {
                LOG.log(Level.WARNING, "the acceptor thread did not stop within " + ACCEPTOR_STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, () -> "closing " + closeable + " failed: " + e);
        }
    }
}
