package org.enginetls.container;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Clients making one full handshake and request after another until stopped, counting what
 * succeeded and what failed. Bounded: each client stops by itself after {@code limit}.
 */
final class HandshakeLoad implements AutoCloseable {

    private final List<Thread> clients = new ArrayList<>();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private volatile boolean running = true;

    private HandshakeLoad() {
    }

    /** Starts {@code clients} threads requesting {@code path} through {@code probe}, for at most {@code limit}. */
    static HandshakeLoad start(HttpsProbe probe, String path, int clients, Duration limit) {
        HandshakeLoad load = new HandshakeLoad();
        long deadline = System.nanoTime() + limit.toNanos();
        for (int i = 0; i < clients; i++) {
            load.clients.add(Thread.ofPlatform().daemon().name("handshake-load-" + i).start(() -> {
                while (load.running && System.nanoTime() - deadline < 0) {
                    load.request(probe, path);
                }
            }));
        }
        return load;
    }

    private void request(HttpsProbe probe, String path) {
        try {
            HttpsProbe.Response response = probe.get(path);
            if (response.status() == 200) {
                succeeded.incrementAndGet();
            } else {
                fail(path + " answered " + response.status() + ": " + response.body());
            }
        } catch (IOException | RuntimeException e) {
            fail(e.toString());
        }
    }

    private void fail(String what) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, what);
    }

    long succeeded() {
        return succeeded.get();
    }

    long failed() {
        return failed.get();
    }

    /** What went wrong first, or {@code null}. */
    String firstFailure() {
        return firstFailure.get();
    }

    /** Stops the clients and waits for their last request to end. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread client : clients) {
            if (!client.join(HttpsProbe.TIMEOUT.plusSeconds(5))) {
                throw new AssertionError(client.getName() + " did not stop");
            }
        }
    }
}
