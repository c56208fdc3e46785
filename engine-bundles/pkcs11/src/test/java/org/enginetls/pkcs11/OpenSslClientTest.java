package org.enginetls.pkcs11;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.testing.EchoServer;
import org.enginetls.provider.testing.PeerProcess;
import org.enginetls.provider.testing.PemFiles;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * {@code openssl s_client} verifies handshakes with an EngineTLS server (socket and SSLEngine) whose
 * private key stays in a SoftHSM2 token: the certificate chain checks out against the test CA and the
 * server's signature, made by the token, verifies.
 */
@RunWith(Parameterized.class)
public class OpenSslClientTest {

    @ClassRule
    public static final TemporaryFolder FOLDER = new TemporaryFolder();

    @Parameters(name = "{0} {1}")
    public static List<Object[]> parameters() {
        List<Object[]> parameters = new ArrayList<>();
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            for (String key : new String[] {SoftHsm.RSA, SoftHsm.EC}) {
                parameters.add(new Object[] {protocol, key});
            }
        }
        return parameters;
    }

    private static Pkcs11Engine engine;
    private static ProviderCore core;
    private static Path directory;
    private static Path caFile;

    private final String protocol;
    private final String keyAlias;

    public OpenSslClientTest(String protocol, String keyAlias) {
        this.protocol = protocol;
        this.keyAlias = keyAlias;
    }

    @BeforeClass
    public static void tokenWithKeys() throws Exception {
        assertTrue("openssl is not installed", PeerProcess.isInstalled("openssl"));
        SoftHsm hsm = SoftHsm.create();
        SoftHsm.Token token = hsm.initToken("openssl");
        SoftHsm.addKeys(token);
        engine = new Pkcs11Engine(token.settings());
        core = TokenTls.core(engine);
        directory = FOLDER.getRoot().toPath();
        caFile = PemFiles.caCertificate(directory);
    }

    @AfterClass
    public static void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    public void opensslVerifiesOurSocketServerSigningInTheToken() throws Exception {
        SSLContext server = TokenTls.server(core, engine, "SunX509", protocol);
        try (EchoServer echo = EchoServer.overSocket(server, protocol)) {
            exchange(echo);
        }
    }

    @Test
    public void opensslVerifiesOurEngineServerSigningInTheToken() throws Exception {
        SSLContext server = TokenTls.server(core, engine, "PKIX", protocol);
        try (EchoServer echo = EchoServer.overEngine(server, protocol)) {
            exchange(echo);
        }
    }

    private void exchange(EchoServer server) throws Exception {
        long before = engine.signatures();
        List<String> command = new ArrayList<>(List.of("openssl", "s_client",
                "-connect", "127.0.0.1:" + server.port(), "-servername", "localhost",
                "-CAfile", caFile.toString(), "-verify_hostname", "localhost", "-verify_return_error", "-brief",
                "TLSv1.3".equals(protocol) ? "-tls1_3" : "-tls1_2",
                "-sigalgs", SoftHsm.RSA.equals(keyAlias) ? "rsa_pss_rsae_sha256:RSA+SHA256" : "ECDSA+SHA256"));
        if ("TLSv1.2".equals(protocol)) {
            command.addAll(List.of("-cipher", SoftHsm.RSA.equals(keyAlias)
                    ? "ECDHE-RSA-AES128-GCM-SHA256" : "ECDHE-ECDSA-AES128-GCM-SHA256"));
        }
        try (PeerProcess openssl = PeerProcess.start(directory, command)) {
            assertEquals("Protocol version: " + protocol, openssl.awaitLineStartingWith("Protocol version: "));
            assertEquals("Verification: OK", openssl.awaitLineStartingWith("Verification: "));
            String peerType = openssl.awaitLineStartingWith("Signature type: ");
            assertTrue(peerType, peerType.contains(SoftHsm.RSA.equals(keyAlias) ? "RSA" : "ECDSA"));
            String line = "hello from openssl " + protocol + " " + keyAlias;
            openssl.writeLine(line);
            openssl.awaitLineStartingWith(EchoServer.answerTo(line));
            openssl.closeInput();
            openssl.awaitSuccess();
        } catch (AssertionError e) {
            throw server.withServerFailure(e);
        }
        assertEquals(protocol, server.await().protocol());
        assertEquals("the token made the server's signature", 1, engine.signatures() - before);
    }
}
