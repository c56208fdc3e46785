package org.enginetls.pkcs11;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * SoftHSM2 for tests: writes the {@code softhsm2.conf} that {@code SOFTHSM2_CONF} (set for the test JVM
 * by surefire) names, with the tokens in a directory of the calling test class, initialises tokens with
 * {@code softhsm2-util} (a bounded process) and generates keys inside them.
 *
 * <p>SoftHSM2 reads its token directory once, when this JVM first loads the library: a test class
 * initialises every token it needs before it opens any (surefire runs each class in a JVM of its own).
 */
final class SoftHsm {

    static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    static final String PIN = "1234";
    static final String SO_PIN = "123456";
    /** Aliases of the two keys {@link #addKeys} makes. */
    static final String RSA = "rsa";
    static final String EC = "ec";

    /** An initialised token. */
    record Token(String label, long slot, Path directory) {
        Pkcs11Settings settings() {
            return Pkcs11Settings.from(Map.of("library", LIBRARY, "slot", Long.toString(slot), "pin", PIN, "retry.ms", "0"));
        }
    }

    private final Path tokens;

    private SoftHsm(Path tokens) {
        this.tokens = tokens;
    }

    /** Writes the configuration with a new, empty token directory. */
    static SoftHsm create() throws IOException {
        String conf = System.getenv("SOFTHSM2_CONF");
        assertTrue("SOFTHSM2_CONF must name the test configuration file (surefire sets it; set it when running "
                + "tests elsewhere)", conf != null && !conf.isBlank());
        assertTrue("SoftHSM2 is not installed (apt-get install softhsm2)", Files.isRegularFile(Path.of(LIBRARY)));
        Path confFile = Path.of(conf);
        Files.createDirectories(confFile.getParent());
        Path tokens = Files.createTempDirectory(confFile.getParent(), "tokens-");
        Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                + "log.level = ERROR\nslots.removable = false\n", StandardCharsets.UTF_8);
        return new SoftHsm(tokens);
    }

    /** Initialises a token labelled {@code label} in the next free slot. */
    Token initToken(String label) throws Exception {
        return initToken(label, PIN);
    }

    /** Initialises a token labelled {@code label} with the user PIN {@code pin} in the next free slot. */
    Token initToken(String label, String pin) throws Exception {
        java.util.Set<Path> before = directories();
        String output = softhsm2Util("--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", SO_PIN);
        Matcher slot = Pattern.compile("reassigned to slot (\\d+)").matcher(output);
        assertTrue("softhsm2-util did not say the slot:\n" + output, slot.find());
        java.util.Set<Path> added = directories();
        added.removeAll(before);
        assertTrue("one new token directory: " + added, added.size() == 1);
        return new Token(label, Long.parseLong(slot.group(1)), added.iterator().next());
    }

    private java.util.Set<Path> directories() throws IOException {
        try (var dirs = Files.list(tokens)) {
            return dirs.filter(Files::isDirectory).collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        }
    }

    /** Deletes {@code token}'s directory: the token is gone as if removed. */
    static void delete(Token token) throws IOException {
        try (var files = Files.walk(token.directory())) {
            for (Path path : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }

    static String softhsm2Util(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("softhsm2-util"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            assertTrue("softhsm2-util did not finish in 30 s", process.waitFor(30, TimeUnit.SECONDS));
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue("softhsm2-util failed (" + process.exitValue() + "):\n" + output, process.exitValue() == 0);
            return output;
        } finally {
            process.destroyForcibly();
        }
    }

    /** A SunPKCS11 instance for {@code token} (not in the Security provider list), logged in. */
    static Provider login(Token token) throws Exception {
        Provider provider = Security.getProvider("SunPKCS11").configure(
                "--name=test-" + token.label() + "\nlibrary=" + LIBRARY + "\nslot=" + token.slot() + "\n");
        KeyStore store = KeyStore.getInstance("PKCS11", provider);
        store.load(null, PIN.toCharArray());
        return provider;
    }

    /**
     * Generates an RSA-2048 and an ECDSA P-256 key pair inside {@code token} and stores each private key
     * with a certificate chain issued by the test CA ({@code localhost}, 127.0.0.1), as {@link #RSA} and
     * {@link #EC}. Logs out afterwards, so the engine's own login checks the PIN.
     */
    static void addKeys(Token token) throws Exception {
        Provider provider = login(token);
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, PIN.toCharArray());
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA", provider);
            rsa.initialize(2048);
            store(store, RSA, rsa.generateKeyPair());
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", provider);
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            store(store, EC, ec.generateKeyPair());
        } finally {
            ((AuthProvider) provider).logout();
        }
    }

    private static void store(KeyStore store, String alias, KeyPair pair) throws Exception {
        X509Certificate leaf = issue(pair.getPublic(), "RSA".equals(pair.getPublic().getAlgorithm()));
        store.setKeyEntry(alias, pair.getPrivate(), null, new X509Certificate[] {leaf, TestPki.ca().certificate()});
    }

    private static X509Certificate issue(PublicKey key, boolean rsa) throws Exception {
        TestPki.Credential ca = TestPki.ca();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=localhost"), key);
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | (rsa ? KeyUsage.keyEncipherment : 0)));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.key())));
    }
}
