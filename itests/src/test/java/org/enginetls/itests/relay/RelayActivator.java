package org.enginetls.itests.relay;

import java.util.Dictionary;
import java.util.Hashtable;

import org.enginetls.engine.CryptoEngine;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * Registers the relay bundle's {@link JdkRelayEngine} while the bundle is active, at the ranking its
 * manifest names in {@value #RANKING_HEADER}. A test-only bundle: an activator keeps it free of
 * Declarative Services, so it can be built without bnd.
 */
public final class RelayActivator implements BundleActivator {

    /** The manifest header that holds the engine's service ranking. */
    public static final String RANKING_HEADER = "EngineTLS-Test-Ranking";

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, Integer.valueOf(context.getBundle().getHeaders().get(RANKING_HEADER)));
        properties.put("engine.id", JdkRelayEngine.ID);
        context.registerService(CryptoEngine.class, new JdkRelayEngine(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the engine service when the bundle stops
    }
}
