package org.enginetls.provider.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test certificates made in memory with the JDK's key generators and BouncyCastle's certificate
 * builder: one CA and, per key type, a leaf certificate for {@code localhost} and {@code 127.0.0.1}.
 * Everything is cached per JVM, since key generation (RSA above all) is slow.
 */
public final class TestPki {

    /** The key types the tests cover. */
    public enum KeyType {
        RSA_2048("RSA", "SHA256withRSA"),
        EC_P256("EC", "SHA256withECDSA"),
        EC_P384("EC", "SHA384withECDSA"),
        ED25519("Ed25519", "Ed25519");

        final String keyAlgorithm;
        final String signatureAlgorithm;

        KeyType(String keyAlgorithm, String signatureAlgorithm) {
            this.keyAlgorithm = keyAlgorithm;
            this.signatureAlgorithm = signatureAlgorithm;
        }

        KeyPair generate() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyAlgorithm);
            switch (this) {
                case RSA_2048 -> generator.initialize(2048);
                case EC_P256 -> generator.initialize(new ECGenParameterSpec("secp256r1"));
                case EC_P384 -> generator.initialize(new ECGenParameterSpec("secp384r1"));
                case ED25519 -> { }
            }
            return generator.generateKeyPair();
        }
    }

    /** A private key with its certificate chain (leaf first, then the CA). */
    public record Credential(PrivateKey key, X509Certificate[] chain) {
        public X509Certificate certificate() {
            return chain[0];
        }
    }

    public static final char[] PASSWORD = "changeit".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, Credential> CACHE = new ConcurrentHashMap<>();

    private TestPki() {
    }

    /** The test CA (EC P-256). */
    public static Credential ca() {
        return CACHE.computeIfAbsent("ca", name -> {
            try {
                KeyPair pair = KeyType.EC_P256.generate();
                X500Name subject = new X500Name("CN=EngineTLS Test CA");
                X509v3CertificateBuilder builder = builder(subject, subject, pair);
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                X509Certificate cert = sign(builder, pair.getPrivate(), "SHA256withECDSA");
                return new Credential(pair.getPrivate(), new X509Certificate[] {cert});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A server (and client) certificate of {@code type} for {@code localhost}, issued by the CA. */
    public static Credential leaf(KeyType type) {
        return leaf(type, "localhost");
    }

    /** A certificate of {@code type} for {@code hostName} (and 127.0.0.1), issued by the CA. */
    public static Credential leaf(KeyType type, String hostName) {
        return leaf(type, hostName, "SHA256withECDSA");
    }

    /** A certificate of {@code type} for {@code localhost} the CA signed with {@code signatureAlgorithm} (an ECDSA one). */
    public static Credential leafSignedWith(KeyType type, String signatureAlgorithm) {
        return leaf(type, "localhost", signatureAlgorithm);
    }

    private static Credential leaf(KeyType type, String hostName, String signatureAlgorithm) {
        return CACHE.computeIfAbsent(type + "/" + hostName + "/" + signatureAlgorithm, name -> {
            try {
                Credential ca = ca();
                KeyPair pair = type.generate();
                X509v3CertificateBuilder builder = builder(new X500Name("CN=EngineTLS Test CA"),
                        new X500Name("CN=" + hostName), pair);
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, hostName),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
                int usage = KeyUsage.digitalSignature | (type == KeyType.RSA_2048 ? KeyUsage.keyEncipherment : 0);
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                X509Certificate cert = sign(builder, ca.key(), signatureAlgorithm);
                return new Credential(pair.getPrivate(), new X509Certificate[] {cert, ca.certificate()});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * A {@code localhost} certificate for {@code pair} that the CA signs with {@code signatureAlgorithm}
     * (such as {@code SHA1withECDSA}), for tests of what a policy accepts in certificates; not cached.
     */
    public static Credential leaf(KeyPair pair, String signatureAlgorithm) throws GeneralSecurityException {
        try {
            Credential ca = ca();
            X509v3CertificateBuilder builder = builder(new X500Name("CN=EngineTLS Test CA"), new X500Name("CN=localhost"), pair);
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
            X509Certificate cert = sign(builder, ca.key(), signatureAlgorithm);
            return new Credential(pair.getPrivate(), new X509Certificate[] {cert, ca.certificate()});
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** A PKCS#12 key store holding {@code credentials} under the aliases {@code key0}, {@code key1}, ... */
    public static KeyStore keyStore(Credential... credentials) throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < credentials.length; i++) {
                store.setKeyEntry("key" + i, credentials[i].key(), PASSWORD, credentials[i].chain());
            }
            return store;
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** Key managers of the JDK's {@code KeyManagerFactory} ({@code SunX509} or {@code PKIX}) over the credentials. */
    public static KeyManager[] keyManagers(String algorithm, Credential... credentials) throws GeneralSecurityException {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(algorithm, "SunJSSE");
        factory.init(keyStore(credentials), PASSWORD);
        return factory.getKeyManagers();
    }

    /** Key managers of the JDK's default {@code KeyManagerFactory} algorithm. */
    public static KeyManager[] keyManagers(Credential... credentials) throws GeneralSecurityException {
        return keyManagers(KeyManagerFactory.getDefaultAlgorithm(), credentials);
    }

    /** Trust managers of the JDK's {@code PKIX} {@code TrustManagerFactory} trusting the test CA. */
    public static TrustManager[] trustManagers() throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca().certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
            factory.init(store);
            return factory.getTrustManagers();
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair pair) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))),
                subject, pair.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key, String algorithm)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(key);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    /** The chain as a list, leaf first. */
    public static List<X509Certificate> chain(Credential credential) {
        return List.of(credential.chain());
    }
}
