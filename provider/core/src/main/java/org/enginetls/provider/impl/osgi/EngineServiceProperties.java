package org.enginetls.provider.impl.osgi;

import org.enginetls.provider.impl.engines.EngineOrigin;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** Reads what the registry needs from a {@code CryptoEngine} service's properties and registering bundle. */
final class EngineServiceProperties {

    private EngineServiceProperties() {
    }

    /** The {@code service.ranking}; as the framework does, anything but an Integer counts as 0. */
    static int ranking(ServiceReference<?> reference) {
        return reference.getProperty(Constants.SERVICE_RANKING) instanceof Integer ranking ? ranking : 0;
    }

    /** The bundle that registered the service; a service unregistered meanwhile has none. */
    static EngineOrigin origin(ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        if (bundle == null) {
            return new EngineOrigin(null, null, -1);
        }
        return new EngineOrigin(bundle.getSymbolicName(), bundle.getVersion().toString(), bundle.getBundleId());
    }
}
