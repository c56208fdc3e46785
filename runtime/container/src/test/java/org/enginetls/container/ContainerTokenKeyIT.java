package org.enginetls.container;

import static org.junit.Assert.assertEquals;
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
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/**
 * docs/engines.md's recipe "A token key in the container", as a user types it: a SoftHSM2 token with a key made by
 * keytool, the container started with {@code SOFTHSM2_CONF} set, the pkcs11 engine configured from the Gogo shell with
 * {@code pin.file}, and the demo switched to {@code keystore=EngineTLS:pkcs11/server} without a restart; a JDK client
 * that trusts only the token's certificate then reaches {@code /status}.
 */
public class ContainerTokenKeyIT {

    private static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    private static final Duration STEP = Duration.ofSeconds(30);

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Rule
    public final Timeout timeout = Timeout.seconds(180);

    private ContainerProcess container;

    @After
    public void destroy() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    @Test
    public void demoServesTheTokenKeyConfiguredFromTheShell() throws Exception {
        Path token = tokenWithKey();
        Path jar = Path.of(System.getProperty("enginetls.runtime.jar", "target/enginetls-runtime.jar"));
        // a shell on standard input: without a terminal the container starts none unless asked
        container = ContainerProcess.start(jar, folder.newFolder("container").toPath(), "enginetls.shell=true");
        container.awaitLine(line -> line.startsWith("EngineTLS demo listening on"), ContainerProcess.START_TIMEOUT, "demo banner");

        for (String line : List.of(
                "cm = $.context service ($.context serviceReference org.osgi.service.cm.ConfigurationAdmin)",
                "token = new java.util.Hashtable",
                "$token put library " + LIBRARY,
                "$token put token.label web",
                "$token put pin.file " + token.resolve("web.pin"),
                "pkcs11 = $cm configuration org.enginetls.engine.pkcs11 \"?\"",
                "$pkcs11 update $token",
                "demo = new java.util.Hashtable",
                "$demo put keystore EngineTLS:pkcs11/server",
                "demoConfig = $cm configuration org.enginetls.demo \"?\"",
                "$demoConfig update $demo")) {
            container.command(line);
        }
        container.awaitLine(line -> line.contains("held by an engine, EngineTLS:pkcs11/server"), STEP, "the demo on the token key");
        container.awaitLine(line -> line.startsWith("    pkcs11 (ranking 200, active"), STEP, "pkcs11 active in the banner");

        HttpResponse<String> status = clientTrusting(token.resolve("server.crt")).send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + container.port() + "/status")).timeout(STEP).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertEquals(200, status.statusCode());
        Certificate served = status.sslSession().orElseThrow().getPeerCertificates()[0];
        assertEquals("the token's certificate, the only one the client trusts", certificate(token.resolve("server.crt")), served);
        assertTrue(status.body(), status.body().contains("\"id\":\"pkcs11\""));
    }

    /** A SoftHSM2 token labelled web, PIN in web.pin, an EC key "server" made by keytool, its certificate in server.crt. */
    private Path tokenWithKey() throws Exception {
        String conf = System.getenv("SOFTHSM2_CONF");
        assertTrue("SOFTHSM2_CONF must be set (failsafe sets it)", conf != null && !conf.isBlank());
        assertTrue("SoftHSM2 is not installed (apt-get install softhsm2)", Files.isRegularFile(Path.of(LIBRARY)));
        Path directory = folder.newFolder("token").toPath();
        Files.createDirectories(directory.resolve("tokens"));
        Files.createDirectories(Path.of(conf).getParent());
        Files.writeString(Path.of(conf), "directories.tokendir = " + directory.resolve("tokens") + "\nobjectstore.backend = file\n");
        run("softhsm2-util", "--init-token", "--free", "--label", "web", "--pin", "1234", "--so-pin", "123456");
        Path config = directory.resolve("pkcs11.cfg");
        Files.writeString(config, "name = web\nlibrary = " + LIBRARY + "\nslotListIndex = 0\n");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-keystore", "NONE", "-storetype", "PKCS11", "-addprovider", "SunPKCS11", "-providerArg",
                config.toString(), "-storepass", "1234", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1");
        run(keytool, "-exportcert", "-rfc", "-keystore", "NONE", "-storetype", "PKCS11", "-addprovider", "SunPKCS11",
                "-providerArg", config.toString(), "-storepass", "1234", "-alias", "server", "-file",
                directory.resolve("server.crt").toString());
        Files.writeString(directory.resolve("web.pin"), "1234\n");
        return directory;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            assertTrue(String.join(" ", command) + " did not finish", process.waitFor(STEP.toSeconds(), TimeUnit.SECONDS));
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(String.join(" ", command) + ":\n" + output, 0, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    private static Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static HttpClient clientTrusting(Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("token", certificate(certificate));
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1).connectTimeout(STEP).build();
    }
}
