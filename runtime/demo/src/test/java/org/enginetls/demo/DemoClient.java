package org.enginetls.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client of the demo built on the JDK's own TLS (SunJSSE, an independent peer), trusting exactly
 * one certificate. Every wait is bounded by {@link #TIMEOUT}.
 */
final class DemoClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final SSLContext context;
    private final HttpClient http;

    DemoClient(X509Certificate trusted) throws GeneralSecurityException, IOException {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("demo", trusted);
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trustStore);
        // SunJSSE explicitly: EngineTLS is installed too while a server runs, and must not talk to itself
        context = SSLContext.getInstance("TLS", "SunJSSE");
        context.init(null, trust.getTrustManagers(), null);
        http = HttpClient.newBuilder()
                .sslContext(context)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
    }

    /** A client trusting the certificate of the generated keystore in {@code dataDirectory}. */
    static DemoClient trustingGenerated(Path dataDirectory) throws GeneralSecurityException, IOException {
        return new DemoClient(generatedCertificate(dataDirectory));
    }

    /** The certificate in the generated keystore of {@code dataDirectory}, read from the PKCS#12 file. */
    static X509Certificate generatedCertificate(Path dataDirectory) throws GeneralSecurityException, IOException {
        KeyStore keyStore = KeyStore.getInstance(dataDirectory.resolve(ServerIdentity.GENERATED_KEYSTORE).toFile(),
                ServerIdentity.GENERATED_PASSWORD.toCharArray());
        return (X509Certificate) keyStore.getCertificate(keyStore.aliases().nextElement());
    }

    HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A raw TLS connection, handshaken, for requests HttpClient would not send. */
    RawConnection connect(DemoServer server) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        try {
            socket.connect(server.address(), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.startHandshake();
            return new RawConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** Writes request bytes as given and reads responses line by line. */
    static final class RawConnection implements AutoCloseable {
        final SSLSocket socket;
        private final BufferedReader in;
        private int headBodyLength;

        RawConnection(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        }

        void send(String request) throws IOException {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        }

        /** The status line and header fields of the next response, its body skipped (by Content-Length). */
        String readHead() throws IOException {
            StringBuilder head = new StringBuilder();
            int length = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.append(line).append('\n');
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            headBodyLength = length;
            return head.toString();
        }

        /** Reads the body of the response whose head was read last. */
        String readBody() throws IOException {
            char[] body = new char[headBodyLength];
            int read = 0;
            while (read < body.length) {
                int n = in.read(body, read, body.length - read);
                if (n < 0) {
                    throw new IOException("the connection closed inside a body");
                }
                read += n;
            }
            return new String(body);
        }

        /** -1 once the server has closed the connection. */
        int read() throws IOException {
            return in.read();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
