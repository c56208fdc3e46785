package org.enginetls.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.enginetls.engine.OperationKind;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.ProviderInternals;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.runtime.EngineState;
import org.junit.After;
import org.junit.Test;

/**
 * Configuration on a plain class path (system properties prefixed org.enginetls.engine.pool.,
 * ServiceLoader) and the same keys as Configuration Admin passes them.
 */
public class PoolConfigurationTest {

    private static final List<String> KEYS = List.of("threads", "queue.capacity", "ranking", "operations", "drain.ms");

    private PoolEngine pool;

    @After
    public void clearProperties() throws InterruptedException {
        KEYS.forEach(key -> System.clearProperty(PoolSettings.PID + "." + key));
        if (pool != null) {
            pool.close();
            assertTrue(Threads.awaitNoneNamed(pool.threadNamePrefix()));
        }
    }

    @Test
    public void systemPropertiesConfigureTheEngineThatServiceLoaderFinds() {
        System.setProperty(PoolSettings.PID + ".threads", "3");
        System.setProperty(PoolSettings.PID + ".queue.capacity", "5");
        System.setProperty(PoolSettings.PID + ".ranking", "-7");
        System.setProperty(PoolSettings.PID + ".operations", "sign, decrypt");

        EngineTlsProvider classPath = new EngineTlsProvider(Map.of("classPathEngines", "pool"));
        pool = (PoolEngine) ProviderInternals.core(classPath).registry().find(PoolEngine.ID).engine();

        assertEquals(new PoolSettings(3, 5, -7, EnumSet.of(OperationKind.SIGN, OperationKind.DECRYPT),
                PoolSettings.DEFAULT_DRAIN_MILLIS), pool.settings());
        assertEquals(-7, pool.ranking());
        assertEquals(EnumSet.of(OperationKind.SIGN, OperationKind.DECRYPT), pool.capabilities().kinds());
        Map<String, Object> figures = pool.health().details();
        assertEquals(3, figures.get("threads"));
        assertEquals(3, figures.get("threads.alive"));
        assertEquals(5, figures.get("queue.capacity"));
        assertEquals("worker threads are named after their pool: " + Threads.named("enginetls-pool-"),
                3, Threads.named(pool.threadNamePrefix()).size());
        assertTrue(pool.threadNamePrefix(), pool.threadNamePrefix().matches("enginetls-pool-\\d+-worker-"));
    }

    @Test
    public void classPathProviderSignsThroughThePoolConfiguredBySystemProperties() throws Exception {
        System.setProperty(PoolSettings.PID + ".threads", "1");
        System.setProperty(PoolSettings.PID + ".operations", "sign");
        EngineTlsProvider classPath = new EngineTlsProvider();
        pool = (PoolEngine) ProviderInternals.core(classPath).registry().find(PoolEngine.ID).engine();
        TlsPeers peers = new TlsPeers(classPath);
        SSLContext server = peers.server("TLSv1.3", TestPki.leaf(KeyType.RSA_2048));

        TlsPeers.pair(peers.client("TLSv1.3"), server).handshake();

        assertEquals(1, pool.settings().threads());
        assertEquals(1, pool.completions(OperationKind.SIGN));
        assertEquals(pool.completions(), pool.completions(OperationKind.SIGN));
    }

    @Test
    public void badSystemPropertyListsThePoolFailedAndTheProviderStillHandshakes() throws Exception {
        System.setProperty(PoolSettings.PID + ".threads", "abc");

        EngineTlsProvider classPath = new EngineTlsProvider();

        RegisteredEngine listed = ProviderInternals.core(classPath).registry().find(PoolEngine.ID);
        assertEquals(EngineState.FAILED, listed.state());
        assertEquals("cannot create the engine pool: org.enginetls.engine.pool.threads = 'abc'"
                + " is not allowed: a whole number from 0 to 1024", listed.stateReason());
        TlsPeers peers = new TlsPeers(classPath);
        SSLContext server = peers.server("TLSv1.3", TestPki.leaf(KeyType.RSA_2048));
        TlsPeers.pair(peers.client("TLSv1.3"), server).handshake();
        assertEquals("the software engine signed", EngineState.ACTIVE,
                ProviderInternals.core(classPath).registry().find("software").state());
        assertTrue(ProviderInternals.core(classPath).registry().find("software").statistics().completedCount() > 0);
    }

    @Test
    public void configurationAdminValuesOfAnyTypeAreRead() {
        PoolSettings settings = PoolSettings.from(Map.of("threads", 2, "queue.capacity", 0, "ranking", 250,
                "operations", "agree,keygen", "drain.ms", 10L));

        assertEquals(new PoolSettings(2, 0, 250, EnumSet.of(OperationKind.AGREE, OperationKind.KEYGEN), 10), settings);
    }

    @Test
    public void defaultsAreOneThreadPerProcessorAndEveryAsymmetricKind() {
        PoolSettings settings = PoolSettings.from(Map.of());

        assertEquals(Runtime.getRuntime().availableProcessors(), settings.threads());
        assertEquals(256, settings.queueCapacity());
        assertEquals(100, settings.ranking());
        assertEquals(EnumSet.of(OperationKind.SIGN, OperationKind.VERIFY, OperationKind.AGREE, OperationKind.KEYGEN,
                OperationKind.DECRYPT, OperationKind.ENCRYPT), settings.operations());
    }

    @Test
    public void badValuesAreRejectedNamingTheKey() {
        assertMessage("'threads' of configuration org.enginetls.engine.pool = 'many' is not allowed:"
                + " a whole number from 0 to 1024", Map.of("threads", "many"));
        assertMessage("'queue.capacity' of configuration org.enginetls.engine.pool = '-1' is not allowed:"
                + " a whole number, at least 0", Map.of("queue.capacity", "-1"));
        assertMessage("'operations' of configuration org.enginetls.engine.pool = 'sign,cipher' is not allowed:"
                + " a comma-separated list of agree, decrypt, encrypt, keygen, sign, verify",
                Map.of("operations", "sign,cipher"));
        assertMessage("'drain.ms' of configuration org.enginetls.engine.pool = '1.5' is not allowed:"
                + " a whole number from 0 to 600000", Map.of("drain.ms", "1.5"));
    }

    private static void assertMessage(String message, Map<String, ?> config) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> PoolSettings.from(config)).getMessage());
    }
}
