package org.enginetls.pool;

import java.util.concurrent.TimeUnit;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.status.RegistryRuntime;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.runtime.EngineDTO;

/** A provider of its own with a pool engine registered above the software engine, and peers over it. */
final class PoolPeers implements AutoCloseable {

    final PoolEngine pool;
    final ProviderCore core;
    final TlsPeers peers;

    PoolPeers(ProviderSettings settings, PoolEngine pool) {
        this(settings, pool, true);
    }

    /**
     * With {@code registered} false the engine joins only at {@link #register()}: contexts made
     * before then do not use it (SSLContext.init probes curves with real key generations, which a
     * test's gate would hold).
     */
    PoolPeers(ProviderSettings settings, PoolEngine pool, boolean registered) {
        this.pool = pool;
        core = new ProviderCore(settings);
        peers = new TlsPeers(new EngineTlsProvider(core));
        if (registered) {
            register();
        }
    }

    void register() {
        core.registry().add(pool, pool.ranking(), EngineOrigin.CLASS_PATH);
    }

    /**
     * The pool engine's status as the EngineRuntime service reports it once the registry's poller has asked the engine
     * (its figures are that answer's).
     */
    EngineDTO status() throws Exception {
        core.registry().health().poll().get(10, TimeUnit.SECONDS);
        return new RegistryRuntime(core.registry()).getEngine(PoolEngine.ID).orElseThrow();
    }

    /** Takes the engine out of the router first, then stops it: what deactivation does. */
    @Override
    public void close() {
        core.registry().remove(pool);
        pool.close();
    }
}
