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
 * How the handshakes of {@link AsyncHandshakeBenchmark} run. Both EngineTLS modes get their own
 * EngineTLS instance with a dasync engine that takes every asymmetric operation (sign, decrypt, agree,
 * key generation) and completes each after the given latency; everything else goes to the software
 * engine.
 */
public enum HandshakeMode {
    /** EngineTLS in async mode: a handshake step that waits for dasync pauses, its callback wakes the driver. */
    ASYNC,
    /**
     * EngineTLS outside async mode with delegated tasks off: each dasync operation blocks the driver
     * thread inside {@code wrap}/{@code unwrap} for its latency.
     */
    SYNC,
    /** The JDK's provider, no engine: the reference (the latency does not apply). */
    JDK;

    /** The client and server contexts of one run, and the dasync engine to stop afterwards (none for the JDK). */
    record Contexts(SSLContext client, SSLContext server, CryptoEngine dasync) implements AutoCloseable {
        @Override
        public void close() {
            if (dasync != null) {
                Engines.close(dasync);
            }
        }
    }

    /**
     * Contexts whose engines all call {@code callback} (async mode only) when a paused job can go on.
     */
    Contexts contexts(BenchmarkPki pki, long latencyMillis, AsyncCallback callback) throws GeneralSecurityException {
        if (this == JDK) {
            return new Contexts(TlsProvider.SunJSSE.clientContext(), TlsProvider.SunJSSE.serverContext(pki), null);
        }
        CryptoEngine dasync = Engines.create("dasync", Map.of("latency.ms", String.valueOf(latencyMillis)));
        // dasync's ranking (100) puts it above the software engine
        EngineTlsProvider provider = new EngineTlsProvider(Map.of("delegatedTasks", this == ASYNC, "classPathEngines", false));
        provider.addEngine(dasync);
        AsyncSSLContext server = AsyncSSLContext.getInstance("TLSv1.3", provider);
        server.init(pki.keyManagers("SunX509", Security.getProvider("SunJSSE")), null, null);
        AsyncSSLContext client = AsyncSSLContext.getInstance("TLSv1.3", provider);
        client.init(null, BenchmarkPki.trustAll(), null);
        if (this == ASYNC) {
            for (AsyncSSLContext context : new AsyncSSLContext[] {client, server}) {
                context.setAsyncMode(true);
                context.setAsyncCallback(callback);
            }
        }
        return new Contexts(client, server, dasync);
    }
}
