package org.enginetls.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.fail;

import java.security.KeyManagementException;
import java.security.Provider;
import java.security.Security;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.service.cm.ConfigurationAdmin;

/** The provider's configuration (PID org.enginetls.provider) through Configuration Admin. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProviderConfigurationTest {

    private static final String PID = "org.enginetls.provider";
    private static final String PROVIDER_SERVICE = "(&(objectClass=java.security.Provider)(provider.name=EngineTLS))";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] configuration() {
        return Frameworks.engineTls();
    }

    @After
    public void restoreDefaults() throws Exception {
        republished(() -> configurationAdmin.getConfiguration(PID, "?").delete());
    }

    @Test
    public void positionOneInsertsEngineTlsFirst() throws Exception {
        Provider provider = configure("position", 1);
        assertSame(provider, Security.getProviders()[0]);
        assertSame(provider, Security.getProvider("EngineTLS"));
        Handshakes.tls13ThroughEngineTls();
    }

    @Test
    public void withoutSoftwareEngineAndWithoutEnginesHandshakeFailsClosed() throws Exception {
        configure("softwareEngine", false);
        try {
            Handshakes.tls13ThroughEngineTls();
            fail("a handshake succeeded with no engine to do its crypto");
        } catch (KeyManagementException expected) {
            // no engine offers what BCJSSE needs (SHA-512 is the first it asks for): EngineTLS must not
            // fall back to any other provider
        }
    }

    /** Applies one configuration property and returns the provider the reactivated component publishes. */
    private Provider configure(String key, Object value) throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(key, value);
        Provider provider = republished(() -> configurationAdmin.getConfiguration(PID, "?").update(properties));
        assertNotNull(provider);
        assertEquals(1, context.getServiceReferences(Provider.class, "(provider.name=EngineTLS)").size());
        return provider;
    }

    private interface Change {
        void apply() throws Exception;
    }

    /**
     * Runs {@code change} and waits (bounded) until the component publishes its provider again:
     * Configuration Admin hands changes to Declarative Services on its own thread.
     */
    private Provider republished(Change change) throws Exception {
        CountDownLatch registered = new CountDownLatch(1);
        AtomicReference<Provider> provider = new AtomicReference<>();
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                provider.set((Provider) context.getService(event.getServiceReference()));
                context.ungetService(event.getServiceReference());
                registered.countDown();
            }
        };
        context.addServiceListener(listener, PROVIDER_SERVICE);
        try {
            change.apply();
            if (!registered.await(10, TimeUnit.SECONDS)) {
                fail("the provider was not published again within 10 s of the configuration change");
            }
            return provider.get();
        } finally {
            context.removeServiceListener(listener);
        }
    }
}
