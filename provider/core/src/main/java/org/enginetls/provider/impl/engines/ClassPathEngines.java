package org.enginetls.provider.impl.engines;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.FailedEngine;

/**
 * Adds the engines {@link ServiceLoader} finds on a plain class path to a registry. An engine that cannot be created
 * (its constructor rejects a setting, a class it needs is missing) does not take the provider or the other engines
 * with it: it is listed as a {@link FailedEngine}, named after its class, with the reason.
 */
public final class ClassPathEngines {

    private ClassPathEngines() {
    }

    public static void load(ClassLoader loader, EngineRegistry registry) {
        Iterator<ServiceLoader.Provider<CryptoEngine>> providers = ServiceLoader.load(CryptoEngine.class, loader)
                .stream().iterator();
        while (true) {
            ServiceLoader.Provider<CryptoEngine> provider;
            try {
                if (!providers.hasNext()) {
                    return;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                // the list itself is broken (a class named in it is missing): nothing after it can be trusted
                registry.add(new FailedEngine("class path engines", Integer.MIN_VALUE,
                        "cannot read META-INF/services/" + CryptoEngine.class.getName() + ": " + reason(e)), Integer.MIN_VALUE,
                        EngineOrigin.CLASS_PATH);
                return;
            }
            CryptoEngine engine;
            try {
                engine = provider.get();
            } catch (ServiceConfigurationError | RuntimeException e) {
                engine = new FailedEngine(provider.type().getName(), Integer.MIN_VALUE,
                        "cannot create the engine " + provider.type().getName() + ": " + reason(e));
            }
            registry.add(engine, engine.ranking(), EngineOrigin.CLASS_PATH);
        }
    }

    /** The innermost message: what the engine's constructor said, not ServiceLoader's wrapping. */
    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
