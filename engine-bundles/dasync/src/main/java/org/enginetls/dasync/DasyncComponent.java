package org.enginetls.dasync;

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
 * Registers a {@link DasyncEngine} as a {@link CryptoEngine} service, configured through
 * Configuration Admin. The service is registered by hand so that the configured {@code ranking}
 * becomes its {@code service.ranking}; a configuration change replaces the engine.
 */
@Component(configurationPid = DasyncSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = DasyncComponent.Config.class)
public final class DasyncComponent {

    @ObjectClassDefinition(name = "EngineTLS dasync engine",
            description = "A test engine whose every operation completes asynchronously")
    @interface Config {
        @AttributeDefinition(name = "latency.ms", description = "Milliseconds each operation takes")
        long latency_ms() default 1;

        @AttributeDefinition(name = "eagain.every", description = "Every Nth submission answers busy (0 = never)")
        int eagain_every() default 0;

        @AttributeDefinition(name = "fail.every", description = "Every Nth submission fails (0 = never)")
        int fail_every() default 0;

        @AttributeDefinition(name = "hang.every", description = "Every Nth submission never completes (0 = never)")
        int hang_every() default 0;

        @AttributeDefinition(name = "operations", description = "Kinds taken: sign, decrypt, agree, keygen, cipher")
        String operations() default DasyncSettings.DEFAULT_OPERATIONS;

        @AttributeDefinition(name = "ranking", description = "Service ranking (the software engine is below all)")
        int ranking() default DasyncSettings.DEFAULT_RANKING;
    }

    /** {@code null} when the configuration was rejected. */
    private final DasyncEngine engine;
    private final ServiceRegistration<CryptoEngine> registration;

    /** Registers the engine, or, when a setting is not allowed, a {@link FailedEngine} with the message. */
    @Activate
    public DasyncComponent(BundleContext context, Map<String, Object> properties) {
        CryptoEngine service;
        DasyncEngine created = null;
        try {
            created = new DasyncEngine(DasyncSettings.from(properties));
            service = created;
        } catch (IllegalArgumentException badSetting) {
            service = new FailedEngine(DasyncEngine.ID, DasyncSettings.DEFAULT_RANKING,
                    "the dasync engine is not configured: " + badSetting.getMessage());
        }
        engine = created;
        Dictionary<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put(Constants.SERVICE_RANKING, service.ranking());
        serviceProperties.put("engine.id", DasyncEngine.ID);
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
