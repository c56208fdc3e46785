package org.enginetls.provider.impl.tls;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * One BouncyCastle key type name, translated: the JSSE standard key type to ask a key manager for,
 * and the test a certificate's public key must pass to be usable for it.
 *
 * @param standardName the standard JSSE key type ({@code RSA}, {@code EC}, {@code EdDSA}, ...)
 * @param keyTest what the leaf certificate's public key must satisfy
 */
record KeyTypeMapping(String standardName, Predicate<PublicKey> keyTest) {

    private static final Map<String, KeyTypeMapping> CACHE = new ConcurrentHashMap<>();

    static KeyTypeMapping of(String bcKeyType) {
        return CACHE.computeIfAbsent(bcKeyType, KeyTypeMapping::translate);
    }

    boolean accepts(X509Certificate[] chain) {
        return chain != null && chain.length > 0 && keyTest.test(chain[0].getPublicKey());
    }

    private static KeyTypeMapping translate(String bcKeyType) {
        if (bcKeyType.startsWith("EC/")) {
            ECParameterSpec curve = namedCurve(bcKeyType.substring(3));
            return new KeyTypeMapping("EC", key -> key instanceof ECPublicKey ec && curve != null && sameCurve(ec.getParams(), curve));
        }
        return switch (bcKeyType) {
            case "ECDHE_ECDSA", "ECDH_ECDSA" -> new KeyTypeMapping("EC", key -> key instanceof ECPublicKey);
            case "Ed25519", "Ed448" -> new KeyTypeMapping("EdDSA",
                    key -> key instanceof EdECPublicKey ed && ed.getParams().getName().equalsIgnoreCase(bcKeyType));
            // "KE:RSA": static RSA key exchange (TLS_RSA_*), the server's RSA key decrypts the pre-master secret
            case "RSA", "KE:RSA", "ECDHE_RSA", "DHE_RSA", "ECDH_RSA", "SRP_RSA", "RSA_PSK" ->
                    new KeyTypeMapping("RSA", key -> "RSA".equals(key.getAlgorithm()));
            case "RSASSA-PSS" -> new KeyTypeMapping("RSASSA-PSS", key -> "RSASSA-PSS".equals(key.getAlgorithm()));
            case "DHE_DSS", "SRP_DSS" -> new KeyTypeMapping("DSA", key -> "DSA".equals(key.getAlgorithm()));
            default -> new KeyTypeMapping(bcKeyType, key -> true);
        };
    }

    private static ECParameterSpec namedCurve(String name) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(name));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder()) && a.getCofactor() == b.getCofactor();
    }
}
