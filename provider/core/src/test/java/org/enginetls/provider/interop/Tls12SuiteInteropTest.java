package org.enginetls.provider.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import org.enginetls.provider.testing.EchoServer;
import org.enginetls.provider.testing.PeerProcess;
import org.enginetls.provider.testing.PemFiles;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsLineClient;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * Every TLS 1.2 cipher suite family a default JDK 25 enables (ECDHE with ECDSA and RSA certificates,
 * DHE with RSA, each with AES-GCM, AES-CBC with SHA-2 and with SHA-1, and ChaCha20-Poly1305), against
 * {@code openssl} and {@code gnutls-cli} restricted to that one suite: their clients against our
 * {@code SSLServerSocket} and our {@code SSLEngine}, and our socket and engine clients against
 * {@code s_server} (one process serving both). {@code gnutls-serv} listens on every interface, so
 * GnuTLS is a client only.
 */
@RunWith(Parameterized.class)
public class Tls12SuiteInteropTest {

    private static final String PROTOCOL = "TLSv1.2";

    /** One suite under its IANA, OpenSSL and GnuTLS names (key exchange, cipher, MAC of a priority string). */
    public record Suite(String name, String openssl, String gnutlsKeyExchange, String gnutlsCipher, String gnutlsMac) {

        KeyType keyType() {
            return name.contains("_ECDSA_") ? KeyType.EC_P256 : KeyType.RSA_2048;
        }

