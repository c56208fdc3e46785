package org.enginetls.provider.testing;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * A {@link TextConnection} that drives an {@link SSLEngine} over a non-blocking {@link SocketChannel},
 * the way event-loop servers do; every wait for the network goes through a selector with a timeout,
 * so a silent peer fails the test instead of hanging it.
 */
public final class EngineTextConnection implements TextConnection {

    private final SSLEngine engine;
    private final SocketChannel channel;
    private final Selector selector;
    private final long timeoutMillis;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private ByteBuffer appIn;
    private boolean peerClosed;

    public EngineTextConnection(SSLEngine engine, SocketChannel channel, Duration timeout) throws IOException {
        this.engine = engine;
        this.channel = channel;
        this.timeoutMillis = timeout.toMillis();
        channel.configureBlocking(false);
        this.selector = Selector.open();
        int packet = engine.getSession().getPacketBufferSize();
        netIn = ByteBuffer.allocate(packet);
        netOut = ByteBuffer.allocate(packet);
        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    @Override
    public SSLSession handshake() throws IOException {
        engine.beginHandshake();
        while (!handshakeDone(engine.getHandshakeStatus())) {
            if (!advance()) {
                throw new EOFException("peer closed during the handshake");
            }
        }
        return engine.getSession();
    }

    @Override
    public String readLine() throws IOException {
        while (true) {
            String line = takeLine();
            if (line != null) {
                return line;
            }
            if (peerClosed || !unwrapSome()) {
                return null;
            }
        }
    }

    @Override
    public void writeLine(String line) throws IOException {
        ByteBuffer src = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (src.hasRemaining()) {
            check(engine.wrap(src, netOut));
            flush();
        }
    }

    @Override
    public void awaitPeerClose() throws IOException {
        while (!peerClosed && unwrapSome()) {
            appIn.clear();
        }
    }

    /** Sends close_notify (if not sent yet) and closes the channel. */
    @Override
    public void close() throws IOException {
        try {
            if (channel.isOpen() && !engine.isOutboundDone()) {
                engine.closeOutbound();
                while (!engine.isOutboundDone()) {
                    engine.wrap(ByteBuffer.allocate(0), netOut);
                    flush();
                }
            }
        } finally {
            selector.close();
            channel.close();
        }
    }

    /** One handshake step: run tasks, wrap, or unwrap (reading as needed); false if the peer closed. */
    private boolean advance() throws IOException {
        switch (engine.getHandshakeStatus()) {
            case NEED_TASK -> runTasks();
            case NEED_WRAP -> {
                check(engine.wrap(ByteBuffer.allocate(0), netOut));
                flush();
            }
            default -> {
                return unwrapSome();
            }
        }
        return true;
    }

    /** Unwraps at least one record (reading from the network as needed); false at the end of input. */
    private boolean unwrapSome() throws IOException {
        while (true) {
            netIn.flip();
            SSLEngineResult result;
            try {
                result = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
            }
            switch (result.getStatus()) {
                case OK -> {
                    if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                        check(engine.wrap(ByteBuffer.allocate(0), netOut));
                        flush();
                    }
                    if (result.bytesConsumed() > 0) {
                        return true;
                    }
                }
                case CLOSED -> {
                    peerClosed = true;
                    if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                        engine.wrap(ByteBuffer.allocate(0), netOut);
                        flush();
                    }
                    return false;
                }
                case BUFFER_UNDERFLOW -> {
                    if (netIn.remaining() == 0) {
                        netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                    }
                    if (read() < 0) {
                        peerClosed = true;
                        return false;
                    }
                }
                case BUFFER_OVERFLOW -> appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
            }
        }
    }

    private String takeLine() {
        for (int i = 0; i < appIn.position(); i++) {
            if (appIn.get(i) == '\n') {
                byte[] line = new byte[i];
                appIn.flip();
                appIn.get(line).get();
                appIn.compact();
                return new String(line, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private int read() throws IOException {
        int read = channel.read(netIn);
        if (read == 0) {
            await(SelectionKey.OP_READ);
            read = channel.read(netIn);
        }
        return read;
    }

    private void flush() throws IOException {
        netOut.flip();
        try {
            while (netOut.hasRemaining()) {
                if (channel.write(netOut) == 0) {
                    await(SelectionKey.OP_WRITE);
                }
            }
        } finally {
            netOut.compact();
        }
    }

    private void await(int operation) throws IOException {
        SelectionKey key = channel.register(selector, operation);
        try {
            if (selector.select(timeoutMillis) == 0) {
                throw new SocketTimeoutException("no network progress in " + timeoutMillis + " ms");
            }
        } finally {
            key.cancel();
            selector.selectNow();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static void check(SSLEngineResult result) throws SSLException {
        if (result.getStatus() != SSLEngineResult.Status.OK) {
            throw new SSLException("wrap: " + result);
        }
    }

    private static boolean handshakeDone(HandshakeStatus status) {
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    private static ByteBuffer grow(ByteBuffer buffer, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + atLeast));
        buffer.flip();
        return bigger.put(buffer);
    }
}
