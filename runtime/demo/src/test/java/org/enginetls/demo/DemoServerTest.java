package org.enginetls.demo;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.endsWith;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.enginetls.dasync.DasyncEngine;
import org.enginetls.dasync.DasyncSettings;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.runtime.EngineRuntime;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/**
 * The demo server in this JVM on an ephemeral port, with a temporary data directory, against the
 * JDK's own HTTPS client. Its provider has the dasync engine (every asymmetric operation completed
 * later, on dasync's thread) above the software engine, so every handshake pauses and is resumed by
 * the async callback waking the event loop.
 */
public class DemoServerTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Rule
    public final Timeout timeout = Timeout.seconds(60);

    private EngineTlsProvider provider;
    private EngineRuntime runtime;
    private DasyncEngine dasync;
    private DemoServer server;
    private DemoClient client;

    @Before
    public void provider() {
        // the engines' jars are on this class path: only the engines the test adds take part
        provider = new EngineTlsProvider(Map.of("classPathEngines", false));
        dasync = new DasyncEngine(DasyncSettings.from(Map.of("latency.ms", "1")));
        provider.addEngine(dasync);
        runtime = provider.runtime();
    }

    @After
    public void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        dasync.close();
    }

    private DemoServer start(DemoSettings settings) throws Exception {
        return DemoServer.start(settings, provider, runtime);
    }

    private Path startWithGeneratedCertificate() throws Exception {
        Path data = folder.getRoot().toPath().resolve("data");
        server = start(DemoSettings.of(0, data));
        client = DemoClient.trustingGenerated(data);
        return data;
    }

    private URI uri(String path) {
        return server.uri().resolve(path);
    }

    @Test
    public void homePageIsHtmlServedOverTls13ByTheEngineTlsProvider() throws Exception {
        startWithGeneratedCertificate();

        HttpResponse<String> response = client.get(uri("/"));

        assertEquals(200, response.statusCode());
        assertEquals("text/html; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
        assertEquals(response.body().getBytes(StandardCharsets.UTF_8).length,
                response.headers().firstValueAsLong("content-length").orElseThrow());
        assertThat(response.body(), startsWith("<!DOCTYPE html>"));
        assertThat(response.body(), containsString("TLSv1.3"));
        assertEquals("TLSv1.3", response.sslSession().orElseThrow().getProtocol());
    }

    @Test
    public void statusListsTheEnginesBestRankedFirstWithTheCountersOfTheHandshakeAsJson() throws Exception {
        startWithGeneratedCertificate();

        HttpResponse<String> response = client.get(uri("/status"));

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals(response.body().getBytes(StandardCharsets.UTF_8).length,
                response.headers().firstValueAsLong("content-length").orElseThrow());
        String body = response.body();
        assertThat(body, startsWith("{\"engines\":[{\"id\":\"dasync\",\"ranking\":100,\"state\":\"active\",\"async\":true,"));
        assertThat(body, containsString("{\"id\":\"software\",\"ranking\":" + Integer.MIN_VALUE + ",\"state\":\"active\""));
        for (String field : new String[] {"completed", "failed", "eagain", "failovers", "inFlight", "latencyP99Micros"}) {
            assertThat(body, containsString("\"" + field + "\":"));
        }
        assertThat("neither engine reports figures of its own", body, containsString("\"lastError\":null,\"healthReason\":null,\"reported\":{}}"));
        // this very request's handshake (key share, key agreement, ECDSA signature) went through dasync, asynchronously
        Matcher completed = Pattern.compile("\"completed\":(\\d+)").matcher(body);
        assertTrue(body, completed.find());
        assertTrue(body, Long.parseLong(completed.group(1)) >= 3);
        assertThat(body, containsString("\"server\":{\"connections\":1,\"open\":1,\"handshakes\":1,\"handshakesFailed\":0,\"requests\":1}"));
    }

    @Test
    public void manyClientsAtOnceAllHandshakeOnTheOneEventLoop() throws Exception {
        startWithGeneratedCertificate();
        int clients = 24;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                // a client each: HttpClient would otherwise share one kept-alive connection
                statuses.add(pool.submit(() -> {
                    try (DemoClient own = DemoClient.trustingGenerated(folder.getRoot().toPath().resolve("data"))) {
                        return own.get(uri("/")).statusCode();
                    }
                }));
            }
            for (Future<Integer> status : statuses) {
                assertEquals(200, (int) status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, server.failedHandshakes());
        assertTrue(runtime.getEngine("dasync").orElseThrow().completed >= 3L * clients);
    }

    @Test
    public void removingTheAsyncEngineWhileServingMovesNewHandshakesToTheSoftwareEngine() throws Exception {
        startWithGeneratedCertificate();
        assertEquals(200, client.get(uri("/")).statusCode());
        long softwareBefore = runtime.getEngine("software").orElseThrow().completed;

        provider.removeEngine(dasync);
        try (DemoClient fresh = DemoClient.trustingGenerated(folder.getRoot().toPath().resolve("data"))) {
            HttpResponse<String> response = fresh.get(uri("/status"));

            assertEquals(200, response.statusCode());
            assertThat(response.body(), not(containsString("\"id\":\"dasync\",\"ranking\":100,\"state\":\"active\"")));
        }
        assertTrue(runtime.getEngine("software").orElseThrow().completed > softwareBefore);
        assertEquals(0, server.failedHandshakes());
    }

    @Test
    public void healthIsDownUntilTheProviderIsRegisteredThenUpWithTheActiveEngines() throws Exception {
        startWithGeneratedCertificate();

        HttpResponse<String> unregistered = client.get(uri("/health"));
        Security.addProvider(provider);
        try {
            HttpResponse<String> registered = client.get(uri("/health"));

            assertEquals(503, unregistered.statusCode());
            assertEquals("{\"status\":\"DOWN\",\"reason\":\"the EngineTLS provider is not registered in the Java Security provider list\"}\n",
                    unregistered.body());
            assertEquals(200, registered.statusCode());
            assertEquals("application/json", registered.headers().firstValue("content-type").orElseThrow());
            assertEquals("{\"status\":\"UP\",\"activeEngines\":[\"dasync\",\"software\"]}\n", registered.body());
        } finally {
            Security.removeProvider(provider.getName());
        }
    }

    @Test
    public void unknownPathAnswers404() throws Exception {
        startWithGeneratedCertificate();

        HttpResponse<String> response = client.get(uri("/no/such/page"));

        assertEquals(404, response.statusCode());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    public void secondStartReusesTheGeneratedCertificate() throws Exception {
        Path data = startWithGeneratedCertificate();
        assertEquals(ServerIdentity.Origin.GENERATED, server.identity().origin());
        String first = server.identity().fingerprint();
        assertEquals(first, ServerIdentity.fingerprint(DemoClient.generatedCertificate(data)));
        assertTrue(Files.isRegularFile(data.resolve(ServerIdentity.GENERATED_CERTIFICATE)));
        server.close();

        server = start(DemoSettings.of(0, data));
        HttpResponse<String> response = client.get(uri("/"));

        assertEquals(ServerIdentity.Origin.REUSED, server.identity().origin());
        assertEquals(first, server.identity().fingerprint());
        assertEquals(200, response.statusCode());
        assertEquals(first, ServerIdentity.fingerprint(peerCertificate(response)));
    }

    @Test
    public void generatedCertificateIsWorldReadableAndTheKeyStoreOwnerOnly() throws Exception {
        Path data = startWithGeneratedCertificate();
        Path certificate = data.resolve(ServerIdentity.GENERATED_CERTIFICATE);

        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(certificate)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve(ServerIdentity.GENERATED_KEYSTORE))));

        server.close();
        Files.setPosixFilePermissions(certificate, PosixFilePermissions.fromString("rw-------"));
        server = start(DemoSettings.of(0, data));
        assertEquals(ServerIdentity.Origin.REUSED, server.identity().origin());
        assertEquals("a certificate an earlier version wrote owner-only is made readable", "rw-r--r--",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(certificate)));
    }

    @Test
    public void expiredGeneratedCertificateIsReplacedByANewOne() throws Exception {
        Path data = folder.newFolder("expired").toPath();
        Instant longAgo = Instant.now().minus(Duration.ofDays(800));
        SelfSignedCertificate expired = SelfSignedCertificate.generate(longAgo, longAgo.plus(Duration.ofDays(397)));
        writeKeyStore(data.resolve(ServerIdentity.GENERATED_KEYSTORE), expired, ServerIdentity.GENERATED_PASSWORD);

        server = start(DemoSettings.of(0, data));
        client = DemoClient.trustingGenerated(data);
        HttpResponse<String> response = client.get(uri("/"));

        assertEquals(ServerIdentity.Origin.REPLACED_EXPIRED, server.identity().origin());
        assertNotEquals(ServerIdentity.fingerprint(expired.certificate()), server.identity().fingerprint());
        assertEquals(200, response.statusCode());
    }

    @Test
    public void unreadableGeneratedKeystoreStopsTheStartNamingTheFileToDelete() throws Exception {
        Path data = folder.newFolder("broken").toPath();
        Files.writeString(data.resolve(ServerIdentity.GENERATED_KEYSTORE), "not a keystore");

        IOException e = assertThrows(IOException.class, () -> start(DemoSettings.of(0, data)));

        assertThat(e.getMessage(), containsString(data.resolve(ServerIdentity.GENERATED_KEYSTORE).toString()));
        assertThat(e.getMessage(), containsString("delete it"));
    }

    @Test
    public void configuredKeystoreIsServedAndNothingIsGenerated() throws Exception {
        Path data = folder.newFolder("unused").toPath();
        Path keyStore = folder.getRoot().toPath().resolve("mine.p12");
        SelfSignedCertificate mine = SelfSignedCertificate.generate();
        writeKeyStore(keyStore, mine, "s3cret");

        server = start(new DemoSettings("127.0.0.1", 0, data, keyStore, "s3cret".toCharArray(), null));
        client = new DemoClient(mine.certificate());
        HttpResponse<String> response = client.get(uri("/status"));

        assertEquals(200, response.statusCode());
        assertEquals(ServerIdentity.Origin.CONFIGURED, server.identity().origin());
        assertEquals(ServerIdentity.fingerprint(mine.certificate()), ServerIdentity.fingerprint(peerCertificate(response)));
        assertFalse(Files.exists(data.resolve(ServerIdentity.GENERATED_KEYSTORE)));
    }

    @Test
    public void keyAnEngineHoldsIsServedByItsAliasInTheEngineTlsKeyStore() throws Exception {
        SelfSignedCertificate held = SelfSignedCertificate.generate();
        SelfSignedCertificate other = SelfSignedCertificate.generate();
        provider.addEngine(new KeyHoldingEngine("vault", "server", held));
        provider.addEngine(new KeyHoldingEngine("other", "server", other));
        Path data = folder.newFolder("unused-engine").toPath();

        server = start(DemoSettings.from(Map.of("port", 0, "data", data.toString(), "keystore", "EngineTLS:vault/server"),
                key -> null));
        client = new DemoClient(held.certificate());
        HttpResponse<String> response = client.get(uri("/status"));

        assertEquals(200, response.statusCode());
        assertEquals(ServerIdentity.Origin.ENGINE, server.identity().origin());
        assertEquals(ServerIdentity.fingerprint(held.certificate()), ServerIdentity.fingerprint(peerCertificate(response)));
        assertThat(server.describe(), containsString("held by an engine, EngineTLS:vault/server"));
        assertFalse(Files.exists(data.resolve(ServerIdentity.GENERATED_KEYSTORE)));
    }

    @Test
    public void missingEngineKeyIsNamedWithTheAliasesThereAre() throws Exception {
        provider.addEngine(new KeyHoldingEngine("vault", "server", SelfSignedCertificate.generate()));

        java.security.KeyStoreException missing = assertThrows(java.security.KeyStoreException.class, () -> start(
                DemoSettings.from(Map.of("port", 0, "keystore", "EngineTLS:pkcs11/server"), key -> null)));

        assertEquals("the EngineTLS key store has no key 'pkcs11/server' with a certificate; it has [vault/server]"
                + " (aliases are <engine id>/<alias in the engine>)", missing.getMessage());
    }

    @Test
    public void portInUseFailsTheStartWithABindException() throws Exception {
        startWithGeneratedCertificate();

        assertThrows(java.net.BindException.class,
                () -> start(DemoSettings.of(server.address().getPort(), folder.getRoot().toPath().resolve("data"))));
    }

    @Test
    public void connectionStaysOpenForTheNextRequestUntilTheClientAsksToClose() throws Exception {
        startWithGeneratedCertificate();
        try (DemoClient.RawConnection connection = client.connect(server)) {
            connection.send("GET /status HTTP/1.1\r\nHost: localhost\r\n\r\n");
            String first = connection.readHead();
            connection.readBody();
            connection.send("HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String second = connection.readHead();

            assertThat(first, startsWith("HTTP/1.1 200 OK\n"));
            assertThat(first, containsString("Connection: keep-alive\n"));
            assertThat(second, startsWith("HTTP/1.1 200 OK\n"));
            assertThat(second, containsString("Content-Type: text/html; charset=utf-8\n"));
            assertThat(second, containsString("Connection: close\n"));
            assertEquals("HEAD has no body, and the server closes", -1, connection.read());
        }
    }

    @Test
    public void malformedRequestAnswers400AndCloses() throws Exception {
        startWithGeneratedCertificate();
        try (DemoClient.RawConnection connection = client.connect(server)) {
            connection.send("HELLO\r\n\r\n");

            assertThat(connection.readHead(), startsWith("HTTP/1.1 400 Bad Request\n"));
            connection.readBody();
            assertEquals(-1, connection.read());
        }
    }

    @Test
    public void stoppingTheServerClosesIdleConnections() throws Exception {
        startWithGeneratedCertificate();
        try (DemoClient.RawConnection connection = client.connect(server)) {
            connection.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            connection.readHead();
            connection.readBody();

            server.close();

            // end of stream, well before the client's read timeout would fire
            assertEquals(-1, connection.read());
        }
    }

    @Test
    public void stoppingTheServerLetsAHandshakeInProgressFinishAndAnswersItsRequestBeforeClosing() throws Exception {
        DasyncEngine slow = new DasyncEngine(DasyncSettings.from(Map.of("latency.ms", "300")));
        provider.removeEngine(dasync);
        provider.addEngine(slow);
        ExecutorService clientThread = Executors.newSingleThreadExecutor();
        try {
            startWithGeneratedCertificate();
            Future<String> answer = clientThread.submit(() -> {
                try (DemoClient.RawConnection connection = client.connect(server)) {
                    connection.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                    String head = connection.readHead();
                    connection.readBody();
                    return head + "then " + connection.read();
                }
            });
            awaitEngineWorkInFlight();

            server.close();

            String head = answer.get(DemoClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(head, startsWith("HTTP/1.1 200 OK\n"));
            assertThat(head, containsString("Connection: close\n"));
            assertThat("the server closes after the answer", head, endsWith("then -1"));
            assertEquals(0, server.failedHandshakes());
        } finally {
            clientThread.shutdownNow();
            slow.close();
        }
    }

    /** Until the (only) dasync engine has an operation of a handshake in flight; a bounded loop of status reads. */
    private void awaitEngineWorkInFlight() {
        long deadline = System.nanoTime() + DemoClient.TIMEOUT.toNanos();
        while (runtime.getEngine("dasync").orElseThrow().inFlight == 0) {
            assertTrue("no handshake reached the engine", System.nanoTime() - deadline < 0);
            Thread.onSpinWait();
        }
    }

    private static X509Certificate peerCertificate(HttpResponse<?> response) throws Exception {
        return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    }

    private static void writeKeyStore(Path path, SelfSignedCertificate credential, String password) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("key", credential.key(), password.toCharArray(), new Certificate[] {credential.certificate()});
        try (var out = Files.newOutputStream(path)) {
            keyStore.store(out, password.toCharArray());
        }
    }
}
