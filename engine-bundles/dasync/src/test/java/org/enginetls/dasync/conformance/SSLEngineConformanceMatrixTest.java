package org.enginetls.dasync.conformance;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * EngineTLS's {@code SSLEngine} under every way real frameworks drive one ({@link DriverPattern}), in
 * each of its modes ({@link EngineMode}), TLS 1.3 and 1.2, against itself and against SunJSSE in both
 * directions. Each case shakes hands, moves random data both ways with a digest check, and closes
 * with close_notify both ways; all in memory, one driving thread, every wait bounded.
 */
@RunWith(Parameterized.class)
public class SSLEngineConformanceMatrixTest {

    /** Who plays client and who server. */
    enum Pairing {
        ENGINETLS_TO_ENGINETLS(true, true),
        ENGINETLS_CLIENT_TO_SUNJSSE_SERVER(true, false),
        SUNJSSE_CLIENT_TO_ENGINETLS_SERVER(false, true);

        final boolean oursClient;
        final boolean oursServer;

        Pairing(boolean oursClient, boolean oursServer) {
            this.oursClient = oursClient;
            this.oursServer = oursServer;
        }
    }

    @Parameters(name = "{0} {1} {2} {3}")
    public static List<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        for (DriverPattern pattern : DriverPattern.values()) {
            for (EngineMode mode : EngineMode.values()) {
                for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                    for (Pairing pairing : Pairing.values()) {
                        cases.add(new Object[] {pattern, mode, protocol, pairing});
                    }
                }
            }
        }
        return cases;
    }

    /** A bound that only a stuck case reaches, so that it fails with its state instead of hanging the build. */
    private static final long CASE_SECONDS = 30;

    private static final Map<EngineMode, EngineMode.Provider> PROVIDERS = new EnumMap<>(EngineMode.class);

    private final DriverPattern pattern;
    private final EngineMode mode;
    private final String protocol;
    private final Pairing pairing;
    private final ExecutorService taskThread = Executors.newSingleThreadExecutor();

    public SSLEngineConformanceMatrixTest(DriverPattern pattern, EngineMode mode, String protocol, Pairing pairing) {
        this.pattern = pattern;
        this.mode = mode;
        this.protocol = protocol;
        this.pairing = pairing;
    }

    @After
    public void stopTaskThread() throws InterruptedException {
        taskThread.shutdownNow();
        assertTrue(taskThread.awaitTermination(Endpoint.WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @AfterClass
    public static void stopProviders() {
        PROVIDERS.values().forEach(EngineMode.Provider::close);
        PROVIDERS.clear();
    }

    @Test
    public void handshakeDataBothWaysAndCloseNotifyBothWays() throws Exception {
        EngineMode.Provider engineTls = PROVIDERS.computeIfAbsent(mode, EngineMode::start);
        TlsPeers peers = new TlsPeers(engineTls.provider());
        SSLContext clientContext = pairing.oursClient ? peers.client(protocol) : sunJsse(protocol, false);
        SSLContext serverContext = pairing.oursServer
                ? peers.server(protocol, TestPki.leaf(KeyType.EC_P256)) : sunJsse(protocol, true);
        SSLEngine clientEngine = clientContext.createSSLEngine("localhost", 443);
        clientEngine.setUseClientMode(true);
        SSLEngine serverEngine = serverContext.createSSLEngine();
        serverEngine.setUseClientMode(false);

        Random random = new Random(toString().hashCode());
        byte[] fromClient = new byte[pattern.dataSize()];
        byte[] fromServer = new byte[pattern.dataSize()];
        random.nextBytes(fromClient);
        random.nextBytes(fromServer);
        Endpoint client = endpoint("client", clientEngine, fromClient, fromServer.length);
        Endpoint server = endpoint("server", serverEngine, fromServer, fromClient.length);

        converse(client, server);

        assertEquals(protocol, clientEngine.getSession().getProtocol());
        assertEquals(fromServer.length, client.received());
        assertEquals(fromClient.length, server.received());
        assertArrayEquals("what the client received is what the server sent", Endpoint.sha256(fromServer), client.digestOfArrived());
        assertArrayEquals("what the server received is what the client sent", Endpoint.sha256(fromClient), server.digestOfArrived());
        for (Endpoint side : List.of(client, server)) {
            if (side.ours()) {
                mode.assertWentThisWay(side);
            }
        }
        if (pattern.expectsDataBehindFinished()) {
            assertTrue("application data went right behind a Finished", client.dataBehindFinished || server.dataBehindFinished);
        }
        assertEquals("no request left in dasync", 0, engineTls.dasync().pendingRequests());
    }

    private Endpoint endpoint(String name, SSLEngine engine, byte[] data, int expected) {
        return new Endpoint(name, engine, mode.asyncMode, pattern.tinyBuffers(), pattern.lateTasks(), taskThread, data, expected);
    }

    /** Turns until both sides are closed in both directions and nothing is in flight, or fails naming the stuck state. */
    private void converse(Endpoint client, Endpoint server) throws Exception {
        client.engine.beginHandshake();
        server.engine.beginHandshake();
        int limit = pattern.bytesPerDelivery();
        int maxTurns = limit == Integer.MAX_VALUE ? 2_000 : 4 * (pattern.dataSize() + (1 << 15));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CASE_SECONDS);
        for (int turn = 0; turn < maxTurns; turn++) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no end after " + CASE_SECONDS + " s (turn " + turn + "): " + client.state()
                        + "; " + server.state());
            }
            pattern.turn(client);
            client.closeWhenDone(true);
            client.deliverTo(server, limit);
            pattern.turn(server);
            server.closeWhenDone(false);
            server.deliverTo(client, limit);
            if (client.done() && server.done()) {
                return;
            }
        }
        throw new AssertionError("no end after " + maxTurns + " turns: " + client.state() + "; " + server.state());
    }

    private static SSLContext sunJsse(String protocol, boolean server) throws Exception {
        SSLContext context = SSLContext.getInstance(protocol, "SunJSSE");
        context.init(server ? TestPki.keyManagers("SunX509", TestPki.leaf(KeyType.EC_P256)) : null,
                TestPki.trustManagers(), null);
        return context;
    }

    @Override
    public String toString() {
        return pattern + " " + mode + " " + protocol + " " + pairing;
    }
}
