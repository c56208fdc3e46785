package org.enginetls.demo;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;

import org.enginetls.async.AsyncSSLContext;
import org.enginetls.async.AsyncSSLEngine;

/**
 * HTTPS on one thread: a selector loop serving every connection, whose {@link SSLEngine}s run in
 * async mode. A connection whose handshake waits for a crypto engine is left alone; the async
 * callback queues it and wakes the selector, and the loop resumes it by calling wrap/unwrap again
 * (the pattern of {@code docs/async.md}).
 *
 * <p>The loop thread is a daemon: an abandoned server never keeps the JVM alive.
 */
final class AsyncHttpsServer implements AutoCloseable {

    /** How long the handshake and each request may take, and how long an idle connection is kept. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** How often the loop looks for connections past their deadline. */
    private static final long SWEEP_MILLIS = 1_000;

    /** How long stopping waits for open connections to finish what they are doing. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

    private static final Duration STOP_TIMEOUT = DRAIN_TIMEOUT.plusSeconds(8);

    private static final System.Logger LOG = System.getLogger(AsyncHttpsServer.class.getName());

    private final AsyncSSLContext context;
    private final String[] protocols;
    private final DemoRoutes routes;
    private final ServerCounters counters;
    private final Selector selector;
    private final ServerSocketChannel listener;
    /** Connections whose paused job can go on; filled by the callback, on crypto engines' threads. */
    private final Queue<HttpsConnection> resumable = new ConcurrentLinkedQueue<>();
    /** Touched by the loop thread only. */
    private final Set<HttpsConnection> open = new HashSet<>();
    private final Thread loop;
    private volatile boolean running = true;

    private AsyncHttpsServer(AsyncSSLContext context, InetSocketAddress address, String[] protocols, DemoRoutes routes,
            ServerCounters counters) throws IOException {
        this.context = context;
        this.protocols = protocols.clone();
        this.routes = routes;
        this.counters = counters;
        this.selector = Selector.open();
        try {
            listener = ServerSocketChannel.open();
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(address);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        loop = Thread.ofPlatform().name("enginetls-demo-loop").daemon().unstarted(this::run);
    }

    /**
     * Serves HTTPS with {@code context}'s engines on {@code address}. The context must be
     * initialised; this server turns its async mode on and sets its callback.
     */
    static AsyncHttpsServer start(AsyncSSLContext context, InetSocketAddress address, String[] protocols,
            DemoRoutes routes, ServerCounters counters) throws IOException {
        AsyncHttpsServer server = new AsyncHttpsServer(context, address, protocols, routes, counters);
        context.setAsyncMode(true);
        context.setAsyncCallback((engine, connection) -> {
            // short and non-blocking, on the engine's thread: the loop does the work, on its own
            server.resumable.add((HttpsConnection) connection);
            server.selector.wakeup();
            return true;
        });
        server.loop.start();
        return server;
    }

    InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the server socket is closed", e);
        }
    }

    /**
     * Stops the loop and waits for it: connections are closed gracefully for up to
     * {@link #DRAIN_TIMEOUT}, then whatever is left is closed (cancelling paused jobs).
     */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            if (!loop.join(STOP_TIMEOUT)) {
                LOG.log(Level.WARNING, "the event loop did not stop within " + STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            long nextSweep = System.nanoTime();
            while (running) {
                selectAndServe(SWEEP_MILLIS);
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    closeExpired(now);
                    nextSweep = now + SWEEP_MILLIS * 1_000_000;
                }
            }
            drain();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "the event loop failed; the demo server stops serving", e);
        } finally {
            for (HttpsConnection connection : List.copyOf(open)) {
                connection.close();
            }
            closeQuietly(listener);
            closeQuietly(selector);
        }
    }

    /** One {@code select} of at most {@code timeoutMillis}, then everything it and the async callbacks made ready. */
    private void selectAndServe(long timeoutMillis) throws IOException {
        selector.select(timeoutMillis);
        for (SelectionKey key : selector.selectedKeys()) {
            if (!key.isValid()) {
                continue;
            }
            if (key.isAcceptable()) {
                accept();
            } else {
                serve((HttpsConnection) key.attachment());
            }
        }
        selector.selectedKeys().clear();
        HttpsConnection ready;
        while ((ready = resumable.poll()) != null) {
            serve(ready);
        }
    }

    /**
     * The graceful part of stopping: no new connections; each open one finishes the handshake or
     * response it is in, answers a request already received (with {@code Connection: close}) and
     * sends its close_notify. What is still open after {@link #DRAIN_TIMEOUT} is closed by {@link #run()}.
     */
    private void drain() throws IOException {
        listener.close();
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        for (HttpsConnection connection : List.copyOf(open)) {
            connection.finish();
        }
        for (long left = DRAIN_TIMEOUT.toMillis(); !open.isEmpty() && left > 0;
                left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
            selectAndServe(left);
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            counters.connections.incrementAndGet();
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                SSLEngine engine = context.createSSLEngine();
                engine.setUseClientMode(false);
                engine.setEnabledProtocols(protocols);
                HttpsConnection connection = new HttpsConnection(channel, engine, routes, counters, open::remove);
                ((AsyncSSLEngine) engine).setAsyncCallbackArg(connection);
                connection.register(selector);
                open.add(connection);
            } catch (IOException e) {
                // that peer left at once: the others are served on
                closeQuietly(channel);
            }
        }
    }

    private static void serve(HttpsConnection connection) {
        if (!connection.isOpen()) {
            return; // closed before its callback came
        }
        connection.serve();
    }

    private void closeExpired(long now) {
        List<HttpsConnection> expired = new ArrayList<>();
        for (HttpsConnection connection : open) {
            if (connection.isExpired(now)) {
                expired.add(connection);
            }
        }
        expired.forEach(HttpsConnection::close);
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, () -> "closing " + closeable + " failed: " + e);
        }
    }
}
