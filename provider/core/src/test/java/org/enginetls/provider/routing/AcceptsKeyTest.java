package org.enginetls.provider.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineKey;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.EngineStatistics;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.DelegatingEngine;
import org.enginetls.provider.testing.LogCapture;
import org.enginetls.provider.testing.PlainSignRequest;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * {@link CryptoEngine#accepts} is asked for every key, an {@link EngineKey} included (of its owner only): an owner
 * that refuses its handle fails the operation without another engine seeing it, and an engine whose check throws is
 * passed over, with the exception as its last error, logged once.
 */
public class AcceptsKeyTest {

    private static final String ALGORITHM = "SHA256withECDSA";
    private static final byte[] DATA = {1, 2, 3};

    /** A handle to a key inside the engine named {@code engineId}. */
    private record KeyHandle(String engineId) implements EngineKey {
        @Override
        public String getAlgorithm() {
            return "EC";
        }
    }

    /** A software engine whose key check is the test's to decide; it counts the checks and the signatures. */
    private static final class JudgingEngine extends DelegatingEngine {
        private final Predicate<Key> check;
        final AtomicInteger checks = new AtomicInteger();
        final AtomicInteger signs = new AtomicInteger();

        JudgingEngine(String id, Predicate<Key> check) throws Exception {
            super(id, CountingEngine.software());
            this.check = check;
        }

        @Override
        public boolean accepts(Key key) {
            checks.incrementAndGet();
            return check.test(key);
        }

        @Override
        public CompletionStage<byte[]> sign(SignRequest request) {
            signs.incrementAndGet();
            return super.sign(request);
        }
    }

    private final ProviderCore core = new ProviderCore(new ProviderSettings(false, RouterSettings.DEFAULTS));
    @Rule
    public final LogCapture log = new LogCapture("org.enginetls.provider.impl.crypto.Candidates");
    private KeyPair keys;

    @Before
    public void generateKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
    }

    private byte[] sign(PrivateKey key) throws Exception {
        return core.router().submit(OperationKind.SIGN, ALGORITHM, key,
                (engine, wait) -> engine.sign(new PlainSignRequest(ALGORITHM, key, DATA, wait)));
    }

    @Test
    public void throwingKeyCheckPassesThePortableKeyOnAndIsRecordedAndLoggedOnce() throws Exception {
        JudgingEngine broken = new JudgingEngine("broken", key -> {
            throw new IllegalStateException("key table not loaded");
        });
        CountingEngine next = CountingEngine.overSoftware("next");
        core.registry().add(broken, 200, EngineOrigin.CLASS_PATH);
        core.registry().add(next, 100, EngineOrigin.CLASS_PATH);

        sign(keys.getPrivate());
        sign(keys.getPrivate());

        assertEquals("both operations went to the next engine", 2, next.count(OperationKind.SIGN));
        assertEquals(0, broken.signs.get());
        assertEquals("asked each time", 2, broken.checks.get());
        EngineStatistics statistics = core.registry().find("broken").statistics();
        assertEquals("key table not loaded", statistics.lastError());
        assertEquals("no operation ran on it", 0, statistics.failedCount());
        List<LogRecord> warnings = log.records().stream().filter(record -> record.getLevel() == Level.WARNING).toList();
        assertEquals("logged once", 1, warnings.size());
        assertTrue(warnings.get(0).getMessage(), warnings.get(0).getMessage().contains("'broken'"));
        assertEquals("key table not loaded", warnings.get(0).getThrown().getMessage());
    }

    @Test
    public void ownerThatRefusesItsEngineKeyFailsTheOperationWithoutAnotherEngine() throws Exception {
        JudgingEngine owner = new JudgingEngine("hsm", key -> false);
        CountingEngine other = CountingEngine.overSoftware("other");
        core.registry().add(owner, 100, EngineOrigin.CLASS_PATH);
        core.registry().add(other, 200, EngineOrigin.CLASS_PATH);

        InvalidKeyException refused = assertThrows(InvalidKeyException.class, () -> sign(new KeyHandle("hsm")));

        assertTrue(refused.getMessage(), refused.getMessage().contains("'hsm' that holds this key does not accept it"));
        assertEquals("the owner was asked", 1, owner.checks.get());
        assertEquals(0, owner.signs.get());
        assertEquals("no other engine saw the handle", 0, other.count(OperationKind.SIGN));
    }

    @Test
    public void ownerWhoseKeyCheckThrowsRefusesItsEngineKeyAndTheCauseIsRecorded() throws Exception {
        JudgingEngine owner = new JudgingEngine("hsm", key -> {
            throw new IllegalStateException("token session closed");
        });
        CountingEngine other = CountingEngine.overSoftware("other");
        core.registry().add(owner, 100, EngineOrigin.CLASS_PATH);
        core.registry().add(other, 200, EngineOrigin.CLASS_PATH);

        assertThrows(InvalidKeyException.class, () -> sign(new KeyHandle("hsm")));

        assertEquals("token session closed", core.registry().find("hsm").statistics().lastError());
        assertEquals(1, log.records().size());
        assertEquals("no other engine saw the handle", 0, other.count(OperationKind.SIGN));
    }
}
