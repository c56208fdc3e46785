package org.enginetls.dasync.conformance;

import static org.junit.Assert.assertEquals;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

import org.enginetls.async.AsyncSSLEngine;

/**
 * One side of an in-memory connection as a framework holds it: the engine, the bytes it wrapped and
 * has not sent yet, the bytes it received and has not unwrapped yet, and its application's data
 * &mdash; what to send, and a digest of what arrived. The calls a driver makes go through here, so
 * every pattern handles {@code BUFFER_OVERFLOW}, delegated tasks and async pauses the same way.
 */
final class Endpoint {

    static final long WAIT_SECONDS = 20;
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    /** A socket's send buffer: application data is wrapped only while less than this waits to be sent. */
    private static final int SEND_BUFFER = 1 << 16;
    private static final int TINY = 64;
    private static final int MAX_APPLICATION_BUFFER = 1 << 16;

    final String name;
    final SSLEngine engine;
    private final boolean tinyBuffers;
    private final boolean lateTasks;
    private final ExecutorService taskThread;
    private final byte[] data;
    private final int expected;
    private final MessageDigest arrived;
    private final Semaphore wakes = new Semaphore(0);
    ByteBuffer outbound;
    ByteBuffer inbound;
    private ByteBuffer application;
    private int sent;
    private int received;
    private boolean closeRequested;
    int tasksRun;
    int pauses;
    /** Whether one wrap run sent application data right behind this side's Finished. */
    boolean dataBehindFinished;
    final AtomicInteger callbacks = new AtomicInteger();

    Endpoint(String name, SSLEngine engine, boolean asyncMode, boolean tinyBuffers, boolean lateTasks,
            ExecutorService taskThread, byte[] data, int expected) {
        this.name = name;
        this.engine = engine;
        this.tinyBuffers = tinyBuffers;
        this.lateTasks = lateTasks;
        this.taskThread = taskThread;
        this.data = data;
        this.expected = expected;
        this.arrived = sha256();
        int initial = tinyBuffers ? TINY : engine.getSession().getPacketBufferSize();
        outbound = ByteBuffer.allocate(initial);
        inbound = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        application = ByteBuffer.allocate(tinyBuffers ? TINY : engine.getSession().getApplicationBufferSize());
        if (engine instanceof AsyncSSLEngine async) {
            async.setAsyncMode(asyncMode);
            async.setAsyncCallback((e, arg) -> {
                callbacks.incrementAndGet();
                wakes.release();
                return true;
            });
        }
    }

    /** Whether this engine is EngineTLS's. */
    boolean ours() {
        return engine instanceof AsyncSSLEngine;
    }

    boolean handshaking() {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
    }

    boolean hasDataToSend() {
        return sent < data.length && !closeRequested && outbound.position() < SEND_BUFFER;
    }

    boolean hasInput() {
        return inbound.position() > 0 && !engine.isInboundDone();
    }

    /**
     * Closed both ways with nothing left to send or read. What arrives after the engine closed its
     * input is never read: BCJSSE closes both directions when the application closes its own, so the
     * peer's close_notify may come after that.
     */
    boolean done() {
        return engine.isOutboundDone() && engine.isInboundDone() && outbound.position() == 0;
    }

    /** Wraps nothing: a handshake message, an alert, or a resume of a paused job. */
    SSLEngineResult wrapNothing() throws SSLException {
        return wrap(NOTHING);
    }

