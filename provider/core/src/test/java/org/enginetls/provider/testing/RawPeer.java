package org.enginetls.provider.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The far end of one {@link SSLEngine}, speaking raw bytes: a test hands the engine whatever bytes a
 * broken or hostile peer would send and sees what the engine answers. The driver follows the
 * {@code SSLEngine} contract (wrap while the engine has something to send, including after it threw,
 * so a pending alert is flushed) and records the first {@link SSLException} instead of propagating
 * it. Every loop is bounded, so an engine that stalls fails the test instead of hanging it.
 */
public final class RawPeer {

    private static final int MAX_STEPS = 200;
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final ByteBuffer network;
    private final ByteBuffer application;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final ByteArrayOutputStream sentAfterFailure = new ByteArrayOutputStream();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private byte[] undelivered = new byte[0];
    private SSLException failure;

    public RawPeer(SSLEngine engine) {
        this.engine = engine;
        this.network = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() * 2);
        this.application = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 2);
    }

    public SSLEngine engine() {
        return engine;
    }

    /** Begins the handshake and returns what the engine sends first (a client's ClientHello flight). */
    public byte[] start() {
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
        }
        return flush();
    }

    /**
     * Hands {@code bytes} to the engine as if they arrived from the network, after any bytes it left
     * unconsumed before, and returns everything the engine sent in answer.
     */
    public byte[] deliver(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(Records.concat(undelivered, bytes));
        int before = sent.size();
        for (int step = 0; step < MAX_STEPS; step++) {
            flush();
            if (!in.hasRemaining() || engine.isInboundDone()) {
                break;
            }
            SSLEngineResult result;
            try {
                result = engine.unwrap(in, application);
            } catch (SSLException e) {
                fail(e);
                continue;
            }
            takeApplicationData();
            runTasks();
            if (result.getStatus() != SSLEngineResult.Status.OK) {
                break;
            }
        }
        flush();
        undelivered = new byte[in.remaining()];
        in.get(undelivered);
        byte[] all = sent.toByteArray();
        return Arrays.copyOfRange(all, before, all.length);
    }

    /** Wraps {@code data} as application data and returns the records the engine produced. */
    public byte[] sendApplicationData(byte[] data) throws SSLException {
        ByteBuffer src = ByteBuffer.wrap(data);
        int before = sent.size();
        for (int step = 0; step < MAX_STEPS && src.hasRemaining(); step++) {
            network.clear();
            SSLEngineResult result = engine.wrap(src, network);
            record();
            if (result.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("wrap: " + result);
            }
        }
        byte[] all = sent.toByteArray();
        return Arrays.copyOfRange(all, before, all.length);
    }

    /** Tells the engine the peer closed the connection ({@code closeInbound}) and flushes its answer. */
    public byte[] peerClosed() {
        int before = sent.size();
        try {
            engine.closeInbound();
        } catch (SSLException e) {
            fail(e);
        }
        flush();
        byte[] all = sent.toByteArray();
        return Arrays.copyOfRange(all, before, all.length);
    }

    /** Wraps until the engine has nothing more to send; returns what it sent. */
    public byte[] flush() {
        int before = sent.size();
        for (int step = 0; step < MAX_STEPS; step++) {
            runTasks();
            network.clear();
            SSLEngineResult result;
            try {
                result = engine.wrap(NOTHING, network);
            } catch (SSLException e) {
                fail(e);
                continue;
            }
            record();
            if (result.bytesProduced() == 0 && result.getHandshakeStatus() != HandshakeStatus.NEED_TASK) {
                break;
            }
        }
        byte[] all = sent.toByteArray();
        return Arrays.copyOfRange(all, before, all.length);
    }

    /** The first exception the engine threw, or {@code null}. */
    public SSLException failure() {
        return failure;
    }

    /** Everything the engine sent after it first threw. */
    public byte[] sentAfterFailure() {
        return sentAfterFailure.toByteArray();
    }

    /** Everything the engine sent so far. */
    public byte[] sent() {
        return sent.toByteArray();
    }

    /** The application data the engine delivered. */
    public byte[] received() {
        return received.toByteArray();
    }

    private void record() {
        network.flip();
        byte[] bytes = new byte[network.remaining()];
        network.get(bytes);
        sent.writeBytes(bytes);
        if (failure != null) {
            sentAfterFailure.writeBytes(bytes);
        }
    }

    private void takeApplicationData() {
        application.flip();
        byte[] bytes = new byte[application.remaining()];
        application.get(bytes);
        received.writeBytes(bytes);
        application.clear();
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private void fail(SSLException e) {
        if (failure == null) {
            failure = e;
        }
    }
}
