package org.enginetls.provider.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.junit.Test;

/**
 * A driver that unwraps everything its peer sent, record by record and running the delegated task
 * after each, before it wraps anything. BCJSSE takes no record while it has output to send
 * ({@code NEED_WRAP}, e.g. the TLS 1.3 client's compatibility change_cipher_spec), so in delegated
 * task mode &mdash; the default &mdash; an unwrap that reported a record consumed before its task ran
 * lost that record, and both sides waited for each other forever.
 */
public class WholeFlightBeforeWrapTest {

    private static final int MAX_TURNS = 100;

    private final TlsPeers engineTls = new TlsPeers(new EngineTlsProvider(new ProviderCore(ProviderSettings.DEFAULTS)));

    @Test
    public void engineTlsClientKeepsEveryRecordOfAnEngineTlsServersFlight() throws Exception {
        SSLContext server = engineTls.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256));
        assertHandshakeAndRoundTrip(engineTls.client("TLSv1.3"), server);
    }

    @Test
    public void engineTlsClientKeepsEveryRecordOfASunJsseServersFlight() throws Exception {
        SSLContext server = SSLContext.getInstance("TLSv1.3", "SunJSSE");
        server.init(TestPki.keyManagers("SunX509", TestPki.leaf(KeyType.EC_P256)), null, null);
        assertHandshakeAndRoundTrip(engineTls.client("TLSv1.3"), server);
    }

    @Test
    public void engineTlsServerKeepsEveryRecordOfAFlight() throws Exception {
        SSLContext client = SSLContext.getInstance("TLSv1.3", "SunJSSE");
        client.init(null, TestPki.trustManagers(), null);
        assertHandshakeAndRoundTrip(client, engineTls.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256)));
    }

    @Test
    public void unwrapWhileOutputIsPendingConsumesNothingAndAsksForWrap() throws Exception {
        SSLEngine client = engineTls.client("TLSv1.3").createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        SSLEngine server = engineTls.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256)).createSSLEngine();
        server.setUseClientMode(false);
        ByteBuffer toServer = ByteBuffer.allocate(1 << 16);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 16);
        ByteBuffer app = ByteBuffer.allocate(1 << 16);
        wrapAll(client, toServer);
        unwrapAll(server, toServer, app);
        wrapAll(server, toClient);
        toClient.flip();

        SSLEngineResult first = client.unwrap(toClient, app);
        assertTrue("the ServerHello was taken as a task", runTasks(client));
        int before = toClient.position();
        SSLEngineResult second = client.unwrap(toClient, app);

        assertEquals(HandshakeStatus.NEED_TASK, first.getHandshakeStatus());
        assertEquals(HandshakeStatus.NEED_WRAP, client.getHandshakeStatus());
        assertEquals(new SSLEngineResult(Status.OK, HandshakeStatus.NEED_WRAP, 0, 0).toString(), second.toString());
        assertEquals("the record stays in the caller's buffer", before, toClient.position());
    }

    private static void assertHandshakeAndRoundTrip(SSLContext clientContext, SSLContext serverContext) throws Exception {
        SSLEngine client = clientContext.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        ByteBuffer toServer = ByteBuffer.allocate(1 << 16);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 16);
        ByteBuffer clientApp = ByteBuffer.allocate(1 << 16);
        ByteBuffer serverApp = ByteBuffer.allocate(1 << 16);
        client.beginHandshake();
        server.beginHandshake();
        int turn = 0;
        while (!(done(client) && done(server) && toServer.position() == 0 && toClient.position() == 0)) {
            if (++turn > MAX_TURNS) {
                throw new AssertionError("handshake stalled: client " + client.getHandshakeStatus() + " with "
                        + toClient.position() + " bytes unread, server " + server.getHandshakeStatus() + " with "
                        + toServer.position() + " bytes unread");
            }
            unwrapAll(client, toClient, clientApp);
            wrapAll(client, toServer);
            unwrapAll(server, toServer, serverApp);
            wrapAll(server, toClient);
        }

        client.wrap(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)), toServer);
        unwrapAll(server, toServer, serverApp);
        assertEquals("ping", StandardCharsets.UTF_8.decode(serverApp.flip()).toString());
    }

    /** Unwraps record after record, running delegated tasks after each, until the engine takes no more. */
    private static void unwrapAll(SSLEngine engine, ByteBuffer in, ByteBuffer app) throws SSLException {
        in.flip();
        try {
            while (in.hasRemaining()) {
                SSLEngineResult result = engine.unwrap(in, app);
                if (!runTasks(engine) && (result.getStatus() != Status.OK || result.bytesConsumed() == 0)) {
                    return;
                }
            }
        } finally {
            in.compact();
        }
    }

    private static void wrapAll(SSLEngine engine, ByteBuffer out) throws SSLException {
        while (true) {
            SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), out);
            if (!runTasks(engine) && (result.getStatus() != Status.OK || result.bytesProduced() == 0)) {
                return;
            }
        }
    }

    /** Runs the engine's delegated tasks; {@code true} if there were any. */
    private static boolean runTasks(SSLEngine engine) {
        boolean ran = false;
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
            ran = true;
        }
        return ran;
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }
}
