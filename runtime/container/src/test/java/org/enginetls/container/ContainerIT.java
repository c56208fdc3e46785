package org.enginetls.container;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/**
 * The executable jar as a user runs it: {@code java -jar enginetls-runtime.jar} in a separate
 * process, in a directory of its own (with {@code deploy/} and {@code etc/}), on 127.0.0.1 and a
 * port of its own; either with its shell on standard input or as a service, standard input closed.
 */
public class ContainerIT {

    private static final String DASYNC_ACTIVE = "{\"id\":\"dasync\",\"ranking\":100,\"state\":\"active\"";
    private static final Duration CLIENT_TIMEOUT = HttpsProbe.TIMEOUT;
    /** How long the issue asks a service-mode container to keep serving before it is stopped. */
    private static final Duration SERVICE_PERIOD = Duration.ofSeconds(10);
    /** How soon after SIGTERM the process must be gone. */
    private static final Duration SIGTERM_EXIT = Duration.ofSeconds(15);

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Rule
    public final Timeout timeout = Timeout.seconds(180);

    private ContainerProcess container;
    private Path deploy;
    private Path etc;

    /** Starts the container with its shell on standard input (which is not a terminal, hence the setting). */
    private void startWithShell(String... properties) throws Exception {
        String[] withShell = Arrays.copyOf(properties, properties.length + 1);
        withShell[properties.length] = "enginetls.shell=true";
        start(true, withShell);
    }

    /** Starts the container as a service, its standard input closed from the start, with {@code properties}. */
    private void startAsService(String... properties) throws Exception {
        start(false, properties);
    }

    /** Starts the container with the system properties {@code properties} and waits for its banner. */
    private void start(boolean shellOnInput, String... properties) throws Exception {
        Path jar = Path.of(System.getProperty("enginetls.runtime.jar", "target/enginetls-runtime.jar"));
        assertTrue("no container jar at " + jar.toAbsolutePath() + "; run the tests through Maven", Files.isRegularFile(jar));
        Path directory = folder.getRoot().toPath();
        deploy = Files.createDirectories(directory.resolve("deploy"));
        etc = Files.createDirectories(directory.resolve("etc"));
        container = ContainerProcess.start(jar, directory, properties);
        if (!shellOnInput) {
            container.closeInput(); // what stopped the container before it had a service mode
        }
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
        startWithShell();
        HttpClient client = HttpClient.newBuilder().sslContext(HttpsProbe.contextTrusting(certificate()))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(CLIENT_TIMEOUT).build();
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

        String after = awaitStatus(body -> !body.contains("\"id\":\"dasync\""));
        assertThat(after, containsString("{\"id\":\"software\""));
        assertThat(after, containsString("\"handshakesFailed\":0"));
        assertThat(opensslGet("/status"), not(containsString("\"id\":\"dasync\"")));

        container.command("stop 0");
        container.awaitExit(ContainerProcess.STOP_TIMEOUT);
        assertThat(container.output(), containsString("EngineTLS demo stopped listening"));
        assertFalse(container.accepting());
    }

    @Test
    public void endOfInputStopsAContainerWithAShellAndFreesThePort() throws Exception {
        startWithShell();

        container.closeInput();

        container.awaitExit(ContainerProcess.STOP_TIMEOUT);
        assertThat(container.output(), containsString("EngineTLS demo stopped listening"));
        assertFalse(container.accepting());
    }

    @Test
    public void plainHttpHealthIsDownWithTheReasonWhileTheProviderIsStoppedAndUpWhenItIsBack() throws Exception {
        int healthPort = ContainerProcess.freePort();
        startWithShell("enginetls.demo.health.port=" + healthPort);
        HttpClient client = HttpClient.newBuilder().connectTimeout(CLIENT_TIMEOUT).build();
        URI health = URI.create("http://127.0.0.1:" + healthPort + "/health");
        assertEquals("{\"status\":\"UP\",\"activeEngines\":[\"dasync\",\"openssl\",\"software\"]}\n", get(client, health).body());

        // Gogo 1.1 starts bundles by id only: the provider's, from its row in the bundle list
        container.command("lb -s org.enginetls.provider");
        String row = container.awaitLine(line -> line.contains("|org.enginetls.provider ("), CLIENT_TIMEOUT, "provider bundle");
        String provider = row.replaceFirst("^\\D*(\\d+)\\|.*$", "$1");
        // the TLS server stops with the provider; the plain-HTTP endpoint stays to say so
        container.command("stop " + provider);
        container.awaitLine(line -> line.contains("EngineTLS demo stopped listening"), CLIENT_TIMEOUT, "demo stopped");
        // the provider's component lets its engines go before it leaves the provider list: until then the
        // endpoint rightly says no engine is registered, so wait (bounded) for the provider's own reason
        String providerGone = "{\"status\":\"DOWN\",\"reason\":\"the EngineTLS provider is not registered in the Java Security provider list\"}\n";
        long goneBy = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
        HttpResponse<String> down;
        do {
            down = get(client, health);
        } while (!down.body().equals(providerGone) && System.nanoTime() - goneBy < 0);
        container.command("start " + provider);
        container.awaitLine(line -> line.contains("EngineTLS demo listening"), CLIENT_TIMEOUT, "demo back");

        assertEquals(503, down.statusCode());
        assertEquals(providerGone, down.body());
        // the endpoint follows the provider's services as they come: a bounded loop of requests
        long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
        HttpResponse<String> up;
        do {
            up = get(client, health);
        } while (up.statusCode() != 200 && System.nanoTime() - deadline < 0);
        assertEquals(up.body(), 200, up.statusCode());
        assertEquals(200, probe().get("/health").status());
    }

