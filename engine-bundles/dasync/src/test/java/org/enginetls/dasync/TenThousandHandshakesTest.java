package org.enginetls.dasync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import org.enginetls.async.AsyncCallback;
import org.enginetls.async.AsyncSSLContext;
import org.enginetls.async.AsyncSSLEngine;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.testing.TestPki;
import org.junit.After;
import org.junit.Test;

/**
 * Ten thousand TLS 1.3 connections in flight at once on one thread: EngineTLS on both sides, both in
 * async mode, every asymmetric operation done by dasync. The driver starts every handshake before it
 * lets any continue, so thousands of jobs are paused together; afterwards it touches a connection
 * only when the async callback has put it on the ready queue, and sleeps only on that queue.
 */
public class TenThousandHandshakesTest {

    private static final int PAIRS = 10_000;
    /** The longest the driver waits for any callback before it declares the run stalled. */
    private static final long QUIET_SECONDS = 30;
    private static final byte[] REQUEST = "ping".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final DasyncEngine dasync = new DasyncEngine(DasyncSettings.from(Map.of("latency.ms", "1")));
    /**
     * Ten thousand handshakes queue tens of thousands of operations on dasync's two threads: on a
     * loaded two-core machine an operation can wait in that queue longer than the default 5 s, which
     * is the engine being saturated, not the async machinery failing. The limit stays finite.
     */
    private final ProviderCore core = new ProviderCore(new ProviderSettings(true, true, ProviderSettings.DEFAULT_MAX_JOBS,
            RouterSettings.DEFAULTS.withOperationTimeoutMillis(TimeUnit.SECONDS.toMillis(QUIET_SECONDS))));
    private final BlockingQueue<Pair> ready = new LinkedBlockingQueue<>();

    @After
    public void stopDasync() {
        dasync.close();
    }

