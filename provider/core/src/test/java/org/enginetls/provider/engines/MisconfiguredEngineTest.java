package org.enginetls.provider.engines;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineHealth;
import org.enginetls.engine.FailedEngine;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.engines.ClassPathEngines;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.provider.interop.CountingSignEngine;
import org.enginetls.provider.testing.LogCapture;
import org.enginetls.runtime.EngineState;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * An engine that cannot start — its constructor rejects a setting, or it says it cannot work — is listed FAILED with
 * its reason from the moment it arrives, the failure is logged once per reason, and the other engines keep working.
 */
public class MisconfiguredEngineTest {

    private static final String REJECTING = "org.enginetls.provider.interop.SettingRejectingEngine";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Rule
    public final LogCapture log = new LogCapture("org.enginetls.engines");
    private ProviderCore core;

    @Before
    public void makeCore() {
        core = new ProviderCore(ProviderSettings.DEFAULTS);
    }

    @After
    public void release() {
        System.clearProperty("org.enginetls.engine.rejecting.threads");
    }

    @Test
    public void serviceLoaderEngineWhoseConstructorRejectsASettingIsListedFailedWithTheMessage() throws Exception {
        System.setProperty("org.enginetls.engine.rejecting.threads", "abc");

        ClassPathEngines.load(classLoaderListing(REJECTING, CountingSignEngine.class.getName()), core.registry());

        RegisteredEngine rejected = core.registry().find(REJECTING);
        assertEquals(EngineState.FAILED, rejected.state());
        assertEquals("cannot create the engine " + REJECTING + ": org.enginetls.engine.rejecting.threads = 'abc'"
                + " is not allowed: a whole number from 1 to 8", rejected.stateReason());
        assertEquals(EngineState.ACTIVE, core.registry().find("counting-sign").state());
        assertEquals(EngineState.ACTIVE, core.registry().find("software").state());
        assertEquals("only the active engines route", List.of("counting-sign", "software"),
                List.of(core.registry().routable()).stream().map(RegisteredEngine::id).toList());
    }

    @Test
    public void serviceLoaderEngineWithAGoodSettingIsActive() throws Exception {
        System.setProperty("org.enginetls.engine.rejecting.threads", "3");

        ClassPathEngines.load(classLoaderListing(REJECTING), core.registry());

        assertEquals(EngineState.ACTIVE, core.registry().find("rejecting-3").state());
    }

    @Test
    public void engineThatCannotWorkIsFailedFromItsArrivalAndLoggedOnce() throws Exception {
        core.registry().add(new FailedEngine("pool", 100, "org.enginetls.engine.pool.threads = 'abc' is not allowed"),
                100, EngineOrigin.CLASS_PATH);

        RegisteredEngine pool = core.registry().find("pool");
        assertEquals(EngineState.FAILED, pool.state());
        poll();
        poll();

        List<String> warnings = warnings();
        assertEquals(warnings.toString(), 1, warnings.size());
        assertTrue(warnings.get(0), warnings.get(0).contains("'pool' FAILED: org.enginetls.engine.pool.threads = 'abc'"));
    }

    @Test
    public void aNewReasonAndARecoveryAreLoggedAgain() throws Exception {
        ChangingHealthEngine token = new ChangingHealthEngine();
        token.health = EngineHealth.failed("the token 'web' rejected the PIN");
        core.registry().add(token, 200, EngineOrigin.CLASS_PATH);
        token.health = EngineHealth.failed("cannot open the token 'web'");
        poll();
        poll();
        token.health = EngineHealth.AVAILABLE;
        poll();

        List<String> warnings = warnings();
        assertEquals(warnings.toString(), 2, warnings.size());
        assertTrue(warnings.get(0), warnings.get(0).contains("rejected the PIN"));
        assertTrue(warnings.get(1), warnings.get(1).contains("cannot open the token 'web'"));
        assertTrue(log.records().stream().anyMatch(record -> record.getLevel() == Level.INFO
                && formatted(record).contains("'token' is ACTIVE")));
    }

    private void poll() throws Exception {
        core.registry().health().poll().get(10, TimeUnit.SECONDS);
    }

    private List<String> warnings() {
        return log.records().stream().filter(record -> record.getLevel() == Level.WARNING).map(MisconfiguredEngineTest::formatted)
                .toList();
    }

    private static String formatted(LogRecord record) {
        return new java.util.logging.SimpleFormatter().formatMessage(record);
    }

    /** A class loader over the test classes whose services file lists {@code engines}. */
    private ClassLoader classLoaderListing(String... engines) throws Exception {
        Path root = folder.newFolder().toPath();
        Path services = root.resolve("META-INF/services/" + CryptoEngine.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, String.join("\n", engines) + "\n", StandardCharsets.UTF_8);
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, getClass().getClassLoader());
    }

    /** An engine whose health the test sets. */
    private static final class ChangingHealthEngine implements CryptoEngine {
        volatile EngineHealth health = EngineHealth.AVAILABLE;

        @Override
        public String id() {
            return "token";
        }

        @Override
        public org.enginetls.engine.EngineCapabilities capabilities() {
            return org.enginetls.engine.EngineCapabilities.builder().build();
        }

        @Override
        public EngineHealth health() {
            return health;
        }
    }
}