    @Test
    public void withStandardInputClosedItServesStatusAndHealthUntilSigtermThenExitsCleanly() throws Exception {
        startAsService();
        HttpsProbe probe = probe();

        // real requests, one after another, for the whole period: each a new connection and handshake
        long served = 0;
        long end = System.nanoTime() + SERVICE_PERIOD.toNanos();
        do {
            HttpsProbe.Response status = probe.get("/status");
            assertEquals(status.body(), 200, status.status());
            assertThat(status.body(), containsString(DASYNC_ACTIVE));
            HttpsProbe.Response health = probe.get("/health");
            assertEquals(health.body(), 200, health.status());
            assertThat(health.body(), containsString("\"status\":\"UP\""));
            served += 2;
        } while (System.nanoTime() - end < 0);
        assertTrue(container.process().isAlive());
        assertThat(container.output(), not(containsString("gosh")));
        assertEquals("the container starts no process of its own", 0, container.process().descendants().count());
        assertEquals(List.of(container.process().pid()), processesListening());

        container.process().toHandle().destroy(); // SIGTERM
        int exit = container.awaitExit(SIGTERM_EXIT);

        assertEquals("exit code after SIGTERM (128 + 15); " + served + " requests served", 143, exit);
        assertThat(container.output(), containsString("EngineTLS demo stopped listening"));
        assertFalse(container.accepting());
        assertEquals("processes left running", List.of(), processesListening());
    }

