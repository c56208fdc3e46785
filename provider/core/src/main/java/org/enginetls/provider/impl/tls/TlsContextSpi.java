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

import org.bouncycastle.jsse.BCSSLEngine;
import org.bouncycastle.jsse.BCSSLParameters;
import org.enginetls.async.AsyncCallback;
import org.enginetls.async.AsyncContextDefaults;
import org.enginetls.provider.impl.ProviderCore;

/**
 * The {@code SSLContext} of EngineTLS: a BouncyCastle JSSE context over the crypto router, whose
 * engines are {@link EngineTlsSSLEngine}s and whose key and trust managers are made to understand
 * BouncyCastle's key and authentication type names ({@link KeyManagerAdapter}, {@link TrustManagerAdapter})
 * and are handed those engines, not BCJSSE's ({@link FacingEngines}). Every engine, socket and server
 * socket it hands out carries one cipher-suite order ({@link CipherSuiteOrder}) and the JDK's security
 * policy ({@link JdkTlsPolicy}), and its async defaults are copied into every engine it creates afterwards.
 */
public final class TlsContextSpi extends SSLContextSpi implements AsyncContextDefaults {

    private final ProviderCore core;
    private final SSLContext tls;
    private final FacingEngines facingEngines = new FacingEngines();
    private final ServerKeySearches serverKeySearches;
    private volatile AsyncEngineState.AsyncDefaults asyncDefaults = AsyncEngineState.AsyncDefaults.NONE;
    private volatile CipherSuiteOrder order;
    private volatile JdkTlsPolicy policy;

    public TlsContextSpi(ProviderCore core, String protocol) throws NoSuchAlgorithmException {
        this.core = core;
        this.tls = SSLContext.getInstance(protocol, core.tlsProvider());
        this.serverKeySearches = new ServerKeySearches(core.registry());
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
            throws KeyManagementException {
        try {
            policy = JdkTlsPolicy.jvm();
            tls.init(KeyManagerAdapter.adapt(km, core.bouncyCastleCertificates(), facingEngines, serverKeySearches),
                    TrustManagerAdapter.adapt(tm, facingEngines), sr);
            order = CipherSuiteOrder.of(tls.getDefaultSSLParameters().getCipherSuites());
        } catch (IllegalArgumentException e) {
            // a java.security entry BCJSSE cannot take
            throw new KeyManagementException("cannot initialise the TLS context: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            // BCJSSE reports a crypto set-up it cannot use (e.g. no engine offers a digest it needs) as
            // IllegalStateException; callers of SSLContext.init expect a KeyManagementException.
            throw new KeyManagementException("cannot initialise the TLS context: " + e.getMessage(), e);
        }
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        CipherSuiteOrder suites = order();
        JdkTlsPolicy current = policy;
        return new ConfiguredSocketFactory(tls.getSocketFactory(), suites.suites(),
                socket -> new EngineTlsSocket(suites.applyTo(socket), current, serverKeySearches));
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        CipherSuiteOrder suites = order();
        JdkTlsPolicy current = policy;
        return new ConfiguredServerSocketFactory(tls.getServerSocketFactory(), suites.suites(),
                socket -> new EngineTlsServerSocket(suites.applyTo(socket), current, serverKeySearches));
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
        CipherSuiteOrder suites = order();
        if (engine instanceof BCSSLEngine bc) {
            // one read and one write of the engine's parameters: BouncyCastle copies and checks them each time
            BCSSLParameters parameters = suites.applyTo(bc.getParameters());
            policy.applyTo(parameters, engine.getUseClientMode());
            bc.setParameters(parameters);
        } else {
            suites.applyTo(engine);
            policy.applyTo(engine);
        }
        EngineTlsSSLEngine applicationFacing = new EngineTlsSSLEngine(engine, core, asyncDefaults, serverKeySearches);
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
        SSLParameters parameters = tls.getDefaultSSLParameters();
        CipherSuiteOrder suites = order;
        JdkTlsPolicy current = policy;
        if (suites != null) {
            suites.applyTo(parameters);
        }
        if (current != null) {
            current.applyTo(parameters);
        }
        return parameters;
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
