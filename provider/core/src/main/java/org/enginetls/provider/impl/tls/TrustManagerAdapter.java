package org.enginetls.provider.impl.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Lets trust managers written for the JSSE's standard authentication type names (the JDK's
 * {@code PKIX} and {@code SunX509} managers, and most application ones) serve BouncyCastle's TLS
 * stack, which names static RSA key exchange ({@code TLS_RSA_*}) {@code KE:RSA} where the JSSE says
 * {@code RSA}: the JDK's manager refuses it as an unknown type. Every other name is BouncyCastle's and
 * the JSSE's alike and passes unchanged. Managers from BouncyCastle itself are left as they are.
 *
 * <p>An extended manager is handed the engine the application holds rather than BCJSSE's
 * ({@link FacingEngines}). A manager that is not an {@link X509ExtendedTrustManager} stays a plain
 * {@link X509TrustManager}, so that BouncyCastle still adds the endpoint identification such a
 * manager does not do itself.
 */
final class TrustManagerAdapter {

    /** BouncyCastle's authentication type for static RSA key exchange. */
    private static final String BOUNCY_CASTLE_STATIC_RSA = "KE:RSA";

    private TrustManagerAdapter() {
    }

    static TrustManager[] adapt(TrustManager[] trustManagers, FacingEngines facing) {
        if (trustManagers == null) {
            return null;
        }
        TrustManager[] adapted = trustManagers.clone();
        for (int i = 0; i < adapted.length; i++) {
            if (adapted[i] instanceof X509TrustManager x509 && !x509.getClass().getName().startsWith("org.bouncycastle.")) {
                adapted[i] = x509 instanceof X509ExtendedTrustManager extended ? new Extended(extended, facing) : new Plain(x509);
            }
        }
        return adapted;
    }

    /** The JSSE's name for BouncyCastle's authentication type {@code authType}. */
    static String standardAuthType(String authType) {
        return BOUNCY_CASTLE_STATIC_RSA.equals(authType) ? "RSA" : authType;
    }

    private static final class Plain implements X509TrustManager {
        private final X509TrustManager trustManager;

        Plain(X509TrustManager trustManager) {
            this.trustManager = trustManager;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trustManager.checkClientTrusted(chain, standardAuthType(authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trustManager.checkServerTrusted(chain, standardAuthType(authType));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trustManager.getAcceptedIssuers();
        }
    }

    private static final class Extended extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager trustManager;
        private final FacingEngines facing;

        Extended(X509ExtendedTrustManager trustManager, FacingEngines facing) {
            this.trustManager = trustManager;
            this.facing = facing;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trustManager.checkClientTrusted(chain, standardAuthType(authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trustManager.checkServerTrusted(chain, standardAuthType(authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            trustManager.checkClientTrusted(chain, standardAuthType(authType), socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            trustManager.checkServerTrusted(chain, standardAuthType(authType), socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            trustManager.checkClientTrusted(chain, standardAuthType(authType), facing.of(engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            trustManager.checkServerTrusted(chain, standardAuthType(authType), facing.of(engine));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trustManager.getAcceptedIssuers();
        }
    }
}
