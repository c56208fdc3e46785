package org.enginetls.provider.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.testing.PeerProcess;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;

/** What the interoperability tests share: the matrix they run over and EngineTLS's side of each connection. */
final class Peers {

    /** The protocols every interoperability test covers. */
    static final String[] PROTOCOLS = {"TLSv1.2", "TLSv1.3"};

    /** The server certificate key types every interoperability test covers. */
    static final KeyType[] KEY_TYPES = {KeyType.RSA_2048, KeyType.EC_P256};

    /** One provider for the whole test JVM, as an application would have. */
    private static final EngineTlsProvider ENGINE_TLS = new EngineTlsProvider();

    private Peers() {
    }

    /** Protocol x key type, as JUnit parameters. */
    static List<Object[]> protocolsAndKeyTypes() {
        List<Object[]> rows = new ArrayList<>();
        for (String protocol : PROTOCOLS) {
            for (KeyType keyType : KEY_TYPES) {
                rows.add(new Object[] {protocol, keyType});
            }
        }
        return rows;
    }

    /** An EngineTLS server context with a {@code keyType} certificate (JDK {@code SunX509} key managers, as users pass). */
    static SSLContext engineTlsServer(String protocol, KeyType keyType) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance(protocol, ENGINE_TLS);
        context.init(TestPki.keyManagers("SunX509", TestPki.leaf(keyType)), null, null);
        return context;
    }

    /** An EngineTLS client context trusting the test CA. */
    static SSLContext engineTlsClient(String protocol) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance(protocol, ENGINE_TLS);
        context.init(null, TestPki.trustManagers(), null);
        return context;
    }

    /** Fails with the Debian package to install when {@code program} is missing (CI installs it in {@code .ci/run}). */
    static void requireInstalled(String program, String debianPackage) {
        if (!PeerProcess.isInstalled(program)) {
            throw new AssertionError(program + " is not installed: apt-get install -y " + debianPackage);
        }
    }

    /**
     * Starts {@code openssl s_client} in {@code directory} against 127.0.0.1:{@code port} as {@code localhost}
     * (SNI), trusting {@code caFile}, with {@code options} after those.
     */
    static PeerProcess opensslClient(Path directory, Path caFile, int port, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", "localhost", "-CAfile", caFile.toString()));
        command.addAll(List.of(options));
        return PeerProcess.start(directory, command);
    }

    /** The {@code openssl} option that restricts it to {@code protocol}. */
    static String opensslProtocolOption(String protocol) {
        return switch (protocol) {
            case "TLSv1.2" -> "-tls1_2";
            case "TLSv1.3" -> "-tls1_3";
            default -> throw new IllegalArgumentException(protocol);
        };
    }
}
