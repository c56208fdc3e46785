package org.enginetls.provider.impl;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.ProviderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.stream.Stream;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.enginetls.provider.impl.async.JobPool;
import org.enginetls.provider.impl.crypto.CryptoRouter;
import org.enginetls.provider.impl.crypto.RoutingProvider;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.software.AlgorithmTable;
import org.enginetls.provider.impl.software.SoftwareEngine;

/**
 * One EngineTLS instance: the engine registry, the router over it, the private JCA provider that
 * exposes the router, and the private BouncyCastle JSSE provider that speaks TLS over it.
 *
 * <p>There is exactly one per {@code EngineTlsProvider} (the JDK caches provider instances used for
 * ciphers and MACs, so throwaway instances would only pile up).
 */
public final class ProviderCore {

    private final EngineRegistry registry = new EngineRegistry();
    private final CryptoRouter router;
    private final JobPool jobs;
    private final ProviderSettings settings;
    private final Provider tlsProvider;
    private final CertificateFactory bouncyCastleCertificates;

    public ProviderCore(ProviderSettings settings) {
        BouncyCastleProvider bouncyCastle = new BouncyCastleProvider();
        this.settings = settings;
        this.router = new CryptoRouter(registry, settings.router());
        this.jobs = new JobPool(settings.maxJobs(), settings.router().operationTimeoutNanos());
        if (settings.softwareEngine()) {
            try {
                SoftwareEngine software = new SoftwareEngine(AlgorithmTable.create(bouncyCastle));
                registry.add(software, SoftwareEngine.RANKING, EngineOrigin.CLASS_PATH);
            } catch (GeneralSecurityException e) {
                throw new ProviderException("cannot set up the software engine: " + e.getMessage(), e);
            }
        }
        RoutingProvider routing = new RoutingProvider(router, passThroughProviders(bouncyCastle));
        this.tlsProvider = new BouncyCastleJsseProvider(false, new JcaTlsCryptoProvider().setProvider(routing));
        try {
            this.bouncyCastleCertificates = CertificateFactory.getInstance("X.509", bouncyCastle);
        } catch (CertificateException e) {
            throw new ProviderException("BouncyCastle offers no X.509 certificate factory", e);
        }
    }

    private static List<Provider> passThroughProviders(BouncyCastleProvider bouncyCastle) {
        return Stream.concat(AlgorithmTable.jdkProviders().stream(), Stream.of(bouncyCastle)).toList();
    }

    public EngineRegistry registry() {
        return registry;
    }

    public CryptoRouter router() {
        return router;
    }

    /** The async jobs of this instance's engines. */
    public JobPool jobs() {
        return jobs;
    }

    public ProviderSettings settings() {
        return settings;
    }

    /** BouncyCastle's X.509 certificate factory, for certificates BCJSSE must read with BouncyCastle's key classes. */
    public CertificateFactory bouncyCastleCertificates() {
        return bouncyCastleCertificates;
    }

    /** The BouncyCastle JSSE provider whose crypto goes through the router. */
    public Provider tlsProvider() {
        return tlsProvider;
    }
}