        String gnutlsPriority() {
            return "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+" + gnutlsKeyExchange + ":-CIPHER-ALL:+" + gnutlsCipher
                    + ":-MAC-ALL:+" + gnutlsMac;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @ClassRule
    public static final TemporaryFolder FOLDER = new TemporaryFolder();

    @Parameters(name = "{0}")
    public static List<Object[]> parameters() {
        return rows(List.of(
                new Suite("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA", "AES-128-GCM", "AEAD"),
                new Suite("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-ECDSA", "AES-256-CBC", "SHA384"),
                new Suite("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA", "AES-128-CBC", "SHA1"),
                new Suite("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-ECDSA",
                        "CHACHA20-POLY1305", "AEAD"),
                new Suite("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA", "AES-256-GCM", "AEAD"),
                new Suite("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256", "ECDHE-RSA", "AES-128-CBC", "SHA256"),
                new Suite("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA", "ECDHE-RSA", "AES-256-CBC", "SHA1"),
                new Suite("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-RSA",
                        "CHACHA20-POLY1305", "AEAD"),
                new Suite("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256", "DHE-RSA", "AES-128-GCM", "AEAD"),
                new Suite("TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256", "DHE-RSA", "AES-256-CBC", "SHA256"),
                new Suite("TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA", "DHE-RSA", "AES-128-CBC", "SHA1"),
                new Suite("TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305", "DHE-RSA",
                        "CHACHA20-POLY1305", "AEAD")));
    }

    static List<Object[]> rows(List<Suite> suites) {
        List<Object[]> rows = new ArrayList<>();
        suites.forEach(suite -> rows.add(new Object[] {suite}));
        return rows;
    }

    @Parameter(0)
    public Suite suite;

    private static Path directory;
    private static Path caFile;

    @BeforeClass
    public static void writePemFiles() throws Exception {
        Peers.requireInstalled("openssl", "openssl");
        Peers.requireInstalled("gnutls-cli", "gnutls-bin");
        directory = FOLDER.getRoot().toPath();
        caFile = PemFiles.caCertificate(directory);
    }

    /**
     * What the application does to the engines and sockets of both ends before they connect: nothing for
     * suites the JDK enables by default, which must be among EngineTLS's defaults too.
     */
    protected Consumer<SSLParameters> applicationSettings() {
        return parameters -> assertTrue(suite + " is enabled by default",
                Arrays.asList(parameters.getCipherSuites()).contains(suite.name()));
    }

    @Test
    public void opensslClientExchangesLinesWithOurSocketServer() throws Exception {
        try (EchoServer server = EchoServer.overSocket(server(), PROTOCOL, applicationSettings())) {
            exchange(server, this::opensslClient);
        }
    }

    @Test
    public void opensslClientExchangesLinesWithOurEngineServer() throws Exception {
        try (EchoServer server = EchoServer.overEngine(server(), PROTOCOL, applicationSettings())) {
            exchange(server, this::opensslClient);
        }
    }

    @Test
    public void gnutlsClientExchangesLinesWithOurSocketServer() throws Exception {
        try (EchoServer server = EchoServer.overSocket(server(), PROTOCOL, applicationSettings())) {
            exchange(server, this::gnutlsClient);
        }
    }

    @Test
    public void gnutlsClientExchangesLinesWithOurEngineServer() throws Exception {
        try (EchoServer server = EchoServer.overEngine(server(), PROTOCOL, applicationSettings())) {
            exchange(server, this::gnutlsClient);
        }
    }

    @Test
    public void ourSocketAndEngineClientsExchangeLinesWithOpensslServer() throws Exception {
        PemFiles.Credential files = PemFiles.credential(directory, suite.keyType().name(), TestPki.leaf(suite.keyType()));
        try (PeerProcess openssl = PeerProcess.start(directory, "openssl", "s_server",
                "-accept", "127.0.0.1:0", "-naccept", "2", "-rev", "-tls1_2", "-cipher", suite.openssl(),
                "-cert", files.certificate().toString(), "-key", files.key().toString(),
                "-cert_chain", files.chain().toString())) {
            String accept = openssl.awaitLineStartingWith("ACCEPT ");
            int port = Integer.parseInt(accept.substring(accept.lastIndexOf(':') + 1));
            SSLContext client = Peers.engineTlsClient(PROTOCOL);

            String line = "hello over a socket, " + suite;
            assertReversed(line, TlsLineClient.exchange(client, PROTOCOL, port, line, applicationSettings()));
            String engineLine = "hello over an engine, " + suite;
            assertReversed(engineLine, TlsLineClient.exchangeOverEngine(client, PROTOCOL, port, engineLine, applicationSettings()));
            openssl.awaitSuccess();
        }
    }

    private SSLContext server() throws Exception {
        return Peers.engineTlsServer(PROTOCOL, suite.keyType());
    }

    private void assertReversed(String line, TlsLineClient.Exchange exchange) {
        assertEquals("s_server -rev answers with the line reversed", new StringBuilder(line).reverse().toString(),
                exchange.answer());
        assertEquals(PROTOCOL, exchange.protocol());
        assertEquals(suite.name(), exchange.cipherSuite());
    }

    /** A client process that connects to {@code port}, offering the suite alone, and checks the server's certificate. */
    @FunctionalInterface
    private interface PeerClient {
        PeerProcess start(int port) throws Exception;
    }

    private PeerProcess opensslClient(int port) throws Exception {
        PeerProcess openssl = Peers.opensslClient(directory, caFile, port, "-verify_hostname", "localhost",
                "-verify_return_error", "-brief", "-tls1_2", "-cipher", suite.openssl());
        assertEquals("Protocol version: " + PROTOCOL, openssl.awaitLineStartingWith("Protocol version: "));
        assertEquals("Ciphersuite: " + suite.openssl(), openssl.awaitLineStartingWith("Ciphersuite: "));
        assertEquals("Verification: OK", openssl.awaitLineStartingWith("Verification: "));
        return openssl;
    }

    private PeerProcess gnutlsClient(int port) throws Exception {
        PeerProcess gnutls = PeerProcess.start(directory, "gnutls-cli",
                "--x509cafile", caFile.toString(), "--verify-hostname", "localhost", "--sni-hostname", "localhost",
                "--priority", suite.gnutlsPriority(), "-p", Integer.toString(port), "127.0.0.1");
        gnutls.awaitLineStartingWith("- Handshake was completed");
        assertEquals("- Status: The certificate is trusted. ", gnutls.awaitLineStartingWith("- Status: "));
        return gnutls;
    }

    private void exchange(EchoServer server, PeerClient client) throws Exception {
        try (PeerProcess peer = client.start(server.port())) {
            String line = "hello from a peer, " + suite;
            peer.writeLine(line);
            peer.awaitLineStartingWith(EchoServer.answerTo(line));
            peer.closeInput();
            peer.awaitSuccess();

            EchoServer.Exchange exchange = server.await();
            assertEquals(line, exchange.received());
            assertEquals(PROTOCOL, exchange.protocol());
            assertEquals(suite.name(), exchange.cipherSuite());
        } catch (AssertionError e) {
            throw server.withServerFailure(e);
        }
    }
}
