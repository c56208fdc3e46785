package org.enginetls.provider.impl.tls;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLSession;

/**
 * The signature algorithms the peer accepts in certificates: its {@code signature_algorithms_cert},
 * or its {@code signature_algorithms} without it (RFC 8446 4.2.3, RFC 5246 7.4.2), as BouncyCastle
 * reports them through the handshake session ({@link ExtendedSSLSession#getPeerSupportedSignatureAlgorithms}),
 * in JCA names ({@code SHA256withECDSA}, {@code SHA256withRSAandMGF1}, {@code Ed25519}).
 *
 * <p>A chain satisfies them when every certificate's signature is one of them, except the signature of
 * a self-signed certificate, which is a trust anchor the peer has or does not have whatever its signature.
 */
final class PeerCertificateSignatures {

    /** When the peer said nothing (no handshake session, no extension): every chain satisfies it. */
    static final PeerCertificateSignatures ANY = new PeerCertificateSignatures(null);

    private final Set<String> accepted;

    private PeerCertificateSignatures(Set<String> accepted) {
        this.accepted = accepted;
    }

    static PeerCertificateSignatures of(SSLSession handshakeSession) {
        if (handshakeSession instanceof ExtendedSSLSession extended) {
            String[] algorithms = extended.getPeerSupportedSignatureAlgorithms();
            if (algorithms != null && algorithms.length > 0) {
                return new PeerCertificateSignatures(Stream.of(algorithms).map(PeerCertificateSignatures::normalised)
                        .collect(Collectors.toUnmodifiableSet()));
            }
        }
        return ANY;
    }

    boolean satisfiedBy(X509Certificate[] chain) {
        if (accepted == null || chain == null) {
            return true;
        }
        for (X509Certificate certificate : chain) {
            if (!selfSigned(certificate) && !accepted.contains(signatureAlgorithm(certificate))) {
                return false;
            }
        }
        return true;
    }

    private static boolean selfSigned(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }

    /** The certificate's signature in the peer list's terms: an RSASSA-PSS signature is {@code <hash>withRSAandMGF1}. */
    private static String signatureAlgorithm(X509Certificate certificate) {
        String name = certificate.getSigAlgName();
        if (!"RSASSA-PSS".equalsIgnoreCase(name)) {
            return normalised(name);
        }
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("RSASSA-PSS");
            parameters.init(certificate.getSigAlgParams());
            String digest = parameters.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm();
            return normalised(digest.replace("-", "") + "withRSAandMGF1");
        } catch (GeneralSecurityException | java.io.IOException e) {
            return normalised(name);
        }
    }

    private static String normalised(String algorithm) {
        return algorithm.toUpperCase(Locale.ROOT);
    }
}
