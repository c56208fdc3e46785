package org.enginetls.provider.impl.tls;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
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

import org.enginetls.async.AsyncCallback;
import org.enginetls.async.AsyncContextDefaults;
import org.enginetls.provider.impl.ProviderCore;

/**
 * The {@code SSLContext} of EngineTLS: a BouncyCastle JSSE context over the crypto router, whose
 * engines are {@link EngineTlsSSLEngine}s and whose key and trust managers are made to understand
 * BouncyCastle's key and authentication type names ({@link KeyManagerAdapter}, {@link TrustManagerAdapter})
 * and are handed those engines, not BCJSSE's ({@link FacingEngines}). Its async defaults are copied
 * into every engine it creates afterwards.
 */
public final class TlsContextSpi extends SSLContextSpi implements AsyncContextDefaults {

    private final ProviderCore core;
    private final SSLContext tls;
    private final FacingEngines facingEngines = new FacingEngines();
    private volatile AsyncEngineState.AsyncDefaults asyncDefaults = AsyncEngineState.AsyncDefaults.NONE;
    private volatile CipherSuiteOrder order;

    public TlsContextSpi(ProviderCore core, String protocol) throws NoSuchAlgorithmException {
        this.core = core;
        this.tls = SSLContext.getInstance(protocol, core.tlsProvider());
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
            throws KeyManagementException {
        try {
            tls.init(KeyManagerAdapter.adapt(km, core.bouncyCastleCertificates(), facingEngines),
                    TrustManagerAdapter.adapt(tm, facingEngines), sr);
            order = CipherSuiteOrder.of(tls.getDefaultSSLParameters().getCipherSuites());
        } catch (IllegalStateException e) {
            // BCJSSE reports a crypto set-up it cannot use (e.g. no engine offers a digest it needs) as
            // IllegalStateException; callers of SSLContext.init expect a KeyManagementException.
            throw new KeyManagementException("cannot initialise the TLS context: " + e.getMessage(), e);
        }
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return OrderedSocketFactories.of(tls.getSocketFactory(), order());
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return OrderedSocketFactories.of(tls.getServerSocketFactory(), order());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return newEngine(tls.createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return newEngine(tls.createSSLEngine(host, port));
    }

    private SSLEngine newEngine(SSLEngine engine) {
        EngineTlsSSLEngine applicationFacing = new EngineTlsSSLEngine(order().applyTo(engine), core, asyncDefaults);
        facingEngines.register(engine, applicationFacing);
        return applicationFacing;
    }

    /** The context's order; {@code SSLContext} lets no factory or engine be had before {@code init}. */
    private CipherSuiteOrder order() {
        CipherSuiteOrder current = order;
        if (current == null) {
            throw new IllegalStateException("the SSLContext is not initialised");
        }
        return current;
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
        CipherSuiteOrder current = order;
        return current == null ? tls.getDefaultSSLParameters() : current.applyTo(tls.getDefaultSSLParameters());
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return tls.getSupportedSSLParameters();
    }

    @Override
    public synchronized void setAsyncMode(boolean asyncMode) {
        asyncDefaults = asyncDefaults.withAsyncMode(asyncMode);
    }

    @Override
    public boolean isAsyncMode() {
        return asyncDefaults.asyncMode();
    }

    @Override
    public synchronized void setAsyncCallback(AsyncCallback callback) {
        asyncDefaults = asyncDefaults.withCallback(callback);
    }

    @Override
    public AsyncCallback getAsyncCallback() {
        return asyncDefaults.callback();
    }

    @Override
    public synchronized void setAsyncCallbackArg(Object arg) {
        asyncDefaults = asyncDefaults.withCallbackArg(arg);
    }

    @Override
    public Object getAsyncCallbackArg() {
        return asyncDefaults.callbackArg();
    }
}
