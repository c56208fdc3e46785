package org.enginetls.benchmarks;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.enginetls.engine.CryptoEngine;

/**
 * A SoftHSM2 token in a temporary directory with one key of a {@link KeyType} generated inside it, and
 * a pkcs11 engine over it. SoftHSM2 reads {@code SOFTHSM2_CONF} when this JVM first loads it, so the
 * benchmark JVM sets it in its own environment (libc {@code setenv}) before that.
 */
final class SoftHsmToken {

    static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    private static final String PIN = "1234";
    private static final String LABEL = "bench";

    private SoftHsmToken() {
    }

    /** A token with one key pair of {@code type} made inside it (self-signed certificate), and an engine over it. */
    static CryptoEngine engineWithKey(KeyType type, int threads) throws Throwable {
        if (!Files.isRegularFile(Path.of(LIBRARY))) {
            throw new IllegalStateException("SoftHSM2 is not installed: apt-get install softhsm2");
        }
        Path directory = Files.createTempDirectory("enginetls-softhsm-");
        Path tokens = Files.createDirectory(directory.resolve("tokens"));
        Path conf = directory.resolve("softhsm2.conf");
        Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n",
                StandardCharsets.UTF_8);
        setenv("SOFTHSM2_CONF", conf.toString());
        ProcessBuilder init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", LABEL,
                "--pin", PIN, "--so-pin", "123456").redirectErrorStream(true);
        init.environment().put("SOFTHSM2_CONF", conf.toString());
        Process process = init.start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("softhsm2-util failed: "
                        + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            process.destroyForcibly();
        }
        addKey(type);
        return Engines.create("pkcs11", Map.of("library", LIBRARY, "token.label", LABEL, "pin", PIN,
                "threads", Integer.toString(threads), "retry.ms", "0"));
    }

    private static void addKey(KeyType type) throws Exception {
        Provider provider = Security.getProvider("SunPKCS11").configure(
                "--name=bench-keys\nlibrary=" + LIBRARY + "\nslotListIndex=0\n");
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, PIN.toCharArray());
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type == KeyType.EC_P256 ? "EC" : "RSA", provider);
            if (type == KeyType.EC_P256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=localhost");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
            // the token signs its own certificate
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder(type == KeyType.EC_P256 ? "SHA256withECDSA" : "SHA256withRSA")
                            .setProvider(provider).build(pair.getPrivate())));
            store.setKeyEntry("server", pair.getPrivate(), null, new X509Certificate[] {certificate});
        } finally {
            ((AuthProvider) provider).logout();
        }
    }

    private static void setenv(String name, String value) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().find("setenv").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            if ((int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 1) != 0) {
                throw new IllegalStateException("setenv " + name + " failed");
            }
        }
    }
}
