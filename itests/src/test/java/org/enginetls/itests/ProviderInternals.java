package org.enginetls.itests;

import java.lang.reflect.Method;
import java.security.Provider;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Looks inside the provider bundle's {@code EngineTlsProvider}, whose packages are not exported: its
 * methods are called reflectively, through the class of the instance at hand ({@code core()} is not public: it is
 * not API, and only tests like these look at what it holds).
 */
final class ProviderInternals {

    private ProviderInternals() {
    }

    /** The number of async jobs of {@code provider} started and not yet finished. */
    static int liveJobs(Provider provider) throws ReflectiveOperationException {
        Object core = core(provider);
        Object jobs = core.getClass().getMethod("jobs").invoke(core);
        return (Integer) jobs.getClass().getMethod("liveJobs").invoke(jobs);
    }

    /** Has the engine registry of {@code provider} ask every engine for its health now, and waits for the answers. */
    static void pollHealth(Provider provider) throws Exception {
        Object core = core(provider);
        Object registry = core.getClass().getMethod("registry").invoke(core);
        Object poller = registry.getClass().getMethod("health").invoke(registry);
        ((Future<?>) poller.getClass().getMethod("poll").invoke(poller)).get(10, TimeUnit.SECONDS);
    }

    private static Object core(Provider provider) throws ReflectiveOperationException {
        Method coreMethod = provider.getClass().getDeclaredMethod("core");
        coreMethod.setAccessible(true);
        return coreMethod.invoke(provider);
    }

    /** An engine's own count of submissions ({@code submissions()}, which dasync and the relay engine have). */
    static long submissions(Object engine) throws ReflectiveOperationException {
        return (Long) engine.getClass().getMethod("submissions").invoke(engine);
    }
}
