package org.enginetls.provider.tls;

import static org.enginetls.provider.tls.Rejections.assertRejected;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.testing.RawPeer;
import org.enginetls.provider.testing.Records;
import org.enginetls.provider.testing.TestEngines;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * A peer that goes away in the middle of the handshake: our side must fail with an exception and
 * end closed, never wait for bytes that will not come. Sockets are on 127.0.0.1 with read timeouts,
 * so a hang shows up as a timeout failure instead of a stuck build.
 */
@RunWith(Parameterized.class)
public class PeerVanishesTest {

    private static final int TIMEOUT_MILLIS = 10_000;
    private static EngineTlsProvider provider;

    @Parameters(name = "{0}")
    public static List<String> protocols() {
        return List.of("TLSv1.2", "TLSv1.3");
    }

    @Parameter
    public String protocol;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @BeforeClass
    public static void createProvider() {
        provider = new EngineTlsProvider();
    }

    @After
    public void stopExecutor() {
        executor.shutdownNow();
    }

    private TestEngines engines() throws Exception {
        return new TestEngines(provider, protocol);
    }

    @Test
    public void serverEngineFailsWhenClientVanishesAfterClientHello() throws Exception {
        TestEngines engines = engines();
        RawPeer server = new RawPeer(engines.server());
        byte[] serverFlight = server.deliver(new RawPeer(engines.client()).start());
        assertTrue(serverFlight.length > 0);
        server.peerClosed();
        assertRejected(server);
    }

    @Test
    public void clientEngineFailsWhenServerVanishesAfterClientHello() throws Exception {
        RawPeer client = new RawPeer(engines().client());
        client.start();
        client.peerClosed();
        assertRejected(client);
    }

    @Test
    public void clientEngineFailsWhenServerVanishesInsideItsFlight() throws Exception {
        TestEngines engines = engines();
        RawPeer client = new RawPeer(engines.client());
        byte[] serverFlight = new RawPeer(engines.server()).deliver(client.start());
        client.deliver(Records.split(serverFlight).get(0));
        assertNull(client.failure());
        client.peerClosed();
        assertRejected(client);
    }

    @Test
    public void serverEngineClosedBeforeAnyByteArrivedEndsClosedAndSendsNothing() throws Exception {
        RawPeer server = new RawPeer(engines().server());
        server.peerClosed();
        assertNull("nothing was negotiated, so nothing was cut short", server.failure());
        server.engine().closeOutbound();
        assertEquals(0, server.flush().length);
        assertTrue(server.engine().isInboundDone());
        assertTrue(server.engine().isOutboundDone());
    }

    @Test
    public void clientEngineClosedBeforeHandshakeSendsNoClientHello() throws Exception {
        RawPeer client = new RawPeer(engines().client());
        client.engine().closeOutbound();
        assertEquals(0, client.flush().length);
        client.peerClosed();
        assertNull(client.failure());
        assertTrue(client.engine().isInboundDone());
        assertTrue(client.engine().isOutboundDone());
    }

    @Test
    public void serverSocketFailsWhenClientClosesInsideItsClientHello() throws Exception {
        byte[] clientHello = new RawPeer(engines().client()).start();
        byte[] half = Arrays.copyOf(clientHello, clientHello.length / 2);
        assertServerSocketHandshakeFails(half);
    }

    @Test
    public void serverSocketFailsWhenClientClosesAfterItsFirstFlight() throws Exception {
        assertServerSocketHandshakeFails(new RawPeer(engines().client()).start());
    }

    @Test
    public void clientSocketFailsWhenServerClosesAfterClientHello() throws Exception {
        TestEngines engines = engines();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(TIMEOUT_MILLIS);
            Future<Integer> server = executor.submit(() -> {
                try (Socket peer = listener.accept()) {
                    peer.setSoTimeout(TIMEOUT_MILLIS);
                    int read = readRecord(peer.getInputStream());
                    peer.shutdownOutput();
                    drain(peer.getInputStream());
                    return read;
                }
            });
            try (SSLSocket client = (SSLSocket) engines.clientContext().getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.setSoTimeout(TIMEOUT_MILLIS);
                client.setEnabledProtocols(new String[] {protocol});
                assertHandshakeFails(client);
            }
            assertTrue("the server read a ClientHello record", server.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) > 0);
        }
    }

    /**
     * A raw client sends {@code bytes} and then closes its sending side (FIN); it keeps reading
     * until the server closes, so the server's own writes never meet a reset connection and the
     * failure it reports is the one about the missing bytes.
     */
    private void assertServerSocketHandshakeFails(byte[] bytes) throws Exception {
        TestEngines engines = engines();
        try (SSLServerSocket listener = (SSLServerSocket) engines.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(TIMEOUT_MILLIS);
            listener.setEnabledProtocols(new String[] {protocol});
            Future<IOException> server = executor.submit(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(TIMEOUT_MILLIS);
                    return handshakeFailure(accepted);
                }
            });
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.setSoTimeout(TIMEOUT_MILLIS);
                OutputStream out = client.getOutputStream();
                out.write(bytes);
                out.flush();
                client.shutdownOutput();
                drain(client.getInputStream());
            }
            assertSocketFailure(server.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
        }
    }

    private static void assertHandshakeFails(SSLSocket socket) {
        assertSocketFailure(handshakeFailure(socket));
    }

    private static IOException handshakeFailure(SSLSocket socket) {
        try {
            socket.startHandshake();
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /**
     * The handshake failed at once, not by our read timeout. It is an {@code IOException} but not
     * (yet) an {@code SSLException}: EngineTLS hands out BouncyCastle's sockets unwrapped, and they
     * throw BouncyCastle's {@code TlsFatalAlert} (handshake_failure) or a bare {@code EOFException}
     * where the JDK's sockets throw {@code SSLHandshakeException}.
     */
    private static void assertSocketFailure(IOException failure) {
        if (failure == null) {
            fail("the handshake completed with a peer that went away");
        }
        if (failure instanceof SocketTimeoutException) {
            throw new AssertionError("waited for a peer that was gone", failure);
        }
    }

    /** Reads one TLS record (header and fragment) and returns its length, or -1 at end of stream. */
    private static int readRecord(InputStream in) throws IOException {
        byte[] header = in.readNBytes(Records.HEADER_LENGTH);
        if (header.length < Records.HEADER_LENGTH) {
            return -1;
        }
        int length = Records.length(header, 0);
        return Records.HEADER_LENGTH + in.readNBytes(length).length;
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
            // what the server sends is of no interest; its end is
        }
    }
}
