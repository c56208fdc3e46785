package org.enginetls.provider.impl.osgi;

import java.lang.System.Logger.Level;
import java.security.Provider;
import java.security.Security;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.status.RegistryRuntime;
import org.enginetls.runtime.EngineRuntime;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The provider bundle's one component: builds one EngineTLS instance per activation, makes it a
 * {@code java.security} provider and an OSGi {@code java.security.Provider} service, publishes the
 * status of its engines as an {@link EngineRuntime} service, and feeds its registry with the
 * {@link CryptoEngine} services of other bundles.
 *
 * <p>The instance is built in the constructor because Declarative Services binds the engine
 * references between construction and activation: engines present at start-up are in the registry
 * before anyone can find the provider.
 */
@Component(name = ProviderComponent.PID, configurationPid = ProviderComponent.PID, immediate = true, service = {})
@Designate(ocd = ProviderConfiguration.class)
public final class ProviderComponent {

    /** The component name and configuration PID. */
    static final String PID = "org.enginetls.provider";

    /** The service property that tells this provider apart from other {@code java.security.Provider} services. */
    static final String PROVIDER_NAME_PROPERTY = "provider.name";

    private static final System.Logger LOG = System.getLogger(ProviderComponent.class.getName());

    private final EngineTlsProvider provider;
    private final EngineRegistry registry;
    private final int position;
    /** Engine services with the ranking they were added with, so a ranking change can be told apart. */
    private final Map<CryptoEngine, Integer> rankings = Collections.synchronizedMap(new IdentityHashMap<>());
    private ServiceRegistration<Provider> registration;
    private ServiceRegistration<EngineRuntime> runtimeRegistration;

    @Activate
    public ProviderComponent(ProviderConfiguration configuration) {
        ProviderCore core = new ProviderCore(new ProviderSettings(configuration.softwareEngine(),
                configuration.delegatedTasks(), ProviderSettings.DEFAULT_MAX_JOBS,
                RouterSettings.DEFAULTS.withOperationTimeoutMillis(configuration.operationTimeoutMillis())));
        this.provider = new EngineTlsProvider(core);
        this.registry = core.registry();
        this.position = configuration.position();
    }

    @Activate
    void activate(BundleContext context) {
        int added = position > 0 ? Security.insertProviderAt(provider, position) : Security.addProvider(provider);
        if (added == -1) {
            LOG.log(Level.WARNING, "A security provider named {0} is installed already; this bundle's instance "
                    + "is only published as an OSGi service", EngineTlsProvider.NAME);
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PROVIDER_NAME_PROPERTY, EngineTlsProvider.NAME);
        registration = context.registerService(Provider.class, provider, properties);
        runtimeRegistration = context.registerService(EngineRuntime.class, new RegistryRuntime(registry),
                new Hashtable<>(Map.of(PROVIDER_NAME_PROPERTY, EngineTlsProvider.NAME)));
    }

    @Deactivate
    void deactivate() {
        runtimeRegistration.unregister();
        registration.unregister();
        // A newer revision of this bundle may have registered its own instance meanwhile: leave that one.
        if (Security.getProvider(EngineTlsProvider.NAME) == provider) {
            Security.removeProvider(EngineTlsProvider.NAME);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedEngine")
    void bindEngine(CryptoEngine engine, ServiceReference<CryptoEngine> reference) {
        int ranking = EngineServiceProperties.ranking(reference);
        rankings.put(engine, ranking);
        registry.add(engine, ranking, EngineServiceProperties.origin(reference));
    }

    void updatedEngine(CryptoEngine engine, ServiceReference<CryptoEngine> reference) {
        int ranking = EngineServiceProperties.ranking(reference);
        Integer previous = rankings.put(engine, ranking);
        if (previous != null && previous != ranking) {
            // The registry orders engines once, when they arrive: a new ranking means arriving again.
            registry.remove(engine);
            registry.add(engine, ranking, EngineServiceProperties.origin(reference));
        }
    }

    void unbindEngine(CryptoEngine engine) {
        rankings.remove(engine);
        registry.remove(engine);
    }
}
