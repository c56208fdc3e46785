package org.enginetls.provider.impl.osgi;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.security.Provider;
import java.security.Security;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.events.EventAdminTracker;
import org.enginetls.provider.impl.jmx.EngineMBeans;
import org.enginetls.provider.impl.status.RegistryRuntime;
import org.enginetls.provider.impl.tls.PrivateStackLogging;
import org.enginetls.runtime.EngineRuntime;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The provider bundle's one component: builds one EngineTLS instance per activation, makes it a
 * {@code java.security} provider and an OSGi {@code java.security.Provider} service, publishes the
 * status of its engines as an {@link EngineRuntime} service and as JMX MBeans, posts their state changes
 * to an EventAdmin when there is one, and feeds its registry with the {@link CryptoEngine} services of
 * other bundles.
 *
 * <p>The instance is built in the constructor because Declarative Services binds the engine
 * references between construction and activation: engines present at start-up are in the registry
 * before anyone can find the provider. Configuration changes are applied to the running instance
 * ({@link #modified}): connections already established keep working.
 */
@Component(name = ProviderComponent.PID, configurationPid = ProviderComponent.PID, immediate = true, service = {})
@Designate(ocd = ProviderConfiguration.class)
public final class ProviderComponent {

    /** The component name and configuration PID. */
    static final String PID = "org.enginetls.provider";

    /** The service property that tells this provider apart from other {@code java.security.Provider} services. */
    static final String PROVIDER_NAME_PROPERTY = "provider.name";

    private static final System.Logger LOG = System.getLogger(ProviderComponent.class.getName());

    private final ProviderCore core;
    private final EngineTlsProvider provider;
    private final EngineRegistry registry;
    private int position;
    private ServiceRegistration<Provider> registration;
    private ServiceRegistration<EngineRuntime> runtimeRegistration;
    private EngineMBeans mbeans;
    private EventAdminTracker events;

    /**
     * Reads the configuration's raw properties rather than {@link ProviderConfiguration}'s typed view (which only
     * describes it for Metatype): a value that is not allowed is then logged with its key and the allowed values,
     * and its default used, instead of failing the component and with it the provider.
     */
    @Activate
    public ProviderComponent(Map<String, Object> configuration) {
        this.core = new ProviderCore(ProviderSettings.from(configuration));
        this.provider = new EngineTlsProvider(core);
        this.registry = core.registry();
        this.position = ProviderSettings.position(configuration);
    }

    @Activate
    void activate(BundleContext context) {
        int added = position > 0 ? Security.insertProviderAt(provider, position) : Security.addProvider(provider);
        if (added == -1) {
            LOG.log(Level.WARNING, "A security provider named {0} is installed already; this bundle's instance "
                    + "is only published as an OSGi service", EngineTlsProvider.NAME);
        }
        mbeans = EngineMBeans.open(registry, ManagementFactory.getPlatformMBeanServer());
        events = EventAdminTracker.open(context, registry);
        registration = context.registerService(Provider.class, provider, providerProperties());
        Dictionary<String, Object> runtimeProperties = new Hashtable<>();
        runtimeProperties.put(PROVIDER_NAME_PROPERTY, EngineTlsProvider.NAME);
        runtimeRegistration = context.registerService(EngineRuntime.class, new RegistryRuntime(registry), runtimeProperties);
    }

    /**
     * Applies a configuration change to the running instance. The provider is moved in the Security list only if the
     * entry there is still this instance (a newer revision of the bundle may have registered its own).
     */
    @Modified
    void modified(Map<String, Object> configuration) {
        core.reconfigure(ProviderSettings.from(configuration));
        int next = ProviderSettings.position(configuration);
        if (next != position) {
            position = next;
            synchronized (Security.class) {
                if (Security.getProvider(EngineTlsProvider.NAME) == provider) {
                    Security.removeProvider(EngineTlsProvider.NAME);
                    if (position > 0) {
                        Security.insertProviderAt(provider, position);
                    } else {
                        Security.addProvider(provider);
                    }
                }
            }
        }
        registration.setProperties(providerProperties());
    }

    /** The provider service's properties: its name and the settings in force, so that a change is visible as MODIFIED. */
    private Dictionary<String, Object> providerProperties() {
        ProviderSettings settings = core.settings();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PROVIDER_NAME_PROPERTY, EngineTlsProvider.NAME);
        properties.put("position", position);
        properties.put("softwareEngine", settings.softwareEngine());
        properties.put("delegatedTasks", settings.delegatedTasks());
        properties.put("operationTimeoutMillis", TimeUnit.NANOSECONDS.toMillis(settings.router().operationTimeoutNanos()));
        properties.put("drainTimeoutMillis", settings.registry().drainTimeoutMillis());
        properties.put("enginePreference", settings.registry().enginePreference().toArray(String[]::new));
        properties.put("healthPollMillis", settings.registry().healthPollMillis());
        return properties;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        runtimeRegistration.unregister();
        registration.unregister();
        events.close();
        mbeans.close();
        // engines unbound after this are dropped at once; drains under way end now, their work failing over
        registry.close(10, TimeUnit.SECONDS);
        // A newer revision of this bundle may have registered its own instance meanwhile: leave that one.
        if (Security.getProvider(EngineTlsProvider.NAME) == provider) {
            Security.removeProvider(EngineTlsProvider.NAME);
        }
        // BouncyCastle's loggers are the JDK's: they must not keep this bundle's classes
        PrivateStackLogging.uninstall();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedEngine")
    void bindEngine(CryptoEngine engine, ServiceReference<CryptoEngine> reference) {
        registry.add(engine, EngineServiceProperties.ranking(reference), EngineServiceProperties.origin(reference));
    }

    /** A new {@code service.ranking} reorders the engine in place: it keeps its statistics and its in-flight work. */
    void updatedEngine(CryptoEngine engine, ServiceReference<CryptoEngine> reference) {
        registry.rank(engine, EngineServiceProperties.ranking(reference));
    }

    void unbindEngine(CryptoEngine engine) {
        registry.remove(engine);
    }
}
