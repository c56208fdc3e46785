package org.enginetls.dasync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.enginetls.async.AsyncSSLContext;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.testing.TestPki;
import org.junit.After;
import org.junit.Test;

/** The selector loop of docs/async.md serves real TLS clients while dasync does its handshake crypto. */
public class AsyncNioServerTest {

    private static final int CLIENTS = 50;
    private static final int TIMEOUT_MILLIS = 20_000;

    private final DasyncEngine dasync = new DasyncEngine(DasyncSettings.from(Map.of("latency.ms", "1")));
    private final ProviderCore core = new ProviderCore(ProviderSettings.DEFAULTS);
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);

    @After
    public void stop() throws InterruptedException {
        clients.shutdownNow();
        clients.awaitTermination(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        dasync.close();
    }

    @Test
    public void oneLoopThreadEchoesManyConcurrentTlsClientsAndLeavesNoJobBehind() throws Exception {
        core.registry().add(dasync, dasync.ranking(), EngineOrigin.CLASS_PATH);
        AsyncSSLContext context = AsyncSSLContext.getInstance("TLSv1.3", new EngineTlsProvider(core));
        context.init(TestPki.keyManagers("SunX509", TestPki.leaf(TestPki.KeyType.EC_P256)), null, null);
        SSLContext jdk = SSLContext.getInstance("TLSv1.3", "SunJSSE");
        jdk.init(null, TestPki.trustManagers(), null);

        AsyncNioServer server = AsyncNioServer.start(context, new InetSocketAddress("127.0.0.1", 0));
        try {
            InetSocketAddress address = server.address();
            CountDownLatch allEchoed = new CountDownLatch(CLIENTS);
            List<Future<String>> echoes = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String line = "hello from client " + i;
                echoes.add(clients.submit(() -> echo(jdk, address, line, allEchoed)));
            }
            for (int i = 0; i < CLIENTS; i++) {
                assertEquals("hello from client " + i, echoes.get(i).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
            }
        } finally {
            server.close();
        }

        assertFalse("the loop thread ended", server.isRunning());
        assertTrue("dasync did every server's key share, agreement and signature", dasync.completions() >= 3L * CLIENTS);
        assertEquals("no job left", 0, core.jobs().liveJobs());
        assertEquals("no request left in dasync", 0, dasync.pendingRequests());
    }

    @Test
    public void docsShowTheServerAsCompiled() throws Exception {
        Path module = Path.of("").toAbsolutePath();
        String source = Files.readString(module.resolve("src/test/java/org/enginetls/dasync/AsyncNioServer.java"));
        String doc = Files.readString(module.resolve("../../docs/async.md"));
        assertTrue("docs/async.md lists AsyncNioServer.java verbatim", doc.contains(source));
    }

    /** One client: sends a line, reads its echo, and keeps the connection until every client has its echo. */
    private static String echo(SSLContext jdk, InetSocketAddress address, String line, CountDownLatch allEchoed)
            throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(address, TIMEOUT_MILLIS);
            plain.setSoTimeout(TIMEOUT_MILLIS);
            try (SSLSocket tls = (SSLSocket) jdk.getSocketFactory().createSocket(plain, "localhost", address.getPort(), true)) {
                OutputStream out = tls.getOutputStream();
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                String echoed = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                allEchoed.countDown();
                // all connections open at once: the server holds every one of them
                if (!allEchoed.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("not every client got its echo");
                }
                return echoed;
            }
        }
    }
}
