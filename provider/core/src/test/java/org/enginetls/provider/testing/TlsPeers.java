package org.enginetls.provider.testing;

import java.security.GeneralSecurityException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.ProviderInternals;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.testing.EnginePair;

/**
 * Builds EngineTLS contexts and in-memory engine pairs for tests: both ends use one
 * {@link EngineTlsProvider} instance that is never registered in the Security provider list.
 */
public final class TlsPeers {

    /** BCJSSE logs INFO lines per connection; the tests keep a strong reference so the level sticks. */
    private static final Logger BOUNCY_CASTLE_LOG = Logger.getLogger("org.bouncycastle");

    static {
        BOUNCY_CASTLE_LOG.setLevel(Level.WARNING);
    }

    /** Makes no change to an engine's parameters. */
    public static final Consumer<SSLParameters> DEFAULTS = parameters -> { };

    private final EngineTlsProvider provider;

    public TlsPeers(EngineTlsProvider provider) {
        this.provider = provider;
    }

    /** Peers over a provider with only the software engine. */
    public static TlsPeers withSoftwareEngine() {
        return new TlsPeers(new EngineTlsProvider(new ProviderCore(ProviderSettings.DEFAULTS)));
    }

    public EngineTlsProvider provider() {
        return provider;
    }

    /** The provider's core, for tests that look behind the front door. */
    public ProviderCore core() {
        return ProviderInternals.core(provider);
    }

    /** A context of {@code protocol} initialised with {@code keyManagers} and {@code trustManagers}. */
    public SSLContext context(String protocol, KeyManager[] keyManagers, TrustManager[] trustManagers)
            throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance(protocol, provider);
        context.init(keyManagers, trustManagers, null);
        return context;
    }

    /** A server context with the JDK's {@code SunX509} key manager over {@code credential}, trusting the test CA. */
    public SSLContext server(String protocol, TestPki.Credential credential) throws GeneralSecurityException {
        return context(protocol, TestPki.keyManagers("SunX509", credential), TestPki.trustManagers());
    }

    /** A client context without a certificate, trusting the test CA. */
    public SSLContext client(String protocol) throws GeneralSecurityException {
        return context(protocol, null, TestPki.trustManagers());
    }

    /** A pair of engines, the client's for {@code localhost:443}, each with its parameters adjusted. */
    public static EnginePair pair(SSLContext client, SSLContext server, Consumer<SSLParameters> clientParameters,
            Consumer<SSLParameters> serverParameters) {
        return pair(client, "localhost", server, clientParameters, serverParameters);
    }

    /** A pair of engines whose client names {@code peerHost}. */
    public static EnginePair pair(SSLContext client, String peerHost, SSLContext server,
            Consumer<SSLParameters> clientParameters, Consumer<SSLParameters> serverParameters) {
        SSLEngine clientEngine = client.createSSLEngine(peerHost, 443);
        clientEngine.setUseClientMode(true);
        SSLParameters cp = clientEngine.getSSLParameters();
        clientParameters.accept(cp);
        clientEngine.setSSLParameters(cp);
        SSLEngine serverEngine = server.createSSLEngine();
        serverEngine.setUseClientMode(false);
        SSLParameters sp = serverEngine.getSSLParameters();
        serverParameters.accept(sp);
        serverEngine.setSSLParameters(sp);
        return new EnginePair(clientEngine, serverEngine);
    }

    /** A pair with default parameters. */
    public static EnginePair pair(SSLContext client, SSLContext server) {
        return pair(client, server, DEFAULTS, DEFAULTS);
    }
}
