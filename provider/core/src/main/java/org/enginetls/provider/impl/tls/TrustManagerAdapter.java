package org.enginetls.provider.impl.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Hands the application's trust managers the engine the application holds rather than BCJSSE's
 * ({@link FacingEngines}); everything else goes to the manager unchanged. Managers from
 * BouncyCastle itself are left as they are.
 */
final class TrustManagerAdapter extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager trustManager;
    private final FacingEngines facing;

    private TrustManagerAdapter(X509ExtendedTrustManager trustManager, FacingEngines facing) {
        this.trustManager = trustManager;
        this.facing = facing;
    }

    static TrustManager[] adapt(TrustManager[] trustManagers, FacingEngines facing) {
        if (trustManagers == null) {
            return null;
        }
        TrustManager[] adapted = trustManagers.clone();
        for (int i = 0; i < adapted.length; i++) {
            if (adapted[i] instanceof X509ExtendedTrustManager extended
                    && !extended.getClass().getName().startsWith("org.bouncycastle.")) {
                adapted[i] = new TrustManagerAdapter(extended, facing);
            }
        }
        return adapted;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        trustManager.checkClientTrusted(chain, authType, facing.of(engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        trustManager.checkServerTrusted(chain, authType, facing.of(engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        trustManager.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        trustManager.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trustManager.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trustManager.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trustManager.getAcceptedIssuers();
    }
}
