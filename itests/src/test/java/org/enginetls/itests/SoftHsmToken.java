package org.enginetls.itests;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.enginetls.provider.testing.TestPki;

/**
 * A SoftHSM2 token for the PKCS#11 bundle test. {@link #initialise()} runs in the test driver, before
 * the forked framework starts: it writes the configuration {@code SOFTHSM2_CONF} names (surefire sets
 * it) and initialises the token with {@code softhsm2-util}.
 *
 * <p>Pax Exam's forked container starts its JVM with an empty environment (it has no option for the
 * forked JVM's environment), so the path travels as the system property {@value #CONF_PROPERTY} and
 * {@link #exportConfiguration()} puts it into the framework process's environment with libc's
 * {@code setenv} before anything loads SoftHSM2, which reads it in {@code C_Initialize}.
 * {@link #addEcKey()} runs inside the framework, whose JVM is the first to load SoftHSM2 and so sees the token.
 */
final class SoftHsmToken {

    static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    static final String LABEL = "itest";
    static final String PIN = "1234";
    static final String ALIAS = "ec";
    static final String CONF_PROPERTY = "enginetls.softhsm2.conf";

    private SoftHsmToken() {
    }

    /** Sets {@code SOFTHSM2_CONF} in this process's environment from {@value #CONF_PROPERTY}. */
    static void exportConfiguration() throws Throwable {
        String conf = System.getProperty(CONF_PROPERTY);
        if (conf == null) {
            throw new IllegalStateException(CONF_PROPERTY + " is not set");
        }
        Linker linker = Linker.nativeLinker();
        MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().find("setenv").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int result = (int) setenv.invokeExact(arena.allocateFrom("SOFTHSM2_CONF"), arena.allocateFrom(conf), 1);
            if (result != 0) {
                throw new IllegalStateException("setenv SOFTHSM2_CONF failed");
            }
        }
    }

    /** Writes the configuration and initialises the token; returns the configuration file's path. */
    static String initialise() throws IOException, InterruptedException {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || !Files.isRegularFile(Path.of(LIBRARY))) {
            throw new IllegalStateException("SoftHSM2 (apt-get install softhsm2) and SOFTHSM2_CONF (set by surefire) are needed");
        }
        Path confFile = Path.of(conf);
        Files.createDirectories(confFile.getParent());
        Path tokens = Files.createTempDirectory(confFile.getParent(), "tokens-");
        Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n",
                StandardCharsets.UTF_8);
        Process process = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", LABEL,
                "--pin", PIN, "--so-pin", "123456").redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("softhsm2-util failed: "
                        + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            process.destroyForcibly();
        }
        return conf;
    }

    /** Generates a P-256 key pair inside the token and stores it with a certificate from the test CA. */
    static void addEcKey() throws Exception {
        Provider provider = Security.getProvider("SunPKCS11").configure(
                "--name=itest-keys\nlibrary=" + LIBRARY + "\nslotListIndex=0\n");
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, PIN.toCharArray());
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            store.setKeyEntry(ALIAS, pair.getPrivate(), null, new X509Certificate[] {certificate(pair), TestPki.ca().certificate()});
        } finally {
            ((AuthProvider) provider).logout();
        }
    }

    private static X509Certificate certificate(KeyPair pair) throws Exception {
        TestPki.Credential ca = TestPki.ca();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=localhost"), pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.key())));
    }
}
