package org.enginetls.provider.impl.tls;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateFactory;
import java.security.SecureRandom;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

import org.enginetls.provider.impl.ProviderCore;

/**
 * The {@code SSLContext} of EngineTLS: a BouncyCastle JSSE context over the crypto router, whose
 * engines are {@link EngineTlsSSLEngine}s and whose key managers are made to understand
 * BouncyCastle's key type names ({@link KeyManagerAdapter}).
 */
public final class TlsContextSpi extends SSLContextSpi {

    private final SSLContext tls;
    private final CertificateFactory bouncyCastleCertificates;

    public TlsContextSpi(ProviderCore core, String protocol) throws NoSuchAlgorithmException {
        this.tls = SSLContext.getInstance(protocol, core.tlsProvider());
        this.bouncyCastleCertificates = core.bouncyCastleCertificates();
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
            throws KeyManagementException {
        try {
            tls.init(KeyManagerAdapter.adapt(km, bouncyCastleCertificates), tm, sr);
        } catch (IllegalStateException e) {
            // BCJSSE reports a crypto set-up it cannot use (e.g. no engine offers a digest it needs) as
            // IllegalStateException; callers of SSLContext.init expect a KeyManagementException.
            throw new KeyManagementException("cannot initialise the TLS context: " + e.getMessage(), e);
        }
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return tls.getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return tls.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return new EngineTlsSSLEngine(tls.createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return new EngineTlsSSLEngine(tls.createSSLEngine(host, port));
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return tls.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return tls.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return tls.getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return tls.getSupportedSSLParameters();
    }

}
