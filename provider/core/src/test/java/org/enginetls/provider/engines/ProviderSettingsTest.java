package org.enginetls.provider.engines;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.ProviderInternals;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.testing.LogCapture;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/**
 * The provider's own keys, as system properties and as Configuration Admin values: a value that is not allowed is
 * logged once naming the key, the value and what is allowed, its default is used, and the provider is made.
 */
public class ProviderSettingsTest {

    @Rule
    public final LogCapture log = new LogCapture(ProviderSettings.class.getName());

    @After
    public void release() {
        List.of("softwareEngine", "drainTimeoutMillis", "operationTimeoutMillis")
                .forEach(key -> System.clearProperty(ProviderSettings.PID + "." + key));
    }

    @Test
    public void badSystemPropertiesAreLoggedByNameAndTheProviderUsesTheDefaults() {
        System.setProperty(ProviderSettings.SOFTWARE_ENGINE_PROPERTY, "maybe");
        System.setProperty(ProviderSettings.DRAIN_TIMEOUT_PROPERTY, "-5");
        System.setProperty(ProviderSettings.PID + ".operationTimeoutMillis", "5s");

        EngineTlsProvider provider = new EngineTlsProvider();

        ProviderSettings settings = ProviderInternals.core(provider).settings();
        assertTrue(settings.softwareEngine());
        assertEquals(2000, settings.registry().drainTimeoutMillis());
        assertEquals(TimeUnit.SECONDS.toNanos(5), settings.router().operationTimeoutNanos());
        assertEquals(List.of(
                "EngineTLS ignores a setting and uses its default: org.enginetls.provider.softwareEngine = 'maybe' is not"
                        + " allowed: true or false",
                "EngineTLS ignores a setting and uses its default: org.enginetls.provider.operationTimeoutMillis = '5s' is"
                        + " not allowed: a whole number from 1 to 600000",
                "EngineTLS ignores a setting and uses its default: org.enginetls.provider.drainTimeoutMillis = '-5' is not"
                        + " allowed: a whole number from 0 to 600000"), log.messages(Level.WARNING));
    }

    @Test
    public void configurationAdminValuesOfAnyTypeAreReadAndBadOnesNamedByPid() {
        ProviderSettings good = ProviderSettings.from(Map.of("softwareEngine", Boolean.FALSE, "operationTimeoutMillis", 250L,
                "enginePreference", new String[] {"pkcs11", "dasync,pool"}));
        assertEquals(false, good.softwareEngine());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(250), good.router().operationTimeoutNanos());
        assertEquals(List.of("pkcs11", "dasync", "pool"), good.registry().enginePreference());
        assertEquals(3, ProviderSettings.position(Map.of("position", 3)));
        assertEquals(List.of(), log.messages(Level.WARNING));

        assertEquals(0, ProviderSettings.position(Map.of("position", "first")));
        assertEquals(List.of("EngineTLS ignores a setting and uses its default: 'position' of configuration"
                + " org.enginetls.provider = 'first' is not allowed: a whole number"), log.messages(Level.WARNING));
    }

    @Test
    public void theHealthPollPeriodIsASettingAndABadOneIsLoggedByName() {
        ProviderSettings every50 = ProviderSettings.from(Map.of("healthPollMillis", 50L));
        assertEquals(50, every50.registry().healthPollMillis());
        assertEquals(1000, ProviderSettings.from(Map.of()).registry().healthPollMillis());
        assertEquals(List.of(), log.messages(Level.WARNING));

        ProviderSettings zero = ProviderSettings.from(Map.of("healthPollMillis", 0));

        assertEquals(1000, zero.registry().healthPollMillis());
        assertEquals(List.of("EngineTLS ignores a setting and uses its default: 'healthPollMillis' of configuration"
                + " org.enginetls.provider = '0' is not allowed: a whole number from 1 to 3600000"), log.messages(Level.WARNING));
    }
}
