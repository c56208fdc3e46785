package org.enginetls.benchmarks;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

import org.enginetls.async.AsyncCallback;

/**
 * An event loop on one thread that keeps {@code inFlight} handshakes going: whenever a pair
 * completes, a new one starts. A pair runs until it completes or waits for an engine operation; a
 * waiting pair is left alone until its async callback puts it on the ready queue, and the loop
 * sleeps on that queue only when no pair can move. It never blocks on an engine itself (in async
 * mode; outside it the engines block inside {@code wrap}/{@code unwrap}, which is what that mode measures).
 */
final class HandshakeDriver {

    /** A bound on the loop's sleep: far beyond any latency measured; reaching it means a lost callback. */
    private static final long STALL_SECONDS = 30;

    /** The callback every async engine gets: it only queues the pair and returns. */
    final AsyncCallback callback;

    private final BlockingQueue<Connection> ready = new LinkedBlockingQueue<>();
    private final ArrayDeque<Connection> runnable = new ArrayDeque<>();
    private final ByteBuffer app = ByteBuffer.allocate(64 * 1024);
    private SSLContext clientContext;
    private SSLContext serverContext;
    private long completed;
    private long sleeps;
    private long busyNanos;

    HandshakeDriver() {
        callback = (engine, arg) -> ready.offer((Connection) arg);
    }

    /** Starts {@code inFlight} handshakes between engines of the two contexts. */
    void start(SSLContext client, SSLContext server, int inFlight) throws SSLException {
        clientContext = client;
        serverContext = server;
        for (int i = 0; i < inFlight; i++) {
            runnable.add(newConnection(new Connection.Pipes()));
        }
    }

    /** Runs the loop until one more handshake has completed (and its replacement has started). */
    void completeOne() throws SSLException, InterruptedException {
        while (true) {
            ready.drainTo(runnable);
            Connection next = runnable.pollFirst();
            if (next == null) {
                sleeps++;
                next = ready.poll(STALL_SECONDS, TimeUnit.SECONDS);
                if (next == null) {
                    throw new SSLException("no handshake moved for " + STALL_SECONDS + " s");
                }
            }
            if (next.completed()) {
                continue; // a late duplicate notification for a pair already done
            }
            long started = System.nanoTime();
            try {
                if (next.advance(app)) {
                    completed++;
                    runnable.addLast(newConnection(next.pipes().clear()));
                    return;
                }
            } finally {
                busyNanos += System.nanoTime() - started;
            }
            // it waits for an engine now: its callback will queue it again
        }
    }

    long completed() {
        return completed;
    }

    /**
     * Wall time the loop spent inside the engines' calls (advancing pairs and starting new ones): the
     * time an event loop is not available for anything else, whether its thread computed or waited
     * for a job. Sleeps on the ready queue are not in it.
     */
    long busyNanos() {
        return busyNanos;
    }

    /** How often the loop found nothing to do and slept on the ready queue. */
    long sleeps() {
        return sleeps;
    }

    private Connection newConnection(Connection.Pipes pipes) throws SSLException {
        SSLEngine client = clientContext.createSSLEngine();
        client.setUseClientMode(true);
        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        Connection connection = new Connection(client, server, pipes);
        connection.begin();
        return connection;
    }
}
