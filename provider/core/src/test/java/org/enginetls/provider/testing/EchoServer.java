package org.enginetls.provider.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A one-connection TLS server on 127.0.0.1 and an ephemeral port, on its own thread: it accepts one
 * client, completes the handshake, reads one line, answers {@code "echo: " + line}, and reads until
 * the client closes. What it saw is reported by {@link #await()}.
 */
public final class EchoServer implements AutoCloseable {

    /** What the server saw of the one connection it served. */
    public record Exchange(String protocol, String cipherSuite, String received) {
    }

    /** The answer the server gives to {@code line}. */
    public static String answerTo(String line) {
        return "echo: " + line;
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final AutoCloseable listener;
    private final int port;
    private final CompletableFuture<Exchange> exchange = new CompletableFuture<>();

    private EchoServer(AutoCloseable listener, int port, Acceptor acceptor) {
        this.listener = listener;
        this.port = port;
        Thread.ofPlatform().daemon().name("echo-server-" + port).start(() -> serve(acceptor));
    }

    /** A server using {@code context}'s {@link SSLServerSocket}, restricted to {@code protocol}. */
    public static EchoServer overSocket(SSLContext context, String protocol) throws IOException {
        return overSocket(context, protocol, parameters -> { });
    }

    /** A server using {@code context}'s {@link SSLServerSocket}, restricted to {@code protocol}, its parameters adjusted. */
    public static EchoServer overSocket(SSLContext context, String protocol, Consumer<SSLParameters> adjust)
            throws IOException {
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        socket.setSSLParameters(adjusted(socket.getSSLParameters(), protocol, adjust));
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        return new EchoServer(socket, socket.getLocalPort(), () -> {
            SSLSocket accepted = (SSLSocket) socket.accept();
            accepted.setSoTimeout((int) TIMEOUT.toMillis());
            return new SocketTextConnection(accepted);
        });
    }

    /** A server driving {@code context}'s {@link SSLEngine} over a {@link SocketChannel}, restricted to {@code protocol}. */
    public static EchoServer overEngine(SSLContext context, String protocol) throws IOException {
        return overEngine(context, protocol, parameters -> { });
    }

    /** A server driving {@code context}'s {@link SSLEngine}, restricted to {@code protocol}, its parameters adjusted. */
    public static EchoServer overEngine(SSLContext context, String protocol, Consumer<SSLParameters> adjust)
            throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        return new EchoServer(channel, ((InetSocketAddress) channel.getLocalAddress()).getPort(), () -> {
            SocketChannel accepted = acceptWithin(channel, TIMEOUT);
            SSLEngine engine = context.createSSLEngine();
            engine.setUseClientMode(false);
            engine.setSSLParameters(adjusted(engine.getSSLParameters(), protocol, adjust));
            return new EngineTextConnection(engine, accepted, TIMEOUT);
        });
    }

    private static SSLParameters adjusted(SSLParameters parameters, String protocol, Consumer<SSLParameters> adjust) {
        parameters.setProtocols(new String[] {protocol});
        adjust.accept(parameters);
        return parameters;
    }

    public int port() {
        return port;
    }

    /** Waits (bounded) for the connection to be served and returns what the server saw. */
    public Exchange await() throws Exception {
        try {
            return exchange.get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new AssertionError("the echo server did not finish in time", e);
        }
    }

    /**
     * Adds the server's failure, if it already failed, to {@code error} (a peer's complaint is easier
     * to read next to ours), and returns {@code error}.
     */
    public <E extends Throwable> E withServerFailure(E error) {
        if (exchange.isCompletedExceptionally()) {
            error.addSuppressed(exchange.exceptionNow());
        }
        return error;
    }

    /** Stops listening; a connection still being served fails. */
    @Override
    public void close() throws Exception {
        listener.close();
    }

    private void serve(Acceptor acceptor) {
        try (TextConnection connection = acceptor.accept()) {
            SSLSession session = connection.handshake();
            String line = connection.readLine();
            if (line == null) {
                throw new IOException("the client closed before sending a line");
            }
            connection.writeLine(answerTo(line));
            connection.awaitPeerClose();
            exchange.complete(new Exchange(session.getProtocol(), session.getCipherSuite(), line));
        } catch (Throwable e) {
            exchange.completeExceptionally(e);
        } finally {
            try {
                listener.close();
            } catch (Exception e) {
                exchange.completeExceptionally(e);
            }
        }
    }

    /** Accepts through the channel's socket adaptor, which honours a timeout and is woken by {@link #close()}. */
    private static SocketChannel acceptWithin(ServerSocketChannel channel, Duration timeout) throws IOException {
        channel.socket().setSoTimeout((int) timeout.toMillis());
        return channel.socket().accept().getChannel();
    }

    @FunctionalInterface
    private interface Acceptor {
        TextConnection accept() throws IOException;
    }
}
