package org.enginetls.provider.engines;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.enginetls.engine.ConfigurationValues;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.EngineFactory;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ClassPathSettings;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.engines.ClassPathEngines;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.provider.interop.CountingSignEngine;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineState;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A class-path engine made by its {@link EngineFactory} gets the settings its provider instance was given
 * ({@code engine.<id>.<key>}), each key not given read from its system property; {@code classPathEngines} names the
 * engines to add; an engine id or key that nothing takes is rejected, never dropped silently.
 */
public class ClassPathEngineSettingsTest {

    private static final String PID = EngineFactory.PID_PREFIX + "sized";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final List<String> rejected = new ArrayList<>();

    @After
    public void clearProperties() {
        System.clearProperty(PID + ".size");
        System.clearProperty(PID + ".ranking");
    }

    @Test
    public void givenSettingsConfigureEachInstanceAndSystemPropertiesFillTheRest() throws Exception {
        System.setProperty(PID + ".size", "2");
        System.setProperty(PID + ".ranking", "7");

        ProviderCore three = load(Set.of(), Map.of("sized", Map.of("size", "3")));
        ProviderCore five = load(Set.of(), Map.of("sized", Map.of("size", 5)));

        assertEquals(EngineState.ACTIVE, three.registry().find("sized-3").state());
        assertEquals(EngineState.ACTIVE, five.registry().find("sized-5").state());
        assertEquals("the ranking not given comes from its system property", 7,
                five.registry().find("sized-5").engine().ranking());
        assertEquals(List.of(), rejected);
    }

    @Test
    public void withoutGivenSettingsTheEngineReadsItsSystemProperties() throws Exception {
        System.setProperty(PID + ".size", "4");

        ProviderCore core = load(Set.of(), Map.of());

        assertEquals(EngineState.ACTIVE, core.registry().find("sized-4").state());
        assertEquals("a listed CryptoEngine is added too", EngineState.ACTIVE,
                core.registry().find("counting-sign").state());
    }

    @Test
    public void aListAddsOnlyTheNamedEnginesAndListsAMissingOneFailed() throws Exception {
        ProviderCore core = load(Set.of("sized", "absent"), Map.of());

        assertEquals(EngineState.ACTIVE, core.registry().find("sized-1").state());
        RegisteredEngine absent = core.registry().find("absent");
        assertEquals(EngineState.FAILED, absent.state());
        assertTrue(absent.stateReason(), absent.stateReason().contains("no org.enginetls.engine.EngineFactory with the id 'absent'"));
        assertNull("a listed CryptoEngine is not named, so not added", core.registry().find("counting-sign"));
    }

    @Test
    public void aKeyTheEngineDoesNotHaveAndSettingsForAnEngineNotAddedAreRejected() throws Exception {
        ProviderCore core = load(Set.of("sized"), Map.of("sized", Map.of("size", "6", "colour", "red"),
                "other", Map.of("size", "1")));

        assertEquals(EngineState.ACTIVE, core.registry().find("sized-6").state());
        assertEquals(2, rejected.size());
        assertTrue(rejected.get(0), rejected.get(0).startsWith("'engine.sized.colour' is not a setting of the engine sized"));
        assertTrue(rejected.get(1), rejected.get(1).startsWith("settings are given for the engine 'other'"));
    }

    @Test
    public void aValueNotAllowedListsTheEngineFailedUnderItsIdWithTheReason() throws Exception {
        ProviderCore core = load(Set.of(), Map.of("sized", Map.of("size", "abc")));

        RegisteredEngine sized = core.registry().find("sized");
        assertEquals(EngineState.FAILED, sized.state());
        assertEquals("cannot create the engine sized: 'size' of configuration " + PID
                + " = 'abc' is not allowed: a whole number from 1 to 8", sized.stateReason());
    }

    @Test
    public void theProviderMapSeparatesEngineChoiceAndEngineSettings() {
        ClassPathSettings settings = ClassPathSettings.from(Map.of("classPathEngines", "openssl, pool",
                "engine.openssl.aesGcm", "true", "engine.pool.queue.capacity", 8));

        assertTrue(settings.classPathEngines());
        assertEquals(Set.of("openssl", "pool"), settings.engineIds());
        assertEquals(Map.of("openssl", Map.of("aesGcm", "true"), "pool", Map.of("queue.capacity", 8)),
                settings.engineSettings());
        assertFalse(ClassPathSettings.from(Map.of("classPathEngines", "false")).classPathEngines());
        assertEquals(Set.of(), ClassPathSettings.from(Map.of("classPathEngines", "TRUE")).engineIds());
    }

    @Test
    public void theFrontDoorListsAnEngineItCannotFindFailedAndWorksOn() {
        EngineTlsProvider provider = new EngineTlsProvider(Map.of("classPathEngines", "nonesuch"));

        EngineDTO nonesuch = provider.runtime().getEngine("nonesuch").orElseThrow();
        assertEquals(EngineState.FAILED, nonesuch.state);
        assertEquals(EngineState.ACTIVE, provider.runtime().getEngine("software").orElseThrow().state);
    }

    private ProviderCore load(Set<String> ids, Map<String, Map<String, ?>> settings) throws Exception {
        ProviderCore core = new ProviderCore(ProviderSettings.DEFAULTS);
        ClassPathEngines.load(classLoader(), core.registry(), ids, settings,
                rejection -> rejected.add(rejection.getMessage()));
        return core;
    }

    /** A class loader over the test classes listing {@link SizedFactory} and a plain {@link CountingSignEngine}. */
    private ClassLoader classLoader() throws Exception {
        Path root = folder.newFolder().toPath();
        Path services = Files.createDirectories(root.resolve("META-INF/services"));
        Files.writeString(services.resolve(EngineFactory.class.getName()), SizedFactory.class.getName() + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(services.resolve(CryptoEngine.class.getName()), CountingSignEngine.class.getName() + "\n",
                StandardCharsets.UTF_8);
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, getClass().getClassLoader());
    }

    /** Makes engines named after their {@code size} (1 to 8), ranked by {@code ranking}. */
    public static final class SizedFactory implements EngineFactory {

        @Override
        public String id() {
            return "sized";
        }

        @Override
        public Set<String> keys() {
            return Set.of("size", "ranking");
        }

        @Override
        public CryptoEngine create(ConfigurationValues configuration) {
            int size = configuration.integer("size", 1, 1, 8);
            int ranking = configuration.integer("ranking", 10, Integer.MIN_VALUE, Integer.MAX_VALUE);
            return new CryptoEngine() {
                @Override
                public String id() {
                    return "sized-" + size;
                }

                @Override
                public int ranking() {
                    return ranking;
                }

                @Override
                public EngineCapabilities capabilities() {
                    return EngineCapabilities.builder().build();
                }
            };
        }
    }
}
