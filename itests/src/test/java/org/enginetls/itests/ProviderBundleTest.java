package org.enginetls.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.util.tracker.ServiceTracker;

/** The provider bundle's life cycle: resolving, registering with java.security, leaving and coming back. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProviderBundleTest {

    private static final String PROVIDER_FILTER = "(provider.name=EngineTLS)";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configuration() {
        return Frameworks.engineTls();
    }

    @Test
    public void frameworkIsTheOneThisRunStarts() {
        String vendor = context.getProperty(Constants.FRAMEWORK_VENDOR);
        String expected = System.getProperty(Frameworks.FRAMEWORK_PROPERTY);

        assertEquals(vendor + " " + context.getBundle(0).getSymbolicName(), Map.of("felix", "org.apache.felix.framework",
                "equinox", "org.eclipse.osgi").get(expected), context.getBundle(0).getSymbolicName());
    }

    @Test
    public void everyInstalledBundleIsActive() {
        Map<String, Bundle> bySymbolicName = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            bySymbolicName.put(bundle.getSymbolicName(), bundle);
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                // a bundle that fails to resolve does not fail the container: this is where it shows
                assertEquals(bundle.getSymbolicName() + " " + bundle.getVersion() + " is not active",
                        Bundle.ACTIVE, bundle.getState());
            }
        }
        for (String name : Frameworks.INSTALLED) {
            assertNotNull(name + " is not installed", bySymbolicName.get(name));
        }
    }

    @Test
    public void providerIsLastInSecurityListAndPublishedAsService() throws Exception {
        Provider registered = Security.getProvider("EngineTLS");
        assertNotNull("EngineTLS is not in the java.security provider list", registered);
        List<Provider> providers = Arrays.asList(Security.getProviders());
        assertSame("the default position is the end of the list", registered, providers.get(providers.size() - 1));
        assertSame(registered, providerService());
    }

    @Test
    public void handshakeThroughProviderFoundByName() throws Exception {
        Handshakes.tls13ThroughEngineTls();
    }

    @Test
    public void stoppingProviderBundleRemovesProviderAndStartingAddsNewOne() throws Exception {
        Bundle bundle = providerBundle();
        Provider before = Security.getProvider("EngineTLS");
        assertNotNull(before);

        bundle.stop();
        try {
            assertNull("EngineTLS is still in the java.security provider list", Security.getProvider("EngineTLS"));
            assertTrue("the Provider service is still registered",
                    context.getServiceReferences(Provider.class, PROVIDER_FILTER).isEmpty());
        } finally {
            // the other tests of this class share the framework
            bundle.start();
        }
        Provider service = awaitProviderService();
        assertNotNull("no Provider service after the bundle restarted", service);
        assertSame(service, Security.getProvider("EngineTLS"));
        assertTrue("a restart builds a new provider instance", service != before);
        Handshakes.tls13ThroughEngineTls();
    }

    @Test
    public void apiBundleExportsAsyncAtOneEngineAtOneTwoAndRuntimeAtZeroThree() {
        Map<String, Version> exports = new HashMap<>();
        for (BundleCapability export : bundle("org.enginetls.api").adapt(BundleRevision.class)
                .getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            exports.put((String) export.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE),
                    (Version) export.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE));
        }
        // runtime 0.2 since engines report their health (CryptoEngine.health(), EngineDTO.properties), 0.3 since
        // EngineDTO.healthReason; engine 1.2 since ConfigurationValues and FailedEngine
        assertEquals(Map.of("org.enginetls.async", new Version(1, 0, 0), "org.enginetls.engine", new Version(1, 2, 0),
                "org.enginetls.runtime", new Version(0, 3, 0)), exports);
    }

    private Provider providerService() throws Exception {
        Collection<ServiceReference<Provider>> references = context.getServiceReferences(Provider.class, PROVIDER_FILTER);
        assertEquals("Provider services named EngineTLS", 1, references.size());
        ServiceReference<Provider> reference = references.iterator().next();
        try {
            return context.getService(reference);
        } finally {
            context.ungetService(reference);
        }
    }

    /** Declarative Services may activate the component on another thread: wait for it, bounded. */
    private Provider awaitProviderService() throws Exception {
        ServiceTracker<Provider, Provider> tracker =
                new ServiceTracker<>(context, context.createFilter("(&(objectClass=java.security.Provider)" + PROVIDER_FILTER + ")"), null);
        tracker.open();
        try {
            return tracker.waitForService(10_000);
        } finally {
            tracker.close();
        }
    }

    private Bundle providerBundle() {
        return bundle("org.enginetls.provider");
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }
}
