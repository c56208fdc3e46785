package org.enginetls.provider.tls;

import static org.junit.Assert.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.junit.After;
import org.junit.Test;

/**
 * {@code SSLSocket} and {@code SSLServerSocket} over real TCP on 127.0.0.1: the server answers one
 * line on its own thread, every blocking call has a timeout and the server thread is joined with a bound.
 */
public class SocketTest {

    private static final int TIMEOUT_MILLIS = 10_000;
    private static final TlsPeers PEERS = TlsPeers.withSoftwareEngine();

    private final ExecutorService serverThread = Executors.newSingleThreadExecutor();
    private SSLServerSocket listening;

    @After
    public void stopServer() throws Exception {
        if (listening != null) {
            listening.close();
        }
        serverThread.shutdownNow();
        serverThread.awaitTermination(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Accepts one connection, reads a line, answers "protocol suite peer line", returns what it answered. */
    private Future<String> serveOneLine(SSLContext server, boolean needClientAuth) throws Exception {
        listening = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listening.setSoTimeout(TIMEOUT_MILLIS);
        listening.setNeedClientAuth(needClientAuth);
        return serverThread.submit(() -> {
            try (SSLSocket socket = (SSLSocket) listening.accept()) {
                socket.setSoTimeout(TIMEOUT_MILLIS);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                String line = in.readLine();
                Principal peer = needClientAuth ? socket.getSession().getPeerPrincipal() : null;
                String answer = socket.getSession().getProtocol() + " " + peer + " " + line;
                OutputStream out = socket.getOutputStream();
                out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                return answer;
            }
        });
    }

    private String exchange(SSLContext client, String line) throws Exception {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket()) {
            socket.connect(listening.getLocalSocketAddress(), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    @Test
    public void tls13SocketsExchangeALine() throws Exception {
        Future<String> server = serveOneLine(PEERS.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256)), false);

        String answer = exchange(PEERS.client("TLSv1.3"), "hello");

        assertEquals("TLSv1.3 null hello", answer);
        assertEquals(answer, server.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
    }

    @Test
    public void tls12SocketsExchangeALine() throws Exception {
        Future<String> server = serveOneLine(PEERS.server("TLSv1.2", TestPki.leaf(KeyType.RSA_2048)), false);

        String answer = exchange(PEERS.client("TLSv1.2"), "hello");

        assertEquals("TLSv1.2 null hello", answer);
        assertEquals(answer, server.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
    }

    @Test
    public void serverSocketNeedingClientAuthSeesTheClientCertificate() throws Exception {
        Future<String> server = serveOneLine(PEERS.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256)), true);
        SSLContext client = PEERS.context("TLSv1.3",
                TestPki.keyManagers("SunX509", TestPki.leaf(KeyType.EC_P384, "client")), TestPki.trustManagers());

        String answer = exchange(client, "hello");

        assertEquals("TLSv1.3 CN=client hello", answer);
        assertEquals(answer, server.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
    }
}
