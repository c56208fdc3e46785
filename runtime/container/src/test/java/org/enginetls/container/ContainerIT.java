package org.enginetls.container;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/**
 * The executable jar as a user runs it: {@code java -jar enginetls-runtime.jar} in a separate
 * process, on 127.0.0.1 and a port of its own, with its shell on standard input.
 */
public class ContainerIT {

    private static final String DASYNC_ACTIVE = "{\"id\":\"dasync\",\"ranking\":100,\"state\":\"active\"";
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Rule
    public final Timeout timeout = Timeout.seconds(180);

    private ContainerProcess container;

    @Before
    public void start() throws Exception {
        Path jar = Path.of(System.getProperty("enginetls.runtime.jar", "target/enginetls-runtime.jar"));
        assertTrue("no container jar at " + jar.toAbsolutePath() + "; run the tests through Maven", Files.isRegularFile(jar));
        container = ContainerProcess.start(jar, folder.getRoot().toPath());
        container.awaitLine(line -> line.startsWith("EngineTLS demo listening on https://127.0.0.1:" + container.port() + "/"),
                ContainerProcess.START_TIMEOUT, "demo banner");
        assertTrue("the banner comes after the port is bound", container.accepting());
    }

    @After
    public void destroy() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    @Test
    public void statusOverTlsToTheJdkAndToOpensslFollowsTheDasyncBundleStoppedFromTheShell() throws Exception {
        HttpClient client = clientTrusting(container.dataDirectory().resolve("server.crt"));
        URI status = URI.create("https://127.0.0.1:" + container.port() + "/status");

        HttpResponse<String> before = get(client, status);
        assertEquals(200, before.statusCode());
        assertEquals("TLSv1.3", before.sslSession().orElseThrow().getProtocol());
        assertThat(before.body(), containsString(DASYNC_ACTIVE + ",\"async\":true,\"bundle\":\"org.enginetls.engine.dasync\""));

        String openssl = opensslGet("/status");
        assertThat(openssl, containsString("Verify return code: 0 (ok)"));
        assertThat(openssl, containsString("HTTP/1.1 200 OK"));
        assertThat(openssl, containsString(DASYNC_ACTIVE));

        container.command("stop org.enginetls.engine.dasync");
        container.command("enginetls:engines");
        container.awaitLine(line -> line.contains("software") && line.contains("ACTIVE"), CLIENT_TIMEOUT, "engine table");

        String after = awaitStatus(client, status, body -> !body.contains("\"id\":\"dasync\""));
        assertThat(after, containsString("{\"id\":\"software\""));
        assertThat(after, containsString("\"handshakesFailed\":0"));
        assertThat(opensslGet("/status"), not(containsString("\"id\":\"dasync\"")));

        container.command("stop 0");
        container.awaitExit(ContainerProcess.STOP_TIMEOUT);
        assertThat(container.output(), containsString("EngineTLS demo stopped listening"));
        assertFalse(container.accepting());
    }

    @Test
    public void endOfInputStopsTheContainerAndFreesThePort() throws Exception {
        container.closeInput();

        container.awaitExit(ContainerProcess.STOP_TIMEOUT);

        assertThat(container.output(), containsString("EngineTLS demo stopped listening"));
        assertFalse(container.accepting());
    }

    @Test
    public void terminationSignalStopsTheFrameworkCleanly() throws Exception {
        // SIGTERM, the JVM's shutdown hooks run as for Ctrl-C; through the handle, which (unlike
        // Process.destroy) leaves the pipes open, so what the container prints while stopping is read
        container.process().toHandle().destroy();

        int exit = container.awaitExit(ContainerProcess.STOP_TIMEOUT);

        assertThat("exit " + exit, container.output(), containsString("EngineTLS demo stopped listening"));
        assertFalse(container.accepting());
    }

    /** Polls {@code /status} until {@code done} accepts it; each poll is a request, bounded by the client's timeout. */
    private static String awaitStatus(HttpClient client, URI status, java.util.function.Predicate<String> done)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
        String body;
        do {
            body = get(client, status).body();
            if (done.test(body)) {
                return body;
            }
        } while (System.nanoTime() - deadline < 0);
        throw new AssertionError("/status did not change within " + CLIENT_TIMEOUT + ": " + body);
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(CLIENT_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The JDK's HTTPS client (SunJSSE, an independent peer), trusting exactly the generated certificate. */
    private static HttpClient clientTrusting(Path certificate) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("demo", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CLIENT_TIMEOUT).build();
    }

    /** {@code openssl s_client} verifying the generated certificate, sending one request; all it printed. */
    private String opensslGet(String path) throws IOException, InterruptedException {
        Path out = folder.newFile().toPath();
        Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + container.port(),
                "-servername", "localhost", "-CAfile", container.dataDirectory().resolve("server.crt").toString(), "-ign_eof")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            openssl.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            openssl.getOutputStream().close();
            // the server closes after answering "Connection: close", which ends s_client
            assertTrue("openssl s_client did not finish; it printed:\n" + Files.readString(out),
                    openssl.waitFor(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            return Files.readString(out);
        } finally {
            openssl.destroyForcibly();
        }
    }
}
