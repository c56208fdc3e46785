package org.enginetls.benchmarks;

import java.math.BigInteger;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA (EC P-256) and a {@code localhost} server certificate it issued, made in memory with the
 * JDK's key generators, in a PKCS#12 key store, plus the trust manager every client uses.
 */
final class BenchmarkPki {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyStore keyStore;

    private BenchmarkPki(KeyStore keyStore) {
        this.keyStore = keyStore;
    }

    static BenchmarkPki create(KeyType type) throws Exception {
        KeyPair ca = KeyType.EC_P256.generate();
        X500Name caName = new X500Name("CN=EngineTLS Benchmark CA");
        X509v3CertificateBuilder caBuilder = builder(caName, caName, ca);
        caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
        X509Certificate caCertificate = sign(caBuilder, ca.getPrivate());

        KeyPair leaf = type.generate();
        X509v3CertificateBuilder leafBuilder = builder(caName, new X500Name("CN=localhost"), leaf);
        leafBuilder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        int usage = KeyUsage.digitalSignature | (type == KeyType.RSA_2048 ? KeyUsage.keyEncipherment : 0);
        leafBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        X509Certificate leafCertificate = sign(leafBuilder, ca.getPrivate());

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", leaf.getPrivate(), PASSWORD, new X509Certificate[] {leafCertificate, caCertificate});
        return new BenchmarkPki(store);
    }

    /** The server's private key (for benchmarks that sign with it directly). */
    PrivateKey privateKey() throws GeneralSecurityException {
        return (PrivateKey) keyStore.getKey("server", PASSWORD);
    }

    /** Key managers of {@code algorithm} from {@code provider} (the JDK's {@code SunX509}, or BCJSSE's {@code PKIX}). */
    KeyManager[] keyManagers(String algorithm, Provider provider) throws GeneralSecurityException {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(algorithm, provider);
        factory.init(keyStore, PASSWORD);
        return factory.getKeyManagers();
    }

    /**
     * The same trust manager for every provider: it accepts any server. Certificate path validation
     * is not TLS work and would be done by the JDK's PKIX code whichever provider runs the handshake.
     */
    static TrustManager[] trustAll() {
        return new TrustManager[] {new TrustAll()};
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair pair) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))),
                subject, pair.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }
    }
}
