package org.enginetls.provider.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.tls.PrivateStackLogging;
import org.enginetls.provider.testing.RawPeer;
import org.enginetls.provider.testing.Records;
import org.enginetls.provider.testing.TestEngines;
import org.enginetls.testing.EnginePair;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * At the JDK's default logging level an EngineTLS connection logs nothing, however bad the peer's
 * input; the documented switch ({@code org.enginetls.provider.connections} at FINE) brings
 * BouncyCastle's lines back; and other users of BouncyCastle's JSSE keep their logging. Records are
 * captured by a handler on the root logger, where every logger's records arrive.
 */
public class PrivateStackLoggingTest {

    /** A ClientHello whose body is two bytes long: BouncyCastle answers decode_error (and logs it). */
    private static final byte[] BAD_CLIENT_HELLO = Records.concat(Records.header(Records.HANDSHAKE, 0x0301, 6),
            new byte[] {1, 0, 0, 2, 3, 3});

    private static final Logger ROOT = Logger.getLogger("");
    private static final Logger BOUNCY_CASTLE = Logger.getLogger("org.bouncycastle");
    private static final Logger CONNECTIONS = Logger.getLogger(PrivateStackLogging.CONNECTIONS);

    private static EngineTlsProvider provider;

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level rootLevel;
    private Level bouncyCastleLevel;

    @BeforeClass
    public static void createProvider() {
        provider = new EngineTlsProvider();
    }

    /** The JDK's default configuration: INFO everywhere, no level of its own on BouncyCastle or us. */
    @Before
    public void defaultLevels() {
        rootLevel = ROOT.getLevel();
        bouncyCastleLevel = BOUNCY_CASTLE.getLevel();
        ROOT.setLevel(Level.INFO);
        BOUNCY_CASTLE.setLevel(null);
        CONNECTIONS.setLevel(null);
        capture.setLevel(Level.ALL);
        ROOT.addHandler(capture);
    }

    @After
    public void restoreLevels() {
        ROOT.removeHandler(capture);
        ROOT.setLevel(rootLevel);
        BOUNCY_CASTLE.setLevel(bouncyCastleLevel);
        CONNECTIONS.setLevel(null);
    }

    @Test
    public void aBadClientHelloLogsNothingAtTheDefaultLevel() throws Exception {
        RawPeer server = new RawPeer(engines("TLSv1.3").server());
        server.deliver(BAD_CLIENT_HELLO);
        assertNotNull("the server refused the bad ClientHello", server.failure());
        assertEquals(List.of(), describe(records));
    }

    @Test
    public void aHandshakeAndCloseLogNothingAtTheDefaultLevel() throws Exception {
        TestEngines engines = engines("TLSv1.2");
        EnginePair pair = new EnginePair(engines.client(), engines.server()).handshake();
        assertEquals("ok", pair.roundTrip("ok"));
        assertEquals(List.of(), describe(records));
    }

    @Test
    public void aBadClientHelloToAServerSocketLogsNothingAtTheDefaultLevel() throws Exception {
        SSLContext server = engines("TLSv1.3").serverContext();
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(20_000);
            CompletableFuture<Throwable> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(20_000);
                    accepted.startHandshake();
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.setSoTimeout(20_000);
                client.getOutputStream().write(BAD_CLIENT_HELLO);
                client.getInputStream().readAllBytes();
            }
            assertNotNull("the server socket refused the bad ClientHello", served.get(20, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), describe(records));
    }

    @Test
    public void theConnectionsLoggerAtFineShowsWhatBouncyCastleSaidAboutTheBadInput() throws Exception {
        CONNECTIONS.setLevel(Level.FINE);
        RawPeer server = new RawPeer(engines("TLSv1.3").server());
        server.deliver(BAD_CLIENT_HELLO);
        assertNotNull(server.failure());
        assertTrue(describe(records).toString(), records.stream().anyMatch(record ->
                record.getLoggerName().equals(PrivateStackLogging.CONNECTIONS) && record.getLevel() == Level.FINE
                        && record.getMessage().contains("raised fatal")));
        assertTrue("nothing on BouncyCastle's own loggers: " + describe(records),
                records.stream().noneMatch(record -> record.getLoggerName().startsWith("org.bouncycastle")));
    }

    @Test
    public void plainBouncyCastleKeepsLoggingOnItsOwnLoggers() throws Exception {
        SSLContext plain = SSLContext.getInstance("TLSv1.3", new BouncyCastleJsseProvider(new BouncyCastleProvider()));
        plain.init(null, null, null);
        SSLEngine engine = plain.createSSLEngine();
        engine.setUseClientMode(false);
        RawPeer server = new RawPeer(engine);
        server.deliver(BAD_CLIENT_HELLO);
        assertNotNull(server.failure());
        assertTrue(describe(records).toString(), records.stream().anyMatch(record ->
                record.getLoggerName().equals("org.bouncycastle.jsse.provider.ProvTlsServer")));
    }

    @Test
    public void uninstallingGivesBouncyCastlesLoggersBackTheirOwnFilters() {
        Logger server = Logger.getLogger("org.bouncycastle.jsse.provider.ProvTlsServer");
        Filter users = record -> true;
        PrivateStackLogging.uninstall();
        server.setFilter(users);
        try {
            PrivateStackLogging.install();
            assertNotSame(users, server.getFilter());
            PrivateStackLogging.uninstall();
            assertSame(users, server.getFilter());
        } finally {
            server.setFilter(null);
            PrivateStackLogging.install();
        }
    }

    /** Test engines; their helper silences BouncyCastle's logger, which this test must see at its default. */
    private static TestEngines engines(String protocol) throws Exception {
        TestEngines engines = new TestEngines(provider, protocol);
        BOUNCY_CASTLE.setLevel(null);
        return engines;
    }

    private static List<String> describe(List<LogRecord> records) {
        return records.stream().map(record -> record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage())
                .toList();
    }
}
