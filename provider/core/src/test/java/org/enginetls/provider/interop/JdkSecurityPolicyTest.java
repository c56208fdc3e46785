package org.enginetls.provider.interop;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.testing.EngineTextConnection;
import org.enginetls.provider.testing.PeerProcess;
import org.enginetls.provider.testing.PemFiles;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.Credential;
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
 * A default JDK 25 {@code java.security} means under EngineTLS what it means under SunJSSE, as a server
 * and as a client: each test pins one entry of {@code jdk.tls.disabledAlgorithms},
 * {@code jdk.certpath.disabledAlgorithms} or the default {@code jdk.tls.namedGroups} against an
 * {@code openssl} peer, and runs once for EngineTLS and once for SunJSSE, which must agree.
 * Our side is an {@code SSLEngine} over a socket channel, with the JDK's key and trust managers.
 *
 * <p>Entries without a test here: {@code SSLv3}, {@code TLSv1}, {@code RC4}, {@code DES}, {@code 3DES_EDE_CBC},
 * {@code NULL}, {@code anon}, {@code ECDH} and {@code MD5withRSA} are plain entries BouncyCastle enforces
 * itself, and this machine's OpenSSL 3 cannot offer them (nor a DH group below 1024 bits); see
 * {@code docs/security-policy.md}.
 */
