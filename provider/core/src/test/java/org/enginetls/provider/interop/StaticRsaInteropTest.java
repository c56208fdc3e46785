package org.enginetls.provider.interop;

import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import javax.net.ssl.SSLParameters;

import org.junit.runners.Parameterized.Parameters;

/**
 * Static RSA key exchange ({@code TLS_RSA_*}), which JDK 24+ disables by policy, once a user turns it
 * back on as the JDK documents (removing {@code TLS_RSA_*} from {@code jdk.tls.disabledAlgorithms}) and
 * enables the suites: the same peers and directions as {@link Tls12SuiteInteropTest}, with the JDK's key
 * and trust managers, which know static RSA as {@code RSA} where BouncyCastle asks for {@code KE:RSA}.
 *
 * <p>The policy is changed before anything in this test's JVM reads it (Surefire forks one JVM per test
 * class here).
 */
public class StaticRsaInteropTest extends Tls12SuiteInteropTest {

    static {
        String disabled = Security.getProperty("jdk.tls.disabledAlgorithms");
        Security.setProperty("jdk.tls.disabledAlgorithms", Stream.of(disabled.split(","))
                .map(String::trim).filter(entry -> !entry.equals("TLS_RSA_*")).reduce((a, b) -> a + ", " + b).orElse(""));
    }

    @Parameters(name = "{0}")
    public static List<Object[]> parameters() {
        return rows(List.of(
                new Suite("TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256", "RSA", "AES-128-GCM", "AEAD"),
                new Suite("TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256", "RSA", "AES-256-CBC", "SHA256")));
    }

    /** The application enables the suite under test, which is not among the defaults. */
    @Override
    protected Consumer<SSLParameters> applicationSettings() {
        return parameters -> parameters.setCipherSuites(Stream.concat(Stream.of(suite.name()),
                Arrays.stream(parameters.getCipherSuites())).toArray(String[]::new));
    }
}
