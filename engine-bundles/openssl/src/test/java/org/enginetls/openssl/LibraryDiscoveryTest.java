package org.enginetls.openssl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.enginetls.engine.EngineHealth;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.runtime.EngineState;
import org.enginetls.testing.EngineCalls;
import org.junit.Test;

/**
 * Where libcrypto comes from: the loader's {@code libcrypto.so.3} by default, a path when configured;
 * a library that is missing or is not OpenSSL 3 leaves the engine failed with the reason, and the
 * provider works on with the other engines.
 */
public class LibraryDiscoveryTest {

    @Test
    public void theDefaultIsTheLoadersLibcryptoSo3() {
        OpenSslEngine engine = new OpenSslEngine(OpenSslSettings.defaults());
        EngineHealth health = engine.health();
        assertTrue(health.reason(), health.available());
        assertEquals("libcrypto.so.3", health.details().get("library"));
        assertFalse(engine.capabilities().kinds().isEmpty());
    }

    @Test
    public void aMissingLibraryFailsTheEngineWithTheReason() {
        OpenSslEngine engine = new OpenSslEngine(new OpenSslSettings("/nonexistent/libcrypto.so.3", 50));
        EngineHealth health = engine.health();
        assertFalse(health.available());
        assertTrue(health.reason(), health.reason().contains("/nonexistent/libcrypto.so.3"));
        assertTrue(health.reason(), health.reason().contains("set 'library'"));
        assertTrue("declares nothing", engine.capabilities().kinds().isEmpty());
        try {
            engine.sign(new EngineCalls.Sign("SHA256withECDSA", null, TestPki.leaf(TestPki.KeyType.EC_P256).key(), new byte[1]))
                    .toCompletableFuture().join();
            fail("signed without a library");
        } catch (CompletionException e) {
            assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof EngineUnavailableException);
        }
    }

    @Test
    public void aLibraryThatIsNotOpenSsl3FailsTheEngineNamingTheMissingFunction() {
        EngineHealth health = new OpenSslEngine(new OpenSslSettings("libz.so.1", 50)).health();
        assertFalse(health.available());
        assertTrue(health.reason(), health.reason().contains("OpenSSL_version_num") || health.reason().contains("cannot load"));
    }

    @Test
    public void theProviderHandshakesOnTheSoftwareEngineWhenTheLibraryIsMissing() throws Exception {
        ProviderCore core = new ProviderCore(ProviderSettings.DEFAULTS);
        OpenSslEngine broken = new OpenSslEngine(new OpenSslSettings("/nonexistent/libcrypto.so.3", 50));
        core.registry().add(broken, broken.ranking(), EngineOrigin.CLASS_PATH);
        core.registry().health().poll().get(10, TimeUnit.SECONDS);
        assertEquals(EngineState.FAILED, core.registry().find(OpenSslEngine.ID).state());
        TlsPeers peers = new TlsPeers(new EngineTlsProvider(core));
        TlsPeers.pair(peers.client("TLSv1.3"), peers.server("TLSv1.3", TestPki.leaf(TestPki.KeyType.EC_P256)))
                .handshake().roundTrip("hello");
        assertEquals(0, broken.submissions());
    }

    @Test
    public void settingsComeFromConfigurationOrSystemProperties() {
        assertEquals(new OpenSslSettings("/opt/openssl/lib64/libcrypto.so.3", 75),
                OpenSslSettings.from(Map.of("library", "/opt/openssl/lib64/libcrypto.so.3", "ranking", 75)));
        assertEquals(OpenSslSettings.defaults(), OpenSslSettings.from(Map.of()));
        System.setProperty(OpenSslSettings.PID + ".ranking", "7");
        try {
            assertEquals(7, OpenSslSettings.fromSystemProperties().ranking());
            assertEquals("libcrypto.so.3", OpenSslSettings.fromSystemProperties().library());
        } finally {
            System.clearProperty(OpenSslSettings.PID + ".ranking");
        }
        try {
            OpenSslSettings.from(Map.of("ranking", "high"));
            fail("a ranking that is no number");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("ranking"));
        }
    }
}
