package org.enginetls.benchmarks;

import java.security.GeneralSecurityException;
import java.security.Security;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.enginetls.async.AsyncCallback;
import org.enginetls.async.AsyncSSLContext;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.provider.EngineTlsProvider;

/**
 * The set-ups {@link PoolOffloadBenchmark} compares: where a handshake's asymmetric operations run,
 * relative to the thread that drives the engines (the event loop).
 */
public enum OffloadSetup {
    /**
     * EngineTLS in async mode with the worker-pool engine: every asymmetric operation goes to the pool's
     * workers, the job that waits for it pauses and the callback wakes the driver.
     */
    POOL_ASYNC,
    /**
     * EngineTLS in async mode, software engine only: the handshake work runs in jobs (virtual threads)
     * that never pause, so the driver waits for each one inside the call.
     */
    SOFTWARE_ASYNC,
    /** EngineTLS outside async mode, delegated tasks off, software engine only: everything on the driver thread. */
    SOFTWARE_INLINE,
    /** The JDK's provider (its delegated tasks run on the driver thread). */
    JDK,
    /** Plain BCJSSE with its own PKIX key managers and the JDK's crypto (see {@link TlsProvider#BCJSSE_BCKM}). */
    BCJSSE;

    /** Worker threads of the pool engine in {@link #POOL_ASYNC}: one per core of the benchmark machine. */
    static final int POOL_THREADS = Runtime.getRuntime().availableProcessors();

    /** The contexts of one run and the pool engine to stop afterwards (none outside {@link #POOL_ASYNC}). */
    record Contexts(SSLContext client, SSLContext server, CryptoEngine pool) implements AutoCloseable {
        @Override
        public void close() {
            if (pool != null) {
                Engines.close(pool);
            }
        }
    }

    Contexts contexts(BenchmarkPki pki, AsyncCallback callback) throws GeneralSecurityException {
        switch (this) {
            case JDK:
                return new Contexts(TlsProvider.SunJSSE.clientContext(), TlsProvider.SunJSSE.serverContext(pki), null);
            case BCJSSE:
                return new Contexts(TlsProvider.BCJSSE_BCKM.clientContext(), TlsProvider.BCJSSE_BCKM.serverContext(pki), null);
            default:
                break;
        }
        boolean async = this != SOFTWARE_INLINE;
        EngineTlsProvider provider = new EngineTlsProvider(Map.of("delegatedTasks", false, "classPathEngines", false));
        CryptoEngine pool = null;
        if (this == POOL_ASYNC) {
            pool = Engines.create("pool", Map.of("threads", POOL_THREADS));
            provider.addEngine(pool);
        }
        AsyncSSLContext server = AsyncSSLContext.getInstance("TLSv1.3", provider);
        server.init(pki.keyManagers("SunX509", Security.getProvider("SunJSSE")), null, null);
        AsyncSSLContext client = AsyncSSLContext.getInstance("TLSv1.3", provider);
        client.init(null, BenchmarkPki.trustAll(), null);
        if (async) {
            for (AsyncSSLContext context : new AsyncSSLContext[] {client, server}) {
                context.setAsyncMode(true);
                context.setAsyncCallback(callback);
            }
        }
        return new Contexts(client, server, pool);
    }
}