@RunWith(Parameterized.class)
public class JdkSecurityPolicyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** OpenSSL 3 refuses SHA-1 signatures, TLS 1.1, 3DES and small keys itself above security level 0. */
    private static final String ANYTHING_GOES = "DEFAULT:@SECLEVEL=0";

    @ClassRule
    public static final TemporaryFolder FOLDER = new TemporaryFolder();

    @Parameters(name = "{0}")
    public static List<Object[]> providers() {
        return List.of(new Object[] {"EngineTLS"}, new Object[] {"SunJSSE"});
    }

    private static final EngineTlsProvider ENGINE_TLS = new EngineTlsProvider();
    private static Path directory;

    @Parameter
    public String providerName;

    @BeforeClass
    public static void requireOpenssl() {
        Peers.requireInstalled("openssl", "openssl");
        directory = FOLDER.getRoot().toPath();
    }

    // jdk.tls.disabledAlgorithms: rsa_pkcs1_sha1, ecdsa_sha1 usage HandshakeSignature

    @Test
    public void serverRefusesAClientThatOffersOnlyRsaPkcs1Sha1ForHandshakeSignatures() throws Exception {
        assertFalse(opensslClientConnects(KeyType.RSA_2048, engine -> { },
                "-tls1_2", "-sigalgs", "RSA+SHA1", "-cipher", ANYTHING_GOES));
    }

    @Test
    public void serverSignsWithSha256WhenTheClientAlsoOffersRsaPkcs1Sha1() throws Exception {
        try (PeerProcess client = opensslClient(KeyType.RSA_2048, engine -> { },
                "-tls1_2", "-sigalgs", "RSA+SHA1:RSA+SHA256", "-cipher", ANYTHING_GOES)) {
            assertTrue(client.describe(), client.output().contains("Hash used: SHA256"));
        }
    }

    @Test
    public void serverRefusesAClientThatOffersOnlyEcdsaSha1ForHandshakeSignatures() throws Exception {
        assertFalse(opensslClientConnects(KeyType.EC_P256, engine -> { },
                "-tls1_2", "-sigalgs", "ECDSA+SHA1", "-cipher", ANYTHING_GOES));
    }

    @Test
    public void clientRefusesAServerThatSignsWithRsaPkcs1Sha1() throws Exception {
        assertFalse(connectsToOpensslServer(TestPki.leaf(KeyType.RSA_2048), engine -> { },
                "-tls1_2", "-sigalgs", "RSA+SHA1", "-cipher", ANYTHING_GOES));
    }

    @Test
    public void clientRefusesAServerThatSignsWithEcdsaSha1() throws Exception {
        assertFalse(connectsToOpensslServer(TestPki.leaf(KeyType.EC_P256), engine -> { },
                "-tls1_2", "-sigalgs", "ECDSA+SHA1", "-cipher", ANYTHING_GOES));
    }

    @Test
    public void clientStillRefusesRsaPkcs1Sha1AfterTheApplicationReplacesItsParameters() throws Exception {
        assertFalse(connectsToOpensslServer(TestPki.leaf(KeyType.RSA_2048),
                engine -> engine.setSSLParameters(new SSLParameters()),
                "-tls1_2", "-sigalgs", "RSA+SHA1", "-cipher", ANYTHING_GOES));
    }

    @Test
    public void clientStillRefusesRsaPkcs1Sha1WhenTheApplicationAsksForIt() throws Exception {
        assertFalse(connectsToOpensslServer(TestPki.leaf(KeyType.RSA_2048), engine -> {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setSignatureSchemes(new String[] {"rsa_pkcs1_sha1", "ecdsa_secp256r1_sha256"});
            engine.setSSLParameters(parameters);
        }, "-tls1_2", "-sigalgs", "RSA+SHA1", "-cipher", ANYTHING_GOES));
    }

    @Test
    public void clientSocketStillRefusesRsaPkcs1Sha1AfterTheApplicationReplacesItsParameters() throws Exception {
        PemFiles.Credential files = PemFiles.credential(directory, "socket-" + System.nanoTime(), TestPki.leaf(KeyType.RSA_2048));
        try (PeerProcess openssl = PeerProcess.start(directory, "openssl", "s_server", "-accept", "127.0.0.1:0",
                "-naccept", "1", "-cert", files.certificate().toString(), "-key", files.key().toString(),
                "-cert_chain", files.chain().toString(), "-tls1_2", "-sigalgs", "RSA+SHA1", "-cipher", ANYTHING_GOES)) {
            String accept = openssl.awaitLineStartingWith("ACCEPT");
            int port = Integer.parseInt(accept.substring(accept.lastIndexOf(':') + 1));
            SSLContext client = SSLContext.getInstance("TLS", provider());
            client.init(null, TestPki.trustManagers(), null);
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                socket.setSSLParameters(new SSLParameters());
                assertThrows(IOException.class, socket::startHandshake);
            }
        }
    }

    // jdk.certpath.disabledAlgorithms: "SHA1 jdkCA & usage TLSServer" applies to the JDK's CAs only

    @Test
    public void clientAcceptsASha1SignedCertificateFromACaOutsideTheJdk() throws Exception {
        Credential sha1Signed = TestPki.leaf(keyPair("EC", new ECGenParameterSpec("secp256r1")), "SHA1withECDSA");
        assertTrue(connectsToOpensslServer(sha1Signed, engine -> { }, "-tls1_2", "-cipher", ANYTHING_GOES));
    }

    // jdk.certpath.disabledAlgorithms and jdk.tls.disabledAlgorithms: RSA keySize < 1024

    @Test
    public void clientRefusesAServerCertificateWithAnRsaKeyBelow1024Bits() throws Exception {
        Credential small = TestPki.leaf(keyPair("RSA", 768), "SHA256withECDSA");
        assertFalse(connectsToOpensslServer(small, engine -> { }, "-tls1_2", "-cipher", ANYTHING_GOES));
    }

    // jdk.tls.disabledAlgorithms: TLSv1.1 (and SSLv3, TLSv1, which OpenSSL 3 no longer builds)

    @Test
    public void serverRefusesTls11() throws Exception {
        assertFalse(opensslClientConnects(KeyType.RSA_2048, engine -> engine.setEnabledProtocols(engine.getSupportedProtocols()),
                "-tls1_1", "-cipher", ANYTHING_GOES));
    }

    @Test
    public void clientRefusesTls11() throws Exception {
        assertFalse(connectsToOpensslServer(TestPki.leaf(KeyType.RSA_2048),
                engine -> engine.setEnabledProtocols(engine.getSupportedProtocols()), "-tls1_1", "-cipher", ANYTHING_GOES));
    }

    // jdk.tls.disabledAlgorithms: TLS_RSA_* (BouncyCastle never matches the wildcard by itself)

    @Test
    public void serverRefusesStaticRsaEvenWhenTheApplicationEnablesIt() throws Exception {
        assertFalse(opensslClientConnects(KeyType.RSA_2048, JdkSecurityPolicyTest::enableEverySuite,
                "-tls1_2", "-cipher", "AES128-GCM-SHA256:AES128-SHA"));
    }

    @Test
    public void clientDoesNotOfferStaticRsaEvenWhenTheApplicationEnablesIt() throws Exception {
        assertFalse(connectsToOpensslServer(TestPki.leaf(KeyType.RSA_2048), JdkSecurityPolicyTest::enableEverySuite,
                "-tls1_2", "-cipher", "AES128-GCM-SHA256:AES128-SHA"));
    }

    // jdk.tls.disabledAlgorithms: EC keySize < 224

    @Test
    public void serverRefusesEcdheOverCurvesBelow224Bits() throws Exception {
        assertFalse(opensslClientConnects(KeyType.RSA_2048, engine -> { },
                "-tls1_2", "-groups", "P-192", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0"));
    }

    // jdk.tls.namedGroups unset: the JDK's default groups, which include ffdhe6144 and ffdhe8192

    @Test
    public void serverAcceptsFfdhe6144AsTheJdkDefaultGroupsDo() throws Exception {
        assertTrue(opensslClientConnects(KeyType.RSA_2048, engine -> { }, "-tls1_3", "-groups", "ffdhe6144"));
    }

    @Test
    public void serverAcceptsFfdhe8192AsTheJdkDefaultGroupsDo() throws Exception {
        assertTrue(opensslClientConnects(KeyType.RSA_2048, engine -> { }, "-tls1_3", "-groups", "ffdhe8192"));
    }

    private Provider provider() {
        return "EngineTLS".equals(providerName) ? ENGINE_TLS : Security.getProvider(providerName);
    }

    private static void enableEverySuite(SSLEngine engine) {
        engine.setEnabledCipherSuites(engine.getSupportedCipherSuites());
    }

    private static KeyPair keyPair(String algorithm, Object parameter) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (parameter instanceof Integer bits) {
            generator.initialize(bits);
        } else {
            generator.initialize((ECGenParameterSpec) parameter);
        }
        return generator.generateKeyPair();
    }

    /** Whether {@code openssl s_client args} completes a handshake with our server. */
    private boolean opensslClientConnects(KeyType keyType, Consumer<SSLEngine> configure, String... args) throws Exception {
        try (PeerProcess client = opensslClient(keyType, configure, args)) {
            return client.awaitExit(TIMEOUT) == 0;
        }
    }

    /** Runs {@code openssl s_client args} against one connection of our server and returns it, exited. */
    private PeerProcess opensslClient(KeyType keyType, Consumer<SSLEngine> configure, String... args) throws Exception {
        SSLContext server = SSLContext.getInstance("TLS", provider());
        server.init(TestPki.keyManagers("SunX509", TestPki.leaf(keyType)), TestPki.trustManagers(), null);
        try (ServerSocketChannel listener = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1)) {
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> serveOne(listener, server, configure));
            List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-brief"));
            command.addAll(Arrays.asList(args));
            PeerProcess client = PeerProcess.start(directory, command);
            client.closeInput();
            client.awaitExit(TIMEOUT);
            // a client that never connected (it had nothing to offer) leaves the server in accept()
            listener.close();
            served.handle((result, failure) -> null).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return client;
        }
    }

    private static void serveOne(ServerSocketChannel listener, SSLContext server, Consumer<SSLEngine> configure) {
        try (SocketChannel accepted = listener.accept()) {
            SSLEngine engine = server.createSSLEngine();
            engine.setUseClientMode(false);
            configure.accept(engine);
            EngineTextConnection connection = new EngineTextConnection(engine, accepted, TIMEOUT);
            connection.handshake();
            connection.awaitPeerClose();
        } catch (IOException e) {
            // a refused handshake: the client reports it
        }
    }

    /** Whether our client completes a handshake with {@code openssl s_server args} serving {@code credential}. */
    private boolean connectsToOpensslServer(Credential credential, Consumer<SSLEngine> configure, String... args)
            throws Exception {
        PemFiles.Credential files = PemFiles.credential(directory, "server-" + System.nanoTime(), credential);
        List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:0", "-naccept", "1",
                "-cert", files.certificate().toString(), "-key", files.key().toString(),
                "-cert_chain", files.chain().toString()));
        command.addAll(Arrays.asList(args));
        try (PeerProcess openssl = PeerProcess.start(directory, command)) {
            String accept = openssl.awaitLineStartingWith("ACCEPT");
            int port = Integer.parseInt(accept.substring(accept.lastIndexOf(':') + 1));
            SSLContext client = SSLContext.getInstance("TLS", provider());
            client.init(null, TestPki.trustManagers(), null);
            SSLEngine engine = client.createSSLEngine("localhost", port);
            engine.setUseClientMode(true);
            configure.accept(engine);
            try (SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    EngineTextConnection connection = new EngineTextConnection(engine, channel, TIMEOUT)) {
                connection.handshake();
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
