package org.enginetls.provider.testing;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Writes {@link TestPki} credentials as PEM files, for peers that are other programs. */
public final class PemFiles {

    /** The files of one credential: its leaf certificate, its private key and the rest of its chain. */
    public record Credential(Path certificate, Path key, Path chain) {
    }

    private PemFiles() {
    }

    /** Writes the test CA's certificate to {@code directory/ca.pem}. */
    public static Path caCertificate(Path directory) throws IOException {
        Path file = directory.resolve("ca.pem");
        write(file, TestPki.ca().certificate());
        return file;
    }

    /** Writes {@code credential} as {@code name.crt.pem}, {@code name.key.pem} and {@code name.chain.pem}. */
    public static Credential credential(Path directory, String name, TestPki.Credential credential) throws IOException {
        X509Certificate[] chain = credential.chain();
        Credential files = new Credential(directory.resolve(name + ".crt.pem"), directory.resolve(name + ".key.pem"),
                directory.resolve(name + ".chain.pem"));
        write(files.certificate(), chain[0]);
        // PKCS#8 ("PRIVATE KEY") whatever the key type: every peer reads it, and it carries EC curve names
        write(files.key(), new JcaPKCS8Generator(credential.key(), null));
        write(files.chain(), (Object[]) java.util.Arrays.copyOfRange(chain, 1, chain.length));
        return files;
    }

    private static void write(Path file, Object... objects) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                pem.writeObject(object);
            }
        }
    }
}
