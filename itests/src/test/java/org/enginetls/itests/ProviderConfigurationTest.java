package org.enginetls.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.fail;

import java.security.KeyManagementException;
import java.security.Provider;
import java.security.Security;
import java.util.Dictionary;
import java.util.Hashtable;

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
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The provider's configuration (PID org.enginetls.provider) through Configuration Admin, applied to the running
 * provider: the same instance stays registered.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProviderConfigurationTest {

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
        ProviderConfigurations.delete(context, configurationAdmin);
    }

    @Test
    public void positionOneMovesTheRunningProviderFirst() throws Exception {
        Provider before = Security.getProvider("EngineTLS");

        Provider provider = configure("position", 1);

        assertSame("the provider was not re-created", before, provider);
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

    /** Applies one configuration property and returns the provider service once it shows the new value. */
    private Provider configure(String key, Object value) throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(key, value);
        Provider provider = ProviderConfigurations.update(context, configurationAdmin, properties, key, value);
        assertEquals(1, context.getServiceReferences(Provider.class, "(provider.name=EngineTLS)").size());
        return provider;
    }
}
