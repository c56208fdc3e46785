package org.enginetls.provider.interop;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.List;

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
 * EngineTLS against the {@code openssl} command line tools (OpenSSL 3.0): {@code s_client} against
 * our {@code SSLServerSocket} and against our {@code SSLEngine} over a socket channel, and our client
 * against {@code s_server}. Lines travel both ways, and both ends report the same protocol.
 */
@RunWith(Parameterized.class)
public class OpenSslInteropTest {

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
        Peers.requireInstalled("openssl", "openssl");
        directory = FOLDER.getRoot().toPath();
        caFile = PemFiles.caCertificate(directory);
    }

    @Test
    public void opensslClientExchangesLinesWithOurSocketServer() throws Exception {
        try (EchoServer server = EchoServer.overSocket(Peers.engineTlsServer(protocol, keyType), protocol)) {
            exchangeThroughOpensslClient(server);
        }
    }

    @Test
    public void opensslClientExchangesLinesWithOurEngineServer() throws Exception {
        try (EchoServer server = EchoServer.overEngine(Peers.engineTlsServer(protocol, keyType), protocol)) {
            exchangeThroughOpensslClient(server);
        }
    }

    @Test
    public void ourClientExchangesLinesWithOpensslServer() throws Exception {
        PemFiles.Credential files = PemFiles.credential(directory, keyType.name(), TestPki.leaf(keyType));
        try (PeerProcess openssl = PeerProcess.start(directory, "openssl", "s_server",
                "-accept", "127.0.0.1:0", "-naccept", "1", "-rev",
                "-cert", files.certificate().toString(), "-key", files.key().toString(),
                "-cert_chain", files.chain().toString(), Peers.opensslProtocolOption(protocol))) {
            String accept = openssl.awaitLineStartingWith("ACCEPT ");
            int port = Integer.parseInt(accept.substring(accept.lastIndexOf(':') + 1));

            String line = "hello from EngineTLS " + protocol + " " + keyType;
            TlsLineClient.Exchange exchange = TlsLineClient.exchange(Peers.engineTlsClient(protocol), protocol, port, line);

            assertEquals("s_server -rev answers with the line reversed",
                    new StringBuilder(line).reverse().toString(), exchange.answer());
            assertEquals(protocol, exchange.protocol());
            assertEquals("Protocol version: " + protocol, openssl.awaitLineStartingWith("Protocol version: "));
            openssl.awaitSuccess();
        }
    }

    private void exchangeThroughOpensslClient(EchoServer server) throws Exception {
        try {
            opensslExchange(server);
        } catch (AssertionError e) {
            throw server.withServerFailure(e);
        }
    }

    private void opensslExchange(EchoServer server) throws Exception {
        try (PeerProcess openssl = PeerProcess.start(directory, "openssl", "s_client",
                "-connect", "127.0.0.1:" + server.port(), "-servername", "localhost",
                "-CAfile", caFile.toString(), "-verify_hostname", "localhost", "-verify_return_error",
                "-brief", Peers.opensslProtocolOption(protocol))) {
            assertEquals("Protocol version: " + protocol, openssl.awaitLineStartingWith("Protocol version: "));
            assertEquals("Verification: OK", openssl.awaitLineStartingWith("Verification: "));

            String line = "hello from openssl " + protocol + " " + keyType;
            openssl.writeLine(line);
            openssl.awaitLineStartingWith(EchoServer.answerTo(line));
            openssl.closeInput();
            openssl.awaitSuccess();

            EchoServer.Exchange exchange = server.await();
            assertEquals(line, exchange.received());
            assertEquals(protocol, exchange.protocol());
        }
    }
}