    /** Wraps application data if there is any to send, else nothing. */
    SSLEngineResult wrapData() throws SSLException {
        if (!hasDataToSend()) {
            return wrapNothing();
        }
        ByteBuffer src = ByteBuffer.wrap(data, sent, Math.min(data.length - sent, 20_000));
        SSLEngineResult result = wrap(src);
        sent += result.bytesConsumed();
        return result;
    }

    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        while (true) {
            SSLEngineResult result = engine.wrap(src, outbound);
            if (result.getStatus() != Status.BUFFER_OVERFLOW) {
                return result;
            }
            assertEquals(name + ": an overflowing wrap takes nothing", 0, result.bytesConsumed());
            outbound = grow(outbound, outbound.capacity() * 2);
        }
    }

    /** Unwraps from what arrived; an overflow grows the application buffer and retries, as frameworks do. */
    SSLEngineResult unwrap() throws SSLException {
        inbound.flip();
        try {
            while (true) {
                SSLEngineResult result = engine.unwrap(inbound, application);
                take(result.bytesProduced());
                if (result.getStatus() != Status.BUFFER_OVERFLOW) {
                    if (tinyBuffers) {
                        application = ByteBuffer.allocate(TINY);
                    }
                    return result;
                }
                if (application.capacity() >= MAX_APPLICATION_BUFFER) {
                    throw new AssertionError(name + ": unwrap overflows a buffer of " + application.capacity() + ": " + result);
                }
                application = ByteBuffer.allocate(application.capacity() * 2);
            }
        } finally {
            inbound.compact();
        }
    }

    private void take(int produced) {
        application.flip();
        assertEquals(name + ": plaintext reported", produced, application.remaining());
        received += produced;
        arrived.update(application);
        application.clear();
    }

    /**
     * Does what the engine's handshake status asks for besides wrap and unwrap: waits for a paused
     * job, or runs delegated tasks. Returns whether there was anything to do.
     */
    boolean serviceTasks() throws Exception {
        if (engine instanceof AsyncSSLEngine async && async.isWaitingForAsync()) {
            awaitJob(async);
            return true;
        }
        if (engine.getHandshakeStatus() != HandshakeStatus.NEED_TASK) {
            return false;
        }
        List<Runnable> tasks = new ArrayList<>();
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            tasks.add(task);
        }
        if (lateTasks) {
            runLate(tasks);
        } else {
            tasks.forEach(Runnable::run);
        }
        tasksRun += tasks.size();
        return true;
    }

    /**
     * Async mode: resumes at once (before the engine is likely to have answered, which must be
     * harmless), then waits for the callback and resumes again, until the job no longer waits.
     */
    private void awaitJob(AsyncSSLEngine async) throws Exception {
        for (int attempt = 0; attempt < 1_000 && async.isWaitingForAsync(); attempt++) {
            pauses++;
            wrapNothing();
            if (async.isWaitingForAsync() && !wakes.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError(name + ": no callback within " + WAIT_SECONDS + " s; status "
                        + async.getAsyncStatus());
            }
        }
    }

    /**
     * Hands the tasks to another thread, which runs them only after the driver has called wrap and
     * unwrap again: while its task has not run, an engine must take and give nothing.
     */
    private void runLate(List<Runnable> tasks) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Future<?> run = taskThread.submit(() -> {
            gate.await();
            tasks.forEach(Runnable::run);
            return null;
        });
        int outboundBefore = outbound.position();
        int inboundBefore = inbound.position();
        SSLEngineResult wrapped = wrapData();
        SSLEngineResult unwrapped = unwrap();
        String state = name + " with its task not yet run: wrap " + wrapped + ", unwrap " + unwrapped;
        assertEquals(state, HandshakeStatus.NEED_TASK, wrapped.getHandshakeStatus());
        assertEquals(state, HandshakeStatus.NEED_TASK, unwrapped.getHandshakeStatus());
        assertEquals(state, outboundBefore, outbound.position());
        assertEquals(state, inboundBefore, inbound.position());
        gate.countDown();
        // and calls racing the task: whatever they do must be what the engine really did
        wrapData();
        unwrap();
        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The application's close: the client once it has sent and received everything, the server in answer. */
    void closeWhenDone(boolean client) {
        if (closeRequested) {
            return;
        }
        if (client ? sent == data.length && received == expected : engine.isInboundDone()) {
            closeRequested = true;
            engine.closeOutbound();
        }
    }

    /** Moves up to {@code limit} bytes of what this side wrapped to {@code peer}'s input. */
    void deliverTo(Endpoint peer, int limit) {
        outbound.flip();
        int n = Math.min(outbound.remaining(), limit);
        if (peer.inbound.remaining() < n) {
            peer.inbound = grow(peer.inbound, peer.inbound.position() + n);
        }
        peer.inbound.put(outbound.slice(outbound.position(), n));
        outbound.position(outbound.position() + n);
        outbound.compact();
        if (tinyBuffers && outbound.position() == 0) {
            outbound = ByteBuffer.allocate(TINY);
        }
    }

    int received() {
        return received;
    }

    byte[] digestOfArrived() {
        return arrived.digest();
    }

    String state() {
        return name + " " + engine.getHandshakeStatus() + " outbound/inbound done " + engine.isOutboundDone() + "/"
                + engine.isInboundDone() + ", sent " + sent + "/" + data.length + ", received " + received + "/"
                + expected + ", " + outbound.position() + " bytes to send, " + inbound.position() + " unread";
    }

    static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ByteBuffer grow(ByteBuffer buffer, int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(capacity, buffer.capacity() + 1));
        buffer.flip();
        bigger.put(buffer);
        return bigger;
    }
}
