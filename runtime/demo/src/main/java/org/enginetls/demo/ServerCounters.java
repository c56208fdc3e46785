package org.enginetls.demo;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the server itself saw, next to the engines' counters: connections accepted, handshakes
 * finished and failed. A hot-swap that loses a handshake shows here as {@code handshakesFailed}.
 */
final class ServerCounters {

    final AtomicLong connections = new AtomicLong();
    final AtomicLong open = new AtomicLong();
    final AtomicLong handshakes = new AtomicLong();
    final AtomicLong handshakesFailed = new AtomicLong();
    final AtomicLong requests = new AtomicLong();

    /** The counters as a JSON object. */
    String json() {
        return "{\"connections\":" + connections.get() + ",\"open\":" + open.get()
                + ",\"handshakes\":" + handshakes.get() + ",\"handshakesFailed\":" + handshakesFailed.get()
                + ",\"requests\":" + requests.get() + "}";
    }
}
