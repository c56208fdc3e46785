package org.enginetls.pool;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.FailedEngine;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers a {@link PoolEngine} as a {@link CryptoEngine} service, configured through Configuration
 * Admin. The service is registered by hand so that the configured {@code ranking} becomes its
 * {@code service.ranking}. A configuration change replaces the component and so the pool: the old
 * engine's service goes first (the router sends it no new work), then its pool drains and its
 * threads end, then the new one is registered.
 */
@Component(configurationPid = PoolSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = PoolComponent.Config.class)
public final class PoolComponent {

    @ObjectClassDefinition(name = "EngineTLS worker-pool engine",
            description = "Runs the asymmetric operations of TLS on a bounded pool of worker threads and completes them"
                    + " asynchronously; a full queue answers busy (EAGAIN)")
    @interface Config {
        @AttributeDefinition(name = "threads", description = "Worker threads (0 = the number of processors)")
        int threads() default 0;

        @AttributeDefinition(name = "queue.capacity",
                description = "Operations that may wait for a worker; one more is answered busy (EAGAIN)")
        int queue_capacity() default PoolSettings.DEFAULT_QUEUE_CAPACITY;

        @AttributeDefinition(name = "operations",
                description = "Kinds taken: sign, verify, agree, keygen, decrypt, encrypt")
        String operations() default PoolSettings.DEFAULT_OPERATIONS;

        @AttributeDefinition(name = "ranking", description = "Service ranking (the software engine is below all)")
        int ranking() default PoolSettings.DEFAULT_RANKING;

        @AttributeDefinition(name = "drain.ms",
                description = "On shutdown, how long queued operations may still run before the rest move to another engine")
        long drain_ms() default PoolSettings.DEFAULT_DRAIN_MILLIS;
    }

    /** {@code null} when the configuration was rejected. */
    private final PoolEngine engine;
    private final ServiceRegistration<CryptoEngine> registration;

    /**
     * Registers the engine, or, when a setting is not allowed, a {@link FailedEngine} with the message: EngineTLS then
     * lists "pool" as failed with the reason, where a failed activation would only leave it missing.
     */
    @Activate
    public PoolComponent(BundleContext context, Map<String, Object> properties) {
        CryptoEngine service;
        PoolEngine created = null;
        try {
            created = new PoolEngine(PoolSettings.from(properties));
            service = created;
        } catch (IllegalArgumentException badSetting) {
            service = new FailedEngine(PoolEngine.ID, PoolSettings.DEFAULT_RANKING,
                    "the pool engine is not configured: " + badSetting.getMessage());
        }
        engine = created;
        Dictionary<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put(Constants.SERVICE_RANKING, service.ranking());
        serviceProperties.put("engine.id", PoolEngine.ID);
        if (created != null) {
            serviceProperties.put("pool.threads", created.settings().threads());
            serviceProperties.put("pool.queue.capacity", created.settings().queueCapacity());
        }
        registration = context.registerService(CryptoEngine.class, service, serviceProperties);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it while stopping the bundle
        }
        if (engine != null) {
            engine.close();
        }
    }
}