    /** The processes started with this container's port on their command line. */
    private List<Long> processesListening() {
        String portArgument = "-Denginetls.demo.port=" + container.port();
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().arguments().map(List::of).orElse(List.of()).contains(portArgument))
                .map(ProcessHandle::pid).toList();
    }

    @Test
    public void poolEngineJarDroppedIntoDeployTakesHandshakesUnderLoadIsUpdatedAndRemovedWithNoFailedHandshake() throws Exception {
        startAsService();
        // ranked above dasync, so that it takes the handshakes once it is there; waits in Configuration Admin until then
        writeAtomically(etc.resolve("org.enginetls.engine.pool.cfg"), "ranking=200\n");
        Path jar = deploy.resolve("org.enginetls.engine.pool.jar");

        try (HandshakeLoad load = HandshakeLoad.start(probe(), "/health", 2, Duration.ofSeconds(90))) {
            moveInto(poolJar(), jar);
            container.awaitLine(line -> line.contains(" enginetls.engine id=pool event=ADDED state=ACTIVE ranking=200 "),
                    CLIENT_TIMEOUT, "pool engine active");
            awaitStatus(body -> counter(body, "pool", "completed") > 0);

            moveInto(copyWithExtraEntry(poolJar()), jar); // a new build of the same bundle: FileInstall updates it
            container.awaitLine(line -> line.startsWith("Updating bundle org.enginetls.engine.pool"), CLIENT_TIMEOUT, "update");
            container.awaitLine(line -> line.contains(" enginetls.engine id=pool event=ADDED state=ACTIVE "), CLIENT_TIMEOUT,
                    "updated pool engine active");
            awaitStatus(body -> counter(body, "pool", "completed") > 0);

            Files.delete(jar);
            container.awaitLine(line -> line.contains(" enginetls.engine id=pool event=REMOVED "), CLIENT_TIMEOUT, "pool engine removed");
            long beforeRemoval = load.succeeded();
            String after = awaitStatus(body -> !body.contains("\"id\":\"pool\"") && load.succeeded() > beforeRemoval + 5);

            load.close();
            assertEquals("failed handshakes, the first: " + load.firstFailure(), 0, load.failed());
            assertThat(after, containsString("\"handshakesFailed\":0"));
            assertThat(after, containsString(DASYNC_ACTIVE));
        }
        assertThat(container.output(), containsString("Installing bundle org.enginetls.engine.pool"));
        assertThat(container.output(), containsString("Uninstalling bundle"));
    }

    @Test
    public void dasyncConfigurationDroppedIntoEtcChangesItsLatencyAsStatusShows() throws Exception {
        startAsService();
        long before = counter(probe().get("/status").body(), "dasync", "latencyP50Micros");
        assertTrue("dasync's default latency is 1 ms; p50 " + before + " us", before < 200_000);

        writeAtomically(etc.resolve("org.enginetls.engine.dasync.cfg"), "latency.ms=200\n");

        // each poll is a handshake, three dasync operations: a new dasync reports them at 200 ms or more
        String after = awaitStatus(body -> counter(body, "dasync", "latencyP50Micros") >= 200_000);
        assertThat(after, containsString("\"handshakesFailed\":0"));
        assertThat(container.output(), containsString("Creating configuration {org.enginetls.engine.dasync}"));
    }

    @Test
    public void remoteShellListensOnLoopbackWhenEnabled() throws Exception {
        int port = ContainerProcess.freePort();
        startAsService("enginetls.shell.telnet.port=" + port);
        container.awaitLine(line -> line.equals("telnetd is running on 127.0.0.1:" + port), CLIENT_TIMEOUT, "telnetd");

        try (Socket shell = new Socket()) {
            shell.connect(new InetSocketAddress("127.0.0.1", port), (int) CLIENT_TIMEOUT.toMillis());
            shell.setSoTimeout((int) CLIENT_TIMEOUT.toMillis());
            shell.getOutputStream().write("enginetls:engines\n".getBytes(StandardCharsets.UTF_8));
            shell.shutdownOutput(); // end of input ends the session, and only the session
            String answer = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer, containsString("dasync    ACTIVE"));
        }
        assertTrue("the session's end stops nothing", container.process().isAlive());
    }

    private Path certificate() {
        return container.dataDirectory().resolve("server.crt");
    }

    private HttpsProbe probe() throws IOException, GeneralSecurityException {
        return HttpsProbe.trusting(certificate(), container.port());
    }

    /** Polls {@code /status}, each poll a new handshake, until {@code done} accepts it; bounded by the client's timeout. */
    private String awaitStatus(Predicate<String> done) throws IOException, GeneralSecurityException {
        HttpsProbe probe = probe();
        long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
        String body;
        do {
            body = probe.get("/status").body();
            if (done.test(body)) {
                return body;
            }
        } while (System.nanoTime() - deadline < 0);
        throw new AssertionError("/status did not change within " + CLIENT_TIMEOUT + ": " + body + "\nthe container printed:\n"
                + container.output());
    }

    /** The number {@code field} of the engine {@code id} in a {@code /status} body; -1 if it is not listed. */
    private static long counter(String status, String id, String field) {
        Matcher number = Pattern.compile("\\{\"id\":\"" + id + "\"[^{}]*\"" + field + "\":(\\d+)").matcher(status);
        return number.find() ? Long.parseLong(number.group(1)) : -1;
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(CLIENT_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static Path poolJar() {
        Path jar = Path.of(System.getProperty("enginetls.pool.jar", "../../engine-bundles/pool/target/org.enginetls.engine.pool.jar"));
        assertTrue("no pool engine jar at " + jar.toAbsolutePath() + "; run the tests through Maven", Files.isRegularFile(jar));
        return jar;
    }

    /** A copy of {@code jar} with one more entry: another file with the same bundle inside. */
    private Path copyWithExtraEntry(Path jar) throws IOException {
        Path copy = folder.getRoot().toPath().resolve("rebuilt-" + jar.getFileName());
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem zip = FileSystems.newFileSystem(copy)) {
            Files.writeString(zip.getPath("META-INF", "rebuilt"), "a second build\n");
        }
        return copy;
    }

    /** Puts {@code source}'s bytes at {@code target} in one step, as an operator should (copy beside, then move). */
    private void moveInto(Path source, Path target) throws IOException {
        Path staged = folder.getRoot().toPath().resolve("staged-" + target.getFileName());
        Files.copy(source, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void writeAtomically(Path target, String content) throws IOException {
        Path staged = folder.getRoot().toPath().resolve("staged-" + target.getFileName());
        Files.writeString(staged, content);
        Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code openssl s_client} verifying the generated certificate, sending one request; all it printed. */
    private String opensslGet(String path) throws IOException, InterruptedException {
        Path out = folder.newFile().toPath();
        Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + container.port(),
                "-servername", "localhost", "-CAfile", certificate().toString(), "-ign_eof")
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
