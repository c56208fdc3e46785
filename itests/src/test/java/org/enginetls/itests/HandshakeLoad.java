package org.enginetls.itests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.enginetls.provider.testing.TestPki;
import org.enginetls.testing.AsyncEnginePair;
import org.enginetls.testing.EnginePair;

/**
 * Client threads that do full TLS handshakes through {@code SSLContext.getInstance("TLS", "EngineTLS")},
 * one after another, until closed: some drive their engines in async mode like an event loop, the
 * others synchronously with delegated tasks. Every handshake ends with a message sent each way. The
 * server holds a software-generated (portable) EC P-256 key, and the client engines have no peer
 * host, so no session is ever resumed.
 *
 * <p>Tests synchronise on the handshake count: {@link #mark()} a change, then
 * {@link #awaitHandshakesAfter} waits (bounded) until enough handshakes completed after it and every
 * client finished one that started after it, so work begun before the change is over too.
 */
final class HandshakeLoad implements AutoCloseable {

    private static final long WAIT_SECONDS = 60;
    private static final int KEPT_FAILURES = 5;

    /** A point in the load: the epoch it opened and the handshakes completed before it. */
    record Mark(long epoch, long completedBefore) {
    }

    private final Object progress = new Object();
    private final List<Thread> clients = new ArrayList<>();
    /** Per client: the epoch in which its last completed handshake started. Guarded by {@link #progress}. */
    private final long[] lastStartEpoch;
    private final List<Throwable> failures = new ArrayList<>();
    private long epoch;
    private long completed;
    private long failed;
    private volatile boolean stopping;

    private HandshakeLoad(int clientCount) {
        lastStartEpoch = new long[clientCount];
        Arrays.fill(lastStartEpoch, -1);
    }

    /** Starts {@code asyncClients} async-mode and {@code syncClients} synchronous client threads. */
    static HandshakeLoad start(int asyncClients, int syncClients) throws Exception {
        HandshakeLoad load = new HandshakeLoad(asyncClients + syncClients);
        for (int i = 0; i < asyncClients + syncClients; i++) {
            boolean async = i < asyncClients;
            // contexts are made here, on the test's thread: a context that cannot be made fails the test at once
            SSLContext server = SSLContext.getInstance("TLS", "EngineTLS");
            server.init(TestPki.keyManagers("SunX509", TestPki.leaf(TestPki.KeyType.EC_P256)), null, null);
            SSLContext client = SSLContext.getInstance("TLS", "EngineTLS");
            client.init(null, TestPki.trustManagers(), null);
            int index = i;
            Thread thread = Thread.ofPlatform().daemon(true).name("enginetls-itest-" + (async ? "async" : "sync") + "-client-" + i)
                    .unstarted(() -> load.run(index, async, client, server));
            load.clients.add(thread);
        }
        load.clients.forEach(Thread::start);
        return load;
    }

    private void run(int index, boolean async, SSLContext clientContext, SSLContext serverContext) {
        while (!stopping) {
            long startEpoch;
            synchronized (progress) {
                startEpoch = epoch;
            }
            try {
                handshake(async, clientContext, serverContext);
                synchronized (progress) {
                    completed++;
                    lastStartEpoch[index] = startEpoch;
                    progress.notifyAll();
                }
            } catch (Throwable t) {
                synchronized (progress) {
                    failed++;
                    if (failures.size() < KEPT_FAILURES) {
                        failures.add(t);
                    }
                    progress.notifyAll();
                }
            }
        }
    }

    private static void handshake(boolean async, SSLContext clientContext, SSLContext serverContext) throws Exception {
        SSLEngine client = clientContext.createSSLEngine();
        client.setUseClientMode(true);
        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        String echoed;
        String protocol;
        if (async) {
            AsyncEnginePair pair = new AsyncEnginePair(client, server).handshake();
            protocol = pair.client().getSession().getProtocol();
            echoed = pair.roundTrip("ping");
        } else {
            EnginePair pair = new EnginePair(client, server).handshake();
            protocol = pair.clientSession().getProtocol();
            echoed = pair.roundTrip("ping");
        }
        if (!"TLSv1.3".equals(protocol) || !"ping".equals(echoed)) {
            throw new AssertionError("handshake ended with protocol " + protocol + " and echoed '" + echoed + "'");
        }
    }

    /** Opens a new epoch: handshakes that start from now on count as after the mark. */
    Mark mark() {
        synchronized (progress) {
            epoch++;
            return new Mark(epoch, completed);
        }
    }

    /**
     * Waits until {@code handshakes} handshakes completed after {@code mark} and every client completed
     * one that started after it. Fails at once if any handshake failed, or after a bounded time.
     */
    void awaitHandshakesAfter(Mark mark, long handshakes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        synchronized (progress) {
            while (failed == 0 && !(completed - mark.completedBefore() >= handshakes && everyClientPassed(mark))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("only " + (completed - mark.completedBefore()) + " of " + handshakes
                            + " handshakes within " + WAIT_SECONDS + " s of the mark; last start epochs "
                            + Arrays.toString(lastStartEpoch) + ", mark " + mark.epoch());
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            if (failed > 0) {
                AssertionError error = new AssertionError(failed + " handshake(s) failed; the first: " + failures.get(0));
                failures.forEach(error::addSuppressed);
                throw error;
            }
        }
    }

    private boolean everyClientPassed(Mark mark) {
        for (long start : lastStartEpoch) {
            if (start < mark.epoch()) {
                return false;
            }
        }
        return true;
    }

    long completed() {
        synchronized (progress) {
            return completed;
        }
    }

    long failed() {
        synchronized (progress) {
            return failed;
        }
    }

    /** The first failures (at most a few), for the assertion message. */
    List<Throwable> failures() {
        synchronized (progress) {
            return List.copyOf(failures);
        }
    }

    /** Stops the clients after their current handshake and waits (bounded) until they have ended. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        for (Thread client : clients) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !client.join(Duration.ofNanos(left))) {
                throw new AssertionError(client.getName() + " did not end within " + WAIT_SECONDS + " s");
            }
        }
    }
}
