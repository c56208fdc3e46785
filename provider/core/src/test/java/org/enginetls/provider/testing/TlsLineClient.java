package org.enginetls.provider.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import javax.net.ssl.SSLContext;
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
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
            plain.setSoTimeout(TIMEOUT_MILLIS);
        } catch (IOException e) {
            plain.close();
            throw e;
        }
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        try (TextConnection connection = new SocketTextConnection(socket)) {
            SSLSession session = connection.handshake();
            connection.writeLine(line);
            String answer = connection.readLine();
            return new Exchange(session.getProtocol(), session.getCipherSuite(), answer);
        }
    }
}
