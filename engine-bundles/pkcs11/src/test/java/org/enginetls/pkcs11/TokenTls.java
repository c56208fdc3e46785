package org.enginetls.pkcs11;

import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.RegistrySettings;
import org.enginetls.provider.testing.TestPki;

/** TLS set-ups for the token tests: an EngineTLS server whose key is in the token, a JDK client that verifies it. */
final class TokenTls {

    private TokenTls() {
    }

    /**
     * A provider core with the software engine and {@code engine}. Its registry asks the engine for its health only
     * when a test polls it (the cadence is an hour): a failed token's health answer starts a reopen, which must not
     * race a test that is changing the token.
     */
    static ProviderCore core(Pkcs11Engine engine) {
        ProviderCore core = new ProviderCore(new ProviderSettings(true, true, ProviderSettings.DEFAULT_MAX_JOBS,
                RouterSettings.DEFAULTS, new RegistrySettings(RegistrySettings.DEFAULT_DRAIN_TIMEOUT_MILLIS, List.of(),
                        TimeUnit.HOURS.toMillis(1))));
        core.registry().add(engine, engine.ranking(), EngineOrigin.CLASS_PATH);
        return core;
    }

    /** An EngineTLS server context whose key manager is the JDK's {@code keyManagerAlgorithm} factory over the token's key store. */
    static SSLContext server(ProviderCore core, Pkcs11Engine engine, String keyManagerAlgorithm, String protocol)
            throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(keyManagerAlgorithm, "SunJSSE");
        keyManagers.init(engine.keyStore(), new char[0]);
        SSLContext context = SSLContext.getInstance(protocol, new EngineTlsProvider(core));
        context.init(keyManagers.getKeyManagers(), null, null);
        return context;
    }

    /**
     * A JDK client engine for {@code protocol} that verifies the server against the test CA and offers
     * only the signature schemes of {@code keyAlias}'s type, so the server must sign with that key.
     */
    static SSLEngine client(String protocol, String keyAlias) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
        context.init(null, TestPki.trustManagers(), null);
        SSLEngine client = context.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        SSLParameters parameters = client.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setSignatureSchemes(SoftHsm.RSA.equals(keyAlias)
                ? new String[] {"rsa_pss_rsae_sha256", "rsa_pkcs1_sha256", "ecdsa_secp256r1_sha256"}
                : new String[] {"ecdsa_secp256r1_sha256"});
        if ("TLSv1.2".equals(protocol)) {
            parameters.setCipherSuites(new String[] {SoftHsm.RSA.equals(keyAlias)
                    ? "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" : "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"});
        }
        client.setSSLParameters(parameters);
        return client;
    }
}
