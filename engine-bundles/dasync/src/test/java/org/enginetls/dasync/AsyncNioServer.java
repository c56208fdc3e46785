package org.enginetls.dasync;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import org.enginetls.async.AsyncSSLContext;
import org.enginetls.async.AsyncSSLEngine;

/**
 * A TLS echo server on one thread: a selector loop serving many connections whose SSLEngines run in
 * async mode. A connection whose handshake waits for a crypto engine is left alone; the async
 * callback queues it and wakes the selector, and the loop resumes it by calling wrap/unwrap again.
 */
public final class AsyncNioServer implements AutoCloseable {

    private final AsyncSSLContext context;
    private final Selector selector;
    private final ServerSocketChannel listener;
    /** Connections whose paused job can go on; filled by the callback, on crypto engine threads. */
    private final Queue<Connection> resumable = new ConcurrentLinkedQueue<>();
    private final Set<Connection> open = new HashSet<>();
    private volatile boolean running = true;
    private Thread loop;

    private AsyncNioServer(AsyncSSLContext context, InetSocketAddress address) throws IOException {
        this.context = context;
        this.selector = Selector.open();
        this.listener = ServerSocketChannel.open().bind(address);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    /** Serves {@code context}'s TLS on {@code address}; the context must be initialised. */
    public static AsyncNioServer start(AsyncSSLContext context, InetSocketAddress address) throws IOException {
        AsyncNioServer server = new AsyncNioServer(context, address);
        context.setAsyncMode(true);
        context.setAsyncCallback((engine, connection) -> {
            // short and non-blocking: the loop does the work, on its own thread
            server.resumable.add((Connection) connection);
            server.selector.wakeup();
            return true;
        });
        server.loop = Thread.ofPlatform().name("async-nio-server").start(server::run);
        return server;
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) listener.getLocalAddress();
    }

    /** Whether the event loop still runs. */
    public boolean isRunning() {
        return loop.isAlive();
    }

    /** Stops the loop, which closes every connection (cancelling paused jobs), and waits for it. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        selector.wakeup();
        loop.join(TimeUnit.SECONDS.toMillis(10));
    }

    private void run() {
        try {
            while (running) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        serve((Connection) key.attachment());
                    }
                }
                selector.selectedKeys().clear();
                Connection ready;
                while ((ready = resumable.poll()) != null) {
                    serve(ready);
                }
            }
        } catch (IOException e) {
            System.getLogger(AsyncNioServer.class.getName()).log(System.Logger.Level.ERROR, "event loop failed", e);
        } finally {
            for (Connection connection : List.copyOf(open)) {
                connection.close();
            }
            closeQuietly(listener);
            closeQuietly(selector);
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            channel.configureBlocking(false);
            SSLEngine engine = context.createSSLEngine();
            engine.setUseClientMode(false);
            Connection connection = new Connection(channel, engine);
            ((AsyncSSLEngine) engine).setAsyncCallbackArg(connection);
            connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
            open.add(connection);
        }
    }

    private void serve(Connection connection) {
        if (!connection.channel.isOpen()) {
            return; // closed before its callback came
        }
        try {
            connection.serve();
        } catch (IOException e) {
            connection.close(); // a broken peer or a failed handshake ends this connection only
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    /** One TLS connection: its channel, its engine, and the bytes on their way in and out. */
    private final class Connection {
        final SocketChannel channel;
        final SSLEngine engine;
        final ByteBuffer netIn;
        final ByteBuffer netOut;
        /** Plaintext received and not yet echoed. */
        final ByteBuffer echo;
        SelectionKey key;

        Connection(SocketChannel channel, SSLEngine engine) {
            this.channel = channel;
            this.engine = engine;
            netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            echo = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        }

        /** Reads what arrived, lets the engine go as far as it can, writes what it produced. */
        void serve() throws IOException {
            boolean peerGone = channel.read(netIn) < 0;
            boolean moved;
            do {
                moved = step() | flush();
            } while (moved);
            if (peerGone || (engine.isOutboundDone() && netOut.position() == 0)) {
                close();
                return;
            }
            key.interestOps(netOut.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        /**
         * One wrap or unwrap; {@code true} if it moved. A call whose job pauses returns NEED_TASK having
         * moved nothing: the connection then waits for its callback. Calling again is what resumes it.
         */
        private boolean step() throws SSLException {
            HandshakeStatus status = engine.getHandshakeStatus();
            boolean handshaken = status == HandshakeStatus.NOT_HANDSHAKING;
            SSLEngineResult result;
            if (status == HandshakeStatus.NEED_WRAP || (handshaken && echo.position() > 0)
                    || (status == HandshakeStatus.NEED_TASK && netIn.position() == 0)) {
                echo.flip();
                try {
                    result = engine.wrap(echo, netOut);
                } finally {
                    echo.compact();
                }
            } else if (netIn.position() > 0) {
                netIn.flip();
                try {
                    result = engine.unwrap(netIn, echo);
                } finally {
                    netIn.compact();
                }
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    engine.closeOutbound(); // answer the peer's close_notify with ours
                }
            } else {
                return false;
            }
            return result.bytesConsumed() > 0 || result.bytesProduced() > 0 || result.getHandshakeStatus() != status;
        }

        private boolean flush() throws IOException {
            if (netOut.position() == 0) {
                return false;
            }
            netOut.flip();
            try {
                return channel.write(netOut) > 0;
            } finally {
                netOut.compact();
            }
        }

        /** Closing the engine cancels a job that still waits: nothing is left running. */
        void close() {
            open.remove(this);
            engine.closeOutbound();
            try {
                engine.closeInbound();
            } catch (SSLException e) {
                // the peer left without close_notify: nothing to protect here, the connection ends
            }
            closeQuietly(channel);
        }
    }
}
