package org.enginetls.provider.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A client for one exchange: connects to 127.0.0.1, verifies the server as {@code localhost}
 * (SNI and HTTPS host-name checks), sends one line, reads one line back and closes with
 * close_notify. Every read is bounded by a socket timeout.
 */
public final class TlsLineClient {

    /** What the client saw of its exchange. */
    public record Exchange(String protocol, String cipherSuite, String answer) {
    }

    private static final int TIMEOUT_MILLIS = (int) Duration.ofSeconds(20).toMillis();

    private TlsLineClient() {
    }

    /** Sends {@code line} to the server at {@code port} using {@code context}, restricted to {@code protocol}. */
    public static Exchange exchange(SSLContext context, String protocol, int port, String line) throws IOException {
        return exchange(context, protocol, port, line, parameters -> { });
    }

    /** The same over {@code context}'s {@link SSLSocket}, its parameters adjusted. */
    public static Exchange exchange(SSLContext context, String protocol, int port, String line,
            Consumer<SSLParameters> adjust) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
            plain.setSoTimeout(TIMEOUT_MILLIS);
        } catch (IOException e) {
            plain.close();
            throw e;
        }
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
        socket.setSSLParameters(adjusted(socket.getSSLParameters(), protocol, adjust));
        return exchange(new SocketTextConnection(socket), line);
    }

    /** The same over {@code context}'s {@link SSLEngine} and a {@link SocketChannel}, its parameters adjusted. */
    public static Exchange exchangeOverEngine(SSLContext context, String protocol, int port, String line,
            Consumer<SSLParameters> adjust) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        SSLEngine engine = context.createSSLEngine("localhost", port);
        engine.setUseClientMode(true);
        engine.setSSLParameters(adjusted(engine.getSSLParameters(), protocol, adjust));
        return exchange(new EngineTextConnection(engine, channel, Duration.ofMillis(TIMEOUT_MILLIS)), line);
    }

    private static SSLParameters adjusted(SSLParameters parameters, String protocol, Consumer<SSLParameters> adjust) {
        parameters.setProtocols(new String[] {protocol});
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        adjust.accept(parameters);
        return parameters;
    }

    private static Exchange exchange(TextConnection opened, String line) throws IOException {
        try (TextConnection connection = opened) {
            SSLSession session = connection.handshake();
            connection.writeLine(line);
            String answer = connection.readLine();
            return new Exchange(session.getProtocol(), session.getCipherSuite(), answer);
        }
    }
}
