package org.enginetls.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;

/**
 * The keystore the server presents, and where it came from: the one the user configured, or the
 * self-signed one kept in the data directory (generated on the first start, reused afterwards,
 * replaced once it has expired).
 *
 * @param keyStore the keystore, loaded
 * @param password the password of the keystore and its key
 * @param certificate the server's certificate (of the first key entry)
 * @param origin how the keystore was obtained
 * @param path the keystore file; {@code null} for a key an engine holds
 * @param alias the one alias to serve, or {@code null} to let the key manager choose among the keystore's keys
 */
public record ServerIdentity(KeyStore keyStore, char[] password, X509Certificate certificate, Origin origin, Path path,
        String alias) {

    /** The generated keystore's file name in the data directory. */
    public static final String GENERATED_KEYSTORE = "server.p12";

    /** The generated certificate again, PEM-encoded, for {@code curl --cacert}. */
    public static final String GENERATED_CERTIFICATE = "server.crt";

    /**
     * The password of the generated keystore. It protects nothing secret (a self-signed localhost
     * key, in a file only its owner may read); it is fixed so other tools can open the file.
     */
    public static final String GENERATED_PASSWORD = "enginetls";

    private static final String ALIAS = "server";

    /** How the keystore was obtained. */
    public enum Origin {
        CONFIGURED("configured"), ENGINE("held by an engine"), GENERATED("generated"), REUSED("reused"), REPLACED_EXPIRED("regenerated, the old one had expired");

        private final String description;

        Origin(String description) {
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /**
     * The identity {@code settings} ask for: a key an engine holds (from {@code provider}'s EngineTLS key store), the
     * configured keystore, else the generated one.
     */
    public static ServerIdentity load(DemoSettings settings, Provider provider) throws IOException, GeneralSecurityException {
        if (settings.engineKey() != null) {
            return engineKey(settings.engineKey(), provider);
        }
        if (settings.keyStore() != null) {
            char[] password = settings.keyStorePassword();
            KeyStore keyStore = KeyStore.getInstance(settings.keyStore().toFile(), password);
            return new ServerIdentity(keyStore, password, firstKeyCertificate(keyStore, settings.keyStore()),
                    Origin.CONFIGURED, settings.keyStore(), null);
        }
        return generated(settings.dataDirectory());
    }

    private static ServerIdentity generated(Path dataDirectory) throws IOException, GeneralSecurityException {
        Path path = dataDirectory.resolve(GENERATED_KEYSTORE);
        char[] password = GENERATED_PASSWORD.toCharArray();
        Origin origin = Origin.GENERATED;
        if (Files.exists(path)) {
            KeyStore existing;
            try {
                existing = KeyStore.getInstance(path.toFile(), password);
            } catch (IOException | GeneralSecurityException e) {
                throw new IOException("cannot read the generated keystore " + path.toAbsolutePath() + " (" + e.getMessage()
                        + "); delete it to have a new one generated", e);
            }
            X509Certificate certificate = firstKeyCertificate(existing, path);
            try {
                certificate.checkValidity();
                // earlier versions wrote the certificate owner-only: it is public, clients need to read it
                permit(dataDirectory.resolve(GENERATED_CERTIFICATE), WORLD_READABLE);
                return new ServerIdentity(existing, password, certificate, Origin.REUSED, path, null);
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                origin = Origin.REPLACED_EXPIRED;
            }
        }
        SelfSignedCertificate generated = SelfSignedCertificate.generate();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry(ALIAS, generated.key(), password, new Certificate[] {generated.certificate()});
        Files.createDirectories(dataDirectory);
        write(path, OWNER_ONLY, out -> keyStore.store(out, password));
        write(dataDirectory.resolve(GENERATED_CERTIFICATE), WORLD_READABLE,
                out -> out.write(pem(generated.certificate()).getBytes(StandardCharsets.US_ASCII)));
        return new ServerIdentity(keyStore, password, generated.certificate(), origin, path, null);
    }

    /**
     * The key {@code alias} of the EngineTLS key store. Loading it fails with the engine's reason when an engine that
     * holds keys has failed (a wrong PIN, a missing token); an alias that is not there is named with those that are.
     */
    private static ServerIdentity engineKey(String alias, Provider provider) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("EngineTLS", provider);
        keys.load(null, null);
        if (!keys.isKeyEntry(alias) || !(keys.getCertificate(alias) instanceof X509Certificate certificate)) {
            throw new KeyStoreException("the EngineTLS key store has no key '" + alias + "' with a certificate; it has "
                    + Collections.list(keys.aliases()) + " (aliases are <engine id>/<alias in the engine>)");
        }
        return new ServerIdentity(keys, new char[0], certificate, Origin.ENGINE, null, alias);
    }

    private static X509Certificate firstKeyCertificate(KeyStore keyStore, Path path) throws GeneralSecurityException {
        for (String alias : Collections.list(keyStore.aliases())) {
            if (keyStore.isKeyEntry(alias) && keyStore.getCertificate(alias) instanceof X509Certificate certificate) {
                return certificate;
            }
        }
        throw new GeneralSecurityException(path + " holds no private key with an X.509 certificate; "
                + "a server keystore needs one (for example: keytool -genkeypair -keyalg EC -groupname secp256r1 ...)");
    }

    /** The SHA-256 fingerprint of the certificate, as {@code AB:CD:...} (what browsers and openssl show). */
    public String fingerprint() {
        return fingerprint(certificate);
    }

    /** The SHA-256 fingerprint of {@code certificate}, as {@code AB:CD:...}. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public char[] password() {
        return password.clone();
    }

    /** Where the key is: the keystore file, or {@code EngineTLS:<engine id>/<alias>}. */
    public String location() {
        return path != null ? path.toAbsolutePath().toString() : DemoSettings.ENGINE_KEY_PREFIX + alias;
    }

    @Override
    public String toString() {
        return "ServerIdentity[" + origin + ", " + location() + ", " + certificate.getSubjectX500Principal() + "]";
    }

    private static String pem(X509Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private interface Writer {
        void write(OutputStream out) throws IOException, GeneralSecurityException;
    }

    /** The key store's permissions: it holds the private key. */
    static final String OWNER_ONLY = "rw-------";

    /** The certificate's: it is public, and every client that wants to verify the server reads it. */
    static final String WORLD_READABLE = "rw-r--r--";

    /**
     * Writes through a temporary file that only its owner can read, given its final {@code permissions} and moved into
     * place at the end, so an interrupted first start never leaves a half-written file for the next start to trip on.
     */
    private static void write(Path target, String permissions, Writer writer) throws IOException, GeneralSecurityException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        boolean posix = Files.getFileAttributeView(target.getParent(), PosixFileAttributeView.class) != null;
        if (posix) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY)));
        } else {
            Files.createFile(temporary);
        }
        try (OutputStream out = Files.newOutputStream(temporary)) {
            writer.write(out);
        }
        permit(temporary, permissions);
        try {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Sets {@code permissions} on {@code file} where the file system has POSIX permissions and the file exists. */
    private static void permit(Path file, String permissions) throws IOException {
        if (Files.exists(file) && Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        }
    }
}
