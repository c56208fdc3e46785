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
import org.enginetls.provider.impl.async.JobPool;
import org.enginetls.provider.impl.crypto.CryptoRouter;
import org.enginetls.provider.impl.crypto.RoutedTlsCryptoProvider;
import org.enginetls.provider.impl.crypto.RoutingProvider;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.engines.EngineStateLog;
import org.enginetls.provider.impl.software.AlgorithmTable;
import org.enginetls.provider.impl.software.SoftwareEngine;
import org.enginetls.provider.impl.tls.PrivateStackLogging;

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
    private final BouncyCastleProvider bouncyCastle = new BouncyCastleProvider();
    private volatile ProviderSettings settings;
    /** Made when first enabled and kept, so switching it off and on again costs no new algorithm table. */
    private SoftwareEngine software;
    private boolean softwareListed;
    private final Provider tlsProvider;
    private final CertificateFactory bouncyCastleCertificates;

    public ProviderCore(ProviderSettings settings) {
        // before BouncyCastle's JSSE classes first log for this instance
        PrivateStackLogging.install();
        this.settings = settings;
        registry.addListener(new EngineStateLog());
        this.router = new CryptoRouter(registry, settings.router());
        this.jobs = new JobPool(settings.maxJobs());
        registry.settings(settings.registry());
        softwareEngine(settings.softwareEngine());
        RoutingProvider routing = new RoutingProvider(router, passThroughProviders(bouncyCastle));
        this.tlsProvider = new BouncyCastleJsseProvider(false, new RoutedTlsCryptoProvider(router, routing));
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

    /**
     * Applies {@code next} to this running instance: the software engine comes or goes, the router's timeout and retries
     * and the registry's preference list and drain timeout apply to operations from now on, and delegated tasks to
     * {@code SSLEngine}s created from now on. Connections already established keep working. The job limit is
     * fixed when the instance is built.
     */
    public synchronized void reconfigure(ProviderSettings next) {
        router.settings(next.router());
        registry.settings(next.registry());
        softwareEngine(next.softwareEngine());
        settings = next;
    }

    private synchronized void softwareEngine(boolean enabled) {
        if (enabled && !softwareListed) {
            if (software == null) {
                try {
                    software = new SoftwareEngine(AlgorithmTable.create(bouncyCastle));
                } catch (GeneralSecurityException e) {
                    throw new ProviderException("cannot set up the software engine: " + e.getMessage(), e);
                }
            }
            registry.add(software, SoftwareEngine.RANKING, EngineOrigin.CLASS_PATH);
            softwareListed = true;
        } else if (!enabled && softwareListed) {
            registry.remove(software);
            softwareListed = false;
        }
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
