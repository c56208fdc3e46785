package org.enginetls.benchmarks;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The echo server that conformance suites (tlsfuzzer, testssl.sh) talk to: one {@link SSLEngine}
 * per connection over a plain socket on 127.0.0.1, the same driver for every provider, answering
 * every application record with the same bytes. The server's own policy is the JVM's
 * ({@code java.security}, or a file given with {@code -Djava.security.properties}); with
 * {@code legacy} it also enables the static RSA suites ({@code TLS_RSA_*}) the provider supports,
 * which a default JDK 25 disables. EngineTLS and SunJSSE get the JDK's {@code SunX509} key managers,
 * plain BCJSSE its own {@code PKIX} ones.
 *
 * <p>{@code java -cp benchmarks.jar org.enginetls.benchmarks.ConformanceServer EngineTLS|SunJSSE|BCJSSE
 * port keystore.p12 password [legacy]}
 */
public final class ConformanceServer {

    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final SSLContext context;
    private final boolean legacy;

    private ConformanceServer(SSLContext context, boolean legacy) {
        this.context = context;
        this.legacy = legacy;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: ConformanceServer EngineTLS|SunJSSE|BCJSSE port keystore.p12 password [legacy]");
            System.exit(2);
        }
        TlsProvider provider = TlsProvider.valueOf(args[0]);
        int port = Integer.parseInt(args[1]);
        char[] password = args[3].toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(args[2])) {
            keys.load(in, password);
        }
        // plain BCJSSE cannot serve TLS 1.2 from the JDK's key managers (it asks them for its own key
        // type names, such as "ECDHE_RSA"), so it gets its own, as its users would give it
        KeyManagerFactory factory = provider == TlsProvider.BCJSSE
                ? KeyManagerFactory.getInstance("PKIX", provider.provider())
                : KeyManagerFactory.getInstance("SunX509", Security.getProvider("SunJSSE"));
        factory.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS", provider.provider());
        context.init(factory.getKeyManagers(), null, null);
        ConformanceServer server = new ConformanceServer(context, args.length > 4 && "legacy".equals(args[4]));
        try (ServerSocket listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            System.out.println(provider + " listening on 127.0.0.1:" + listener.getLocalPort()
                    + (server.legacy ? " (static RSA enabled)" : ""));
            while (true) {
                Socket socket = listener.accept();
                Thread.ofVirtual().start(() -> server.serve(socket));
            }
        }
    }

    private SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        if (legacy) {
            List<String> suites = new ArrayList<>(Arrays.asList(engine.getEnabledCipherSuites()));
            for (String suite : engine.getSupportedCipherSuites()) {
                if (suite.startsWith("TLS_RSA_WITH_AES_") && !suites.contains(suite)) {
                    suites.add(suite);
                }
            }
            engine.setEnabledCipherSuites(suites.toArray(String[]::new));
        }
        return engine;
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            new Session(newEngine(), socket.getInputStream(), socket.getOutputStream()).run();
        } catch (IOException | RuntimeException e) {
            // the peer's misbehaviour is what the suites test: the alert has been sent, nothing to report
        }
    }

    /** One connection: handshake, echo, close. */
    private static final class Session {
        private final SSLEngine engine;
        private final InputStream in;
        private final OutputStream out;
        private final ByteBuffer netIn;
        private final ByteBuffer netOut;
        private final ByteBuffer appIn;
        private final byte[] readBuffer = new byte[16 * 1024];

        Session(SSLEngine engine, InputStream in, OutputStream out) {
            this.engine = engine;
            this.in = in;
            this.out = out;
            int packet = engine.getSession().getPacketBufferSize();
            this.netIn = ByteBuffer.allocate(2 * packet);
            this.netOut = ByteBuffer.allocate(2 * packet);
            this.appIn = ByteBuffer.allocate(2 * engine.getSession().getApplicationBufferSize());
        }

        void run() throws IOException {
            try {
                engine.beginHandshake();
                while (!engine.isOutboundDone()) {
                    step();
                }
            } catch (SSLException e) {
                flushAlert();
            }
        }

        private void step() throws IOException {
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                case NEED_WRAP -> wrap(ByteBuffer.allocate(0));
                default -> unwrap();
            }
        }

        private void unwrap() throws IOException {
            netIn.flip();
            SSLEngineResult result = engine.unwrap(netIn, appIn);
            netIn.compact();
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                    || (result.bytesConsumed() == 0 && result.bytesProduced() == 0
                            && result.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP)
                    || (result.bytesConsumed() == 0 && result.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                            && result.getStatus() == SSLEngineResult.Status.OK)) {
                read();
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                engine.closeOutbound();
                while (!engine.isOutboundDone()) {
                    wrap(ByteBuffer.allocate(0));
                }
                return;
            }
            if (appIn.position() > 0) {
                appIn.flip();
                wrap(appIn);
                appIn.compact();
            }
        }

        private void read() throws IOException {
            int n = in.read(readBuffer, 0, Math.min(readBuffer.length, netIn.remaining()));
            if (n < 0) {
                engine.closeOutbound();
                throw new IOException("peer closed the connection");
            }
            netIn.put(readBuffer, 0, n);
        }

        private void wrap(ByteBuffer data) throws IOException {
            do {
                netOut.clear();
                engine.wrap(data, netOut);
                netOut.flip();
                out.write(netOut.array(), 0, netOut.limit());
                out.flush();
            } while (data.hasRemaining());
        }

        /** After an SSLException the engine holds the alert for the peer: send it. */
        private void flushAlert() {
            try {
                for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                    wrap(ByteBuffer.allocate(0));
                }
            } catch (IOException e) {
                // the peer went away first
            }
        }
    }
}
