package org.enginetls.provider.interop;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.SSLParameters;

import org.enginetls.provider.testing.EchoServer;
import org.enginetls.provider.testing.PeerProcess;
import org.enginetls.provider.testing.PemFiles;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * An EngineTLS server picks the cipher suite by its own order, as the JDK's provider does, unless the
 * application turns that off ({@code SSLParameters.setUseCipherSuitesOrder(false)}): an
 * {@code openssl s_client} that prefers ChaCha20-Poly1305 gets AES-GCM (first in the server's order)
 * from our socket and engine servers, and gets ChaCha20 once the server defers to the client.
 */
public class ServerCipherSuiteOrderTest {

    private static final String CHACHA_FIRST_TLS12 = "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256";
    private static final String CHACHA_FIRST_TLS13 = "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";
    private static final Consumer<SSLParameters> DEFAULTS = parameters -> { };
    private static final Consumer<SSLParameters> CLIENT_ORDER = parameters -> parameters.setUseCipherSuitesOrder(false);

    @ClassRule
    public static final TemporaryFolder FOLDER = new TemporaryFolder();

    private static Path directory;
    private static Path caFile;

    @BeforeClass
    public static void writePemFiles() throws Exception {
        Peers.requireInstalled("openssl", "openssl");
        directory = FOLDER.getRoot().toPath();
        caFile = PemFiles.caCertificate(directory);
    }

    @Test
    public void socketServerPicksAesGcmByItsOwnOrderTls12() throws Exception {
        try (EchoServer server = EchoServer.overSocket(Peers.engineTlsServer("TLSv1.2", KeyType.EC_P256), "TLSv1.2", DEFAULTS)) {
            assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", negotiated(server, "-tls1_2", "-cipher", CHACHA_FIRST_TLS12));
        }
    }

    @Test
    public void engineServerPicksAesGcmByItsOwnOrderTls12() throws Exception {
        try (EchoServer server = EchoServer.overEngine(Peers.engineTlsServer("TLSv1.2", KeyType.EC_P256), "TLSv1.2", DEFAULTS)) {
            assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", negotiated(server, "-tls1_2", "-cipher", CHACHA_FIRST_TLS12));
        }
    }

    @Test
    public void socketServerPicksAesGcmByItsOwnOrderTls13() throws Exception {
        try (EchoServer server = EchoServer.overSocket(Peers.engineTlsServer("TLSv1.3", KeyType.EC_P256), "TLSv1.3", DEFAULTS)) {
            assertEquals("TLS_AES_128_GCM_SHA256", negotiated(server, "-tls1_3", "-ciphersuites", CHACHA_FIRST_TLS13));
        }
    }

    @Test
    public void engineServerPicksAesGcmByItsOwnOrderTls13() throws Exception {
        try (EchoServer server = EchoServer.overEngine(Peers.engineTlsServer("TLSv1.3", KeyType.EC_P256), "TLSv1.3", DEFAULTS)) {
            assertEquals("TLS_AES_128_GCM_SHA256", negotiated(server, "-tls1_3", "-ciphersuites", CHACHA_FIRST_TLS13));
        }
    }

    @Test
    public void socketServerThatDefersToTheClientPicksChaCha() throws Exception {
        try (EchoServer server = EchoServer.overSocket(Peers.engineTlsServer("TLSv1.2", KeyType.EC_P256), "TLSv1.2", CLIENT_ORDER)) {
            assertEquals("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                    negotiated(server, "-tls1_2", "-cipher", CHACHA_FIRST_TLS12));
        }
    }

    @Test
    public void engineServerThatDefersToTheClientPicksChaCha() throws Exception {
        try (EchoServer server = EchoServer.overEngine(Peers.engineTlsServer("TLSv1.3", KeyType.EC_P256), "TLSv1.3", CLIENT_ORDER)) {
            assertEquals("TLS_CHACHA20_POLY1305_SHA256", negotiated(server, "-tls1_3", "-ciphersuites", CHACHA_FIRST_TLS13));
        }
    }

    /** The suite the server reports after an exchange with an {@code s_client} given {@code options}. */
    private static String negotiated(EchoServer server, String... options) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("-verify_return_error", "-brief"));
        arguments.addAll(List.of(options));
        try (PeerProcess openssl = Peers.opensslClient(directory, caFile, server.port(), arguments.toArray(String[]::new))) {
            openssl.awaitLineStartingWith("Verification: ");
            String line = "which suite?";
            openssl.writeLine(line);
            openssl.awaitLineStartingWith(EchoServer.answerTo(line));
            openssl.closeInput();
            openssl.awaitSuccess();
            return server.await().cipherSuite();
        } catch (AssertionError e) {
            throw server.withServerFailure(e);
        }
    }
}
