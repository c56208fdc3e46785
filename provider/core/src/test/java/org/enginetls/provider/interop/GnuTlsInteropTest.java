package org.enginetls.provider.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.enginetls.provider.testing.EchoServer;
import org.enginetls.provider.testing.PeerProcess;
import org.enginetls.provider.testing.PemFiles;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * EngineTLS's server against GnuTLS's {@code gnutls-cli} (Debian package {@code gnutls-bin}), a TLS
 * stack that shares no code with OpenSSL, the JDK or BouncyCastle.
 */
@RunWith(Parameterized.class)
public class GnuTlsInteropTest {

    @ClassRule
    public static final TemporaryFolder FOLDER = new TemporaryFolder();

    @Parameters(name = "{0} {1}")
    public static List<Object[]> parameters() {
        return Peers.protocolsAndKeyTypes();
    }

    @Parameter(0)
    public String protocol;

    @Parameter(1)
    public KeyType keyType;

    private static Path directory;
    private static Path caFile;

    @BeforeClass
    public static void writePemFiles() throws Exception {
        Peers.requireInstalled("gnutls-cli", "gnutls-bin");
        directory = FOLDER.getRoot().toPath();
        caFile = PemFiles.caCertificate(directory);
    }

    @Test
    public void gnutlsClientExchangesLinesWithOurSocketServer() throws Exception {
        try (EchoServer server = EchoServer.overSocket(Peers.engineTlsServer(protocol, keyType), protocol)) {
            exchangeThroughGnutlsClient(server);
        }
    }

    @Test
    public void gnutlsClientExchangesLinesWithOurEngineServer() throws Exception {
        try (EchoServer server = EchoServer.overEngine(Peers.engineTlsServer(protocol, keyType), protocol)) {
            exchangeThroughGnutlsClient(server);
        }
    }

    private void exchangeThroughGnutlsClient(EchoServer server) throws Exception {
        try {
            gnutlsExchange(server);
        } catch (AssertionError e) {
            throw server.withServerFailure(e);
        }
    }

    private void gnutlsExchange(EchoServer server) throws Exception {
        try (PeerProcess gnutls = PeerProcess.start(directory, "gnutls-cli",
                "--x509cafile", caFile.toString(), "--verify-hostname", "localhost", "--sni-hostname", "localhost",
                "--priority", "NORMAL:-VERS-ALL:+VERS-" + gnutlsVersion(protocol),
                "-p", Integer.toString(server.port()), "127.0.0.1")) {
            gnutls.awaitLineStartingWith("- Handshake was completed");
            String description = gnutls.awaitLineStartingWith("- Description: ");
            assertTrue(description, description.startsWith("- Description: (" + gnutlsVersion(protocol) + "-"));
            assertEquals("- Status: The certificate is trusted. ", gnutls.awaitLineStartingWith("- Status: "));

            String line = "hello from gnutls " + protocol + " " + keyType;
            gnutls.writeLine(line);
            gnutls.awaitLineStartingWith(EchoServer.answerTo(line));
            gnutls.closeInput();
            gnutls.awaitSuccess();

            EchoServer.Exchange exchange = server.await();
            assertEquals(line, exchange.received());
            assertEquals(protocol, exchange.protocol());
        }
    }

    /** GnuTLS's name for {@code protocol}, as in its priority strings and session descriptions. */
    private static String gnutlsVersion(String protocol) {
        return switch (protocol) {
            case "TLSv1.2" -> "TLS1.2";
            case "TLSv1.3" -> "TLS1.3";
            default -> throw new IllegalArgumentException(protocol);
        };
    }
}
