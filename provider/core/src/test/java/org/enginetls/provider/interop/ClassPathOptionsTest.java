package org.enginetls.provider.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.ProviderInternals;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.engines.RegistrySettings;
import org.junit.After;
import org.junit.Test;

/** What system properties give a provider made on a plain class path: engine MBeans on request, registry settings. */
public class ClassPathOptionsTest {

    private static final ObjectName SOFTWARE_MBEAN = name("org.enginetls:type=Engine,name=software");

    private final MBeanServer platform = ManagementFactory.getPlatformMBeanServer();

    @After
    public void clearProperties() throws Exception {
        System.clearProperty(EngineTlsProvider.JMX_PROPERTY);
        System.clearProperty(ProviderSettings.DRAIN_TIMEOUT_PROPERTY);
        System.clearProperty(ProviderSettings.ENGINE_PREFERENCE_PROPERTY);
        if (platform.isRegistered(SOFTWARE_MBEAN)) {
            platform.unregisterMBean(SOFTWARE_MBEAN);
        }
    }

    @Test
    public void classPathProviderRegistersNoMBeanUnasked() {
        new EngineTlsProvider();

        assertFalse(platform.isRegistered(SOFTWARE_MBEAN));
    }

    @Test
    public void classPathProviderRegistersEngineMBeansOnThePlatformServerWhenAsked() throws Exception {
        System.setProperty(EngineTlsProvider.JMX_PROPERTY, "true");

        new EngineTlsProvider();

        assertTrue(platform.isRegistered(SOFTWARE_MBEAN));
        assertEquals("ACTIVE", platform.getAttribute(SOFTWARE_MBEAN, "State"));
    }

    @Test
    public void drainTimeoutAndPreferenceListComeFromSystemProperties() {
        System.setProperty(ProviderSettings.DRAIN_TIMEOUT_PROPERTY, "750");
        System.setProperty(ProviderSettings.ENGINE_PREFERENCE_PROPERTY, "pkcs11, dasync,,software");

        RegistrySettings registry = ProviderSettings.fromSystemProperties().registry();

        assertEquals(750, registry.drainTimeoutMillis());
        assertEquals(List.of("pkcs11", "dasync", "software"), registry.enginePreference());
        assertEquals(750, ProviderInternals.core(new EngineTlsProvider()).registry().settings().drainTimeoutMillis());
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