    @Test
    public void tenThousandHandshakesPausedTogetherCompleteOnOneDriverThread() throws Exception {
        core.registry().add(dasync, dasync.ranking(), EngineOrigin.CLASS_PATH);
        EngineTlsProvider provider = new EngineTlsProvider(core);
        AsyncCallback enqueue = (engine, pair) -> ready.offer((Pair) pair);
        AsyncSSLContext serverContext = AsyncSSLContext.getInstance("TLSv1.3", provider);
        serverContext.init(TestPki.keyManagers("SunX509", TestPki.leaf(TestPki.KeyType.EC_P256)), null, null);
        AsyncSSLContext clientContext = AsyncSSLContext.getInstance("TLSv1.3", provider);
        clientContext.init(null, TestPki.trustManagers(), null);
        for (AsyncSSLContext context : new AsyncSSLContext[] {serverContext, clientContext}) {
            context.setAsyncMode(true);
            context.setAsyncCallback(enqueue);
        }

        Scratch scratch = new Scratch(clientContext.createSSLEngine());
        long started = System.nanoTime();
        Pair[] pairs = new Pair[PAIRS];
        int peakLiveJobs = 0;
        for (int i = 0; i < PAIRS; i++) {
            pairs[i] = new Pair(i, clientContext.createSSLEngine("localhost", 443), serverContext.createSSLEngine());
            pairs[i].begin();
            if (!pairs[i].waiting()) {
                // dasync finished before the job could pause (a loaded machine): the call had its normal
                // result and no callback will come, so the driver queues the pair itself
                ready.offer(pairs[i]);
            }
        }
        long startedAll = System.nanoTime();
        peakLiveJobs = Math.max(peakLiveJobs, core.jobs().liveJobs());

        int completed = 0;
        while (completed < PAIRS) {
            Pair pair = ready.poll(QUIET_SECONDS, TimeUnit.SECONDS);
            if (pair == null) {
                fail("no callback for " + QUIET_SECONDS + " s with " + (PAIRS - completed) + " connections unfinished: "
                        + diagnosis(pairs));
            }
            if (pair.finished) {
                continue; // a late duplicate: both engines of a pair may have queued it
            }
            pair.drive(scratch);
            peakLiveJobs = Math.max(peakLiveJobs, core.jobs().liveJobs());
            if (pair.done()) {
                pair.finished = true;
                pairs[pair.index] = null; // its engines and buffers go with it
                completed++;
            } else if (!pair.waiting()) {
                fail("connection " + pair.index + " stopped without waiting for an engine: " + pair);
            }
        }
        long finished = System.nanoTime();
        System.out.printf("%d async handshakes + round trips on one driver thread: %d ms (all started after %d ms),"
                + " process CPU %d ms, peak live jobs %d, dasync completions %d%n", PAIRS,
                TimeUnit.NANOSECONDS.toMillis(finished - started), TimeUnit.NANOSECONDS.toMillis(startedAll - started),
                TimeUnit.NANOSECONDS.toMillis(processCpuNanos()), peakLiveJobs, dasync.completions());

        assertTrue("thousands of jobs were paused at once: peak " + peakLiveJobs, peakLiveJobs > 1_000);
        assertTrue("dasync did every handshake's asymmetric work", dasync.completions() >= 5L * PAIRS);
        assertEquals("no job left", 0, core.jobs().liveJobs());
        assertEquals("no request left in dasync", 0, dasync.pendingRequests());
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private String diagnosis(Pair[] pairs) {
        int unfinished = 0;
        int waiting = 0;
        Pair example = null;
        for (Pair pair : pairs) {
            if (pair != null) {
                unfinished++;
                waiting += pair.waiting() ? 1 : 0;
                example = example == null ? pair : example;
            }
        }
        return unfinished + " unfinished, " + waiting + " waiting for an engine, live jobs " + core.jobs().liveJobs()
                + ", dasync pending " + dasync.pendingRequests() + ", e.g. " + example;
    }

    /**
     * The driver's buffers for whatever it is working on: one packet and one application buffer of
     * exactly the sizes the engines ask for. A connection keeps only the bytes in transit to it.
     */
    private static final class Scratch {
        final ByteBuffer net;
        final ByteBuffer app;

        Scratch(SSLEngine engine) {
            net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        }
    }

    /** One end of a connection: its engine, the bytes the peer sent it, the data it still has to send. */
    private static final class End {
        final SSLEngine engine;
        ByteBuffer inbound;
        ByteBuffer toSend;
        int received;

        End(SSLEngine engine, ByteBuffer toSend) {
            this.engine = engine;
            this.toSend = toSend;
        }

        void accept(ByteBuffer bytes) {
            if (!bytes.hasRemaining()) {
                return;
            }
            ByteBuffer joined = ByteBuffer.allocate((inbound == null ? 0 : inbound.remaining()) + bytes.remaining());
            if (inbound != null) {
                joined.put(inbound);
            }
            inbound = joined.put(bytes).flip();
        }

        boolean waiting() {
            return ((AsyncSSLEngine) engine).isWaitingForAsync();
        }

        @Override
        public String toString() {
            return engine.getHandshakeStatus() + (waiting() ? " waiting " + ((AsyncSSLEngine) engine).getAsyncStatus() : "")
                    + ", inbound " + (inbound == null ? 0 : inbound.remaining()) + ", received " + received;
        }
    }

    /** A client and a server connected in memory; the client sends a ping once the handshake is done, the server echoes it. */
    private static final class Pair {
        final int index;
        final End client;
        final End server;
        boolean finished;

        Pair(int index, SSLEngine client, SSLEngine server) {
            this.index = index;
            client.setUseClientMode(true);
            server.setUseClientMode(false);
            ((AsyncSSLEngine) client).setAsyncCallbackArg(this);
            ((AsyncSSLEngine) server).setAsyncCallbackArg(this);
            this.client = new End(client, ByteBuffer.wrap(REQUEST));
            this.server = new End(server, null);
        }

        /** Starts the handshake: the client's job pauses on its key share, generated by dasync. */
        void begin() throws SSLException {
            client.engine.beginHandshake();
            server.engine.beginHandshake();
        }

        /** Lets both ends move as far as they can without waiting. */
        void drive(Scratch scratch) throws SSLException {
            boolean moved;
            do {
                moved = step(client, server, scratch) | step(server, client, scratch);
            } while (moved);
        }

        boolean done() {
            return client.received == REQUEST.length && server.toSend == null && client.inbound == null
                    && server.inbound == null && !handshaking(client) && !handshaking(server);
        }

        boolean waiting() {
            return client.waiting() || server.waiting();
        }

        /** Wraps or unwraps for {@code self} until it stops; {@code true} if it moved at all. */
        private boolean step(End self, End peer, Scratch scratch) throws SSLException {
            boolean progress = false;
            while (true) {
                HandshakeStatus status = self.engine.getHandshakeStatus();
                boolean handshaken = status == HandshakeStatus.NOT_HANDSHAKING;
                SSLEngineResult result;
                if (status == HandshakeStatus.NEED_WRAP || (status == HandshakeStatus.NEED_TASK && self.inbound == null)
                        || (handshaken && self.toSend != null)) {
                    // a wrap also resumes a paused job (any call does)
                    ByteBuffer source = handshaken && self.toSend != null ? self.toSend : NOTHING;
                    result = self.engine.wrap(source, scratch.net.clear());
                    if (self.toSend != null && !self.toSend.hasRemaining()) {
                        self.toSend = null;
                    }
                    peer.accept(scratch.net.flip());
                } else if (self.inbound != null) {
                    result = self.engine.unwrap(self.inbound, scratch.app.clear());
                    if (!self.inbound.hasRemaining()) {
                        self.inbound = null;
                    }
                    delivered(self, scratch.app.flip());
                } else {
                    return progress;
                }
                boolean moved = result.bytesConsumed() > 0 || result.bytesProduced() > 0
                        || result.getHandshakeStatus() != status;
                progress |= moved;
                if (!moved || result.getStatus() != SSLEngineResult.Status.OK) {
                    return progress;
                }
            }
        }

        private void delivered(End self, ByteBuffer data) {
            if (!data.hasRemaining()) {
                return;
            }
            self.received += data.remaining();
            if (self == server) {
                server.toSend = ByteBuffer.allocate(data.remaining()).put(data).flip();
            }
        }

        private static boolean handshaking(End end) {
            return end.engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING;
        }

        @Override
        public String toString() {
            return "pair " + index + ": client " + client + "; server " + server;
        }
    }
}
