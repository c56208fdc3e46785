package org.enginetls.benchmarks;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.enginetls.provider.EngineTlsProvider;

/**
 * The TLS implementations compared. Every server gets the JDK's default {@code SunX509} key
 * managers, except {@link #BCJSSE_BCKM}, which is plain BCJSSE with its own {@code PKIX} key
 * managers (plain BCJSSE cannot use the JDK's key managers for an EC key). Every client trusts any
 * server ({@link BenchmarkPki#trustAll()}). Plain BCJSSE gets the JDK's crypto (see
 * {@code Instances.bouncyCastle()}).
 */
public enum TlsProvider {
    /** EngineTLS in class-path mode: BCJSSE over the crypto router and its software engine alone ({@code classPathEngines=false}). */
    EngineTLS,
    /**
     * EngineTLS with the openssl engine (the machine's libcrypto through the FFM API) above the
     * software engine: the provider setting {@code classPathEngines=openssl} adds it from the class path.
     */
    EngineTLS_openssl,
    /** {@link #EngineTLS_openssl} with AES-GCM handed to the openssl engine too ({@code aesGcm=true}; off by default). */
    EngineTLS_openssl_aesgcm,
    /** The JDK's own provider. */
    SunJSSE,
    /** Plain BCJSSE ({@code new BouncyCastleJsseProvider()}, JDK crypto) with the JDK's key managers. */
    BCJSSE,
    /** Plain BCJSSE with BCJSSE's own {@code PKIX} key managers. */
    BCJSSE_BCKM;

    private static final class Instances {
        static final Provider ENGINE_TLS = new EngineTlsProvider(Map.of("classPathEngines", "false"));
        static final Provider ENGINE_TLS_OPENSSL = new EngineTlsProvider(Map.of("classPathEngines", "openssl"));
        static final Provider ENGINE_TLS_OPENSSL_AES_GCM = new EngineTlsProvider(
                Map.of("classPathEngines", "openssl", "engine.openssl.aesGcm", "true"));

        static final Provider BOUNCY_CASTLE = new BouncyCastleJsseProvider();

        /**
         * Plain BCJSSE takes its crypto from the JCA provider list: the JDK's providers answer what
         * they have, and BouncyCastle, appended last, only what they lack (BCJSSE's "DEFAULT"
         * SecureRandom, the "SHA256withRSAandMGF1" names). Each JMH fork runs one provider, so
         * the JDK and EngineTLS runs never see it.
         */
        static Provider bouncyCastle() {
            if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
                Security.addProvider(new BouncyCastleProvider());
            }
            return BOUNCY_CASTLE;
        }
    }

    Provider provider() {
        return switch (this) {
            case EngineTLS -> Instances.ENGINE_TLS;
            case EngineTLS_openssl -> Instances.ENGINE_TLS_OPENSSL;
            case EngineTLS_openssl_aesgcm -> Instances.ENGINE_TLS_OPENSSL_AES_GCM;
            case SunJSSE -> Security.getProvider("SunJSSE");
            case BCJSSE, BCJSSE_BCKM -> Instances.bouncyCastle();
        };
    }

    SSLContext serverContext(BenchmarkPki pki) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLSv1.3", provider());
        context.init(this == BCJSSE_BCKM ? pki.keyManagers("PKIX", Instances.bouncyCastle())
                : pki.keyManagers("SunX509", Security.getProvider("SunJSSE")), null, null);
        return context;
    }

    SSLContext clientContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLSv1.3", provider());
        context.init(null, BenchmarkPki.trustAll(), null);
        return context;
    }
}
