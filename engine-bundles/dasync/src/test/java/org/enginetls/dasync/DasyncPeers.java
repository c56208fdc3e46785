package org.enginetls.dasync;

import java.util.Map;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.testing.TlsPeers;

/** A provider of its own with a dasync engine registered above the software engine, and peers over it. */
final class DasyncPeers implements AutoCloseable {

    final DasyncEngine dasync = new DasyncEngine(DasyncSettings.from(Map.of("latency.ms", "1")));
    final ProviderCore core;
    final TlsPeers peers;

    DasyncPeers(ProviderSettings settings) {
        core = new ProviderCore(settings);
        core.registry().add(dasync, dasync.ranking(), EngineOrigin.CLASS_PATH);
        peers = new TlsPeers(new EngineTlsProvider(core));
    }

    @Override
    public void close() {
        dasync.close();
    }
}
