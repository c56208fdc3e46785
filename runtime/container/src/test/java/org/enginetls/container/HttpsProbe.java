package org.enginetls.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * One HTTPS/1.1 request per new TLS connection, so every request is a full handshake: the JDK's
 * SunJSSE client (an independent peer) trusting exactly the container's generated certificate.
 */
final class HttpsProbe {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** A response: its status code and body. */
    record Response(int status, String body) {
    }

    private final SSLContext context;
    private final int port;

    private HttpsProbe(SSLContext context, int port) {
        this.context = context;
        this.port = port;
    }

    static HttpsProbe trusting(Path certificate, int port) throws IOException, GeneralSecurityException {
        return new HttpsProbe(contextTrusting(certificate), port);
    }

    /** A SunJSSE client context whose only trusted certificate is {@code certificate} (PEM or DER). */
    static SSLContext contextTrusting(Path certificate) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("demo", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** {@code GET path} with {@code Connection: close} on a new connection; every step bounded by {@link #TIMEOUT}. */
    Response get(String path) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(received);
            String message = received.toString(StandardCharsets.UTF_8);
            int headEnd = message.indexOf("\r\n\r\n");
            if (!message.startsWith("HTTP/1.1 ") || headEnd < 0) {
                throw new IOException("not an HTTP/1.1 response: " + message);
            }
            return new Response(Integer.parseInt(message.substring(9, 12)), message.substring(headEnd + 4));
        }
    }
}
