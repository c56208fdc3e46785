package org.enginetls.provider.impl.tls;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import javax.net.ssl.SSLEngine;

/**
 * The application-facing engine ({@link EngineTlsSSLEngine}) of each BCJSSE engine a context
 * created. BCJSSE hands its own engine to key and trust managers; they are the application's and
 * must see the engine the application holds &mdash; a manager that picks a certificate by the
 * engine it is given (its own map, its peer host, its SNI) would otherwise see a stranger.
 *
 * <p>Both sides are held weakly: the BCJSSE engine may outlive the facing one while a paused job
 * holds it, and neither may be kept reachable by this map.
 */
final class FacingEngines {

    private final Map<SSLEngine, WeakReference<SSLEngine>> facing = Collections.synchronizedMap(new WeakHashMap<>());

    void register(SSLEngine tls, SSLEngine applicationFacing) {
        facing.put(tls, new WeakReference<>(applicationFacing));
    }

    /** The engine the application holds for {@code engine}, or {@code engine} itself if it is not one of BCJSSE's. */
    SSLEngine of(SSLEngine engine) {
        if (engine == null) {
            return null;
        }
        WeakReference<SSLEngine> reference = facing.get(engine);
        SSLEngine applicationFacing = reference == null ? null : reference.get();
        return applicationFacing != null ? applicationFacing : engine;
    }
}
