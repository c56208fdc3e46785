package org.enginetls.provider.interop;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509KeyManager;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.testing.EchoServer;
import org.enginetls.provider.testing.PeerProcess;
import org.enginetls.provider.testing.PemFiles;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A server holding several certificates for one key type sends the one whose chain is signed as the
 * client accepts ({@code signature_algorithms_cert}, or {@code signature_algorithms} without it), with the
 * JDK's {@code SunX509} key manager, which itself ignores what the client accepts. The client is
 * {@code openssl s_client} accepting only ECDSA with SHA-384; the server holds two certificates for one key
 * type, one signed by the CA with ECDSA-SHA256, which the key manager offers first, and one with ECDSA-SHA384.
 * (OpenSSL 3.0 cannot send {@code signature_algorithms_cert} apart from {@code signature_algorithms}: in
 * TLS 1.3 the certificates are P-384, whose key the one offered scheme can sign with.)
 *
 * <p>In TLS 1.3 an ECDSA signature scheme names its curve, so among certificates for several curves the server
 * sends the one on the curve of the scheme the client offers. (In TLS 1.2 the curve would have to follow the
 * client's {@code supported_groups} instead, RFC 8422 5.1, which BouncyCastle 1.84 does not expose to key
 * managers: see docs/conformance.md, "Certificate curve in TLS 1.2".)
 */
public class CertificateChoiceTest {

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
    public void socketServerSendsTheChainSignedAsTheClientAcceptsTls12() throws Exception {
        try (EchoServer server = EchoServer.overSocket(server("TLSv1.2", KeyType.EC_P256), "TLSv1.2")) {
            assertEquals("ecdsa-with-SHA384", leafSignature(server, "-tls1_2", "-sigalgs", "ECDSA+SHA384"));
        }
    }

    @Test
    public void engineServerSendsTheChainSignedAsTheClientAcceptsTls12() throws Exception {
        try (EchoServer server = EchoServer.overEngine(server("TLSv1.2", KeyType.EC_P256), "TLSv1.2")) {
            assertEquals("ecdsa-with-SHA384", leafSignature(server, "-tls1_2", "-sigalgs", "ECDSA+SHA384"));
        }
    }

    @Test
    public void engineServerSendsTheChainSignedAsTheClientAcceptsTls13() throws Exception {
        try (EchoServer server = EchoServer.overEngine(server("TLSv1.3", KeyType.EC_P384), "TLSv1.3")) {
            assertEquals("ecdsa-with-SHA384", leafSignature(server, "-tls1_3", "-sigalgs", "ecdsa_secp384r1_sha384"));
        }
    }

    @Test
    public void withoutSuchAChainTheServerSendsTheManagersChoice() throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.2", new EngineTlsProvider());
        context.init(TestPki.keyManagers("SunX509", TestPki.leaf(KeyType.EC_P256)), null, null);
        try (EchoServer server = EchoServer.overEngine(context, "TLSv1.2")) {
            assertEquals("RFC 8446 4.4.2.2: the client decides", "ecdsa-with-SHA256",
                    leafSignature(server, "-tls1_2", "-sigalgs", "ECDSA+SHA384"));
        }
    }

    @Test
    public void tls13ServerSendsTheCertificateOnTheCurveOfTheClientsSignatureScheme() throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.3", new EngineTlsProvider());
        context.init(TestPki.keyManagers("SunX509", TestPki.leaf(KeyType.EC_P256), TestPki.leaf(KeyType.EC_P384)),
                null, null);
        // whichever certificate the key manager offers first, one of the two cases needs the other
        try (EchoServer server = EchoServer.overEngine(context, "TLSv1.3")) {
            assertEquals("id-ecPublicKey, 384 (bit)",
                    leafCertificate(server, "-tls1_3", "-sigalgs", "ecdsa_secp384r1_sha384").key());
        }
        try (EchoServer server = EchoServer.overEngine(context, "TLSv1.3")) {
            assertEquals("id-ecPublicKey, 256 (bit)",
                    leafCertificate(server, "-tls1_3", "-sigalgs", "ecdsa_secp256r1_sha256").key());
        }
    }

    /** Two credentials of {@code keyType}; {@code SunX509} offers the SHA-256-signed one first (checked, so the test can fail). */
    private static SSLContext server(String protocol, KeyType keyType) throws Exception {
        SSLContext context = SSLContext.getInstance(protocol, new EngineTlsProvider());
        KeyManager[] keyManagers = TestPki.keyManagers("SunX509", TestPki.leafSignedWith(keyType, "SHA384withECDSA"),
                TestPki.leaf(keyType));
        X509KeyManager manager = (X509KeyManager) keyManagers[0];
        assertEquals("the key manager's first choice", "SHA256withECDSA",
                manager.getCertificateChain(manager.chooseServerAlias("EC", null, null))[0].getSigAlgName());
        context.init(keyManagers, null, null);
        return context;
    }

    /** The signature algorithm of the leaf certificate {@code s_client} received. */
    private static String leafSignature(EchoServer server, String... options) throws Exception {
        return leafCertificate(server, options).signature();
    }

    /** What {@code s_client -showcerts} says of the leaf certificate: its public key and signature algorithm. */
    private record Leaf(String key, String signature) {
    }

    /** The leaf certificate {@code s_client} received (its "a:" line for depth 0: "PKEY: ...; sigalg: ..."). */
    private static Leaf leafCertificate(EchoServer server, String... options) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("-showcerts"));
        arguments.addAll(List.of(options));
        try (PeerProcess openssl = Peers.opensslClient(directory, caFile, server.port(), arguments.toArray(String[]::new))) {
            openssl.awaitLine(line -> line.contains("Verify return code: 0"), PeerProcess.DEFAULT_WAIT);
            String line = "which certificate?";
            openssl.writeLine(line);
            openssl.awaitLineStartingWith(EchoServer.answerTo(line));
            openssl.closeInput();
            openssl.awaitSuccess();
            String leaf = openssl.awaitLine(l -> l.contains("sigalg:"), PeerProcess.DEFAULT_WAIT);
            String key = leaf.substring(leaf.indexOf("PKEY:") + "PKEY:".length(), leaf.indexOf(';')).trim();
            return new Leaf(key, leaf.substring(leaf.indexOf("sigalg:") + "sigalg:".length()).trim());
        } catch (AssertionError e) {
            throw server.withServerFailure(e);
        }
    }
}
