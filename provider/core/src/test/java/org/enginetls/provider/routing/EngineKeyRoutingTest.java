package org.enginetls.provider.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineHealth;
import org.enginetls.engine.EngineKey;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.CryptoRouter;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.DelegatingEngine;
import org.enginetls.provider.testing.PlainSignRequest;
import org.junit.Before;
import org.junit.Test;

/**
 * An {@link EngineKey} is signed with only by the engine that holds it, whatever the rankings, and
 * fails clearly when that engine is gone; a portable key goes to the best-ranked engine.
 */
public class EngineKeyRoutingTest {

    private static final String ALGORITHM = "SHA256withECDSA";
    private static final byte[] DATA = "to be signed".getBytes(StandardCharsets.UTF_8);

    /** A handle to a key inside the engine named {@code engineId}. */
    private record KeyHandle(String engineId) implements EngineKey {
        @Override
        public String getAlgorithm() {
            return "EC";
        }
    }

    /** An engine holding one private key, known to the outside only by its handle (as in an HSM). */
    private static final class KeyHoldingEngine extends DelegatingEngine {
        private final KeyPair pair;
        private volatile EngineHealth health = EngineHealth.AVAILABLE;

        @Override
        public EngineHealth health() {
            return health;
        }

        KeyHoldingEngine(String id, CryptoEngine delegate, KeyPair pair) {
            super(id, delegate);
            this.pair = pair;
        }

        @Override
        public CompletionStage<byte[]> sign(SignRequest request) {
            PrivateKey key = request.key() instanceof KeyHandle handle && handle.engineId().equals(id())
                    ? pair.getPrivate() : request.key();
            return super.sign(new PlainSignRequest(request.algorithm(), key, request.data(), request.waitContext()));
        }
    }

    private ProviderCore core;
    private CountingEngine preferred;
    private KeyHoldingEngine holder;
    private KeyPair held;

    @Before
    public void registerEngines() throws Exception {
        core = new ProviderCore(ProviderSettings.DEFAULTS);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        held = generator.generateKeyPair();
        preferred = CountingEngine.overSoftware("preferred");
        holder = new KeyHoldingEngine("hsm", CountingEngine.software(), held);
        core.registry().add(preferred, 100, EngineOrigin.CLASS_PATH);
        core.registry().add(holder, 10, EngineOrigin.CLASS_PATH);
    }

    private byte[] sign(PrivateKey key) throws Exception {
        CryptoRouter router = core.router();
        return router.submit(OperationKind.SIGN, ALGORITHM, key,
                (engine, wait) -> engine.sign(new PlainSignRequest(ALGORITHM, key, DATA, wait)));
    }

    private boolean verifies(byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(ALGORITHM);
        verifier.initVerify(held.getPublic());
        verifier.update(DATA);
        return verifier.verify(signature);
    }

    @Test
    public void engineKeyIsSignedWithOnlyByItsOwnEngine() throws Exception {
        byte[] signature = sign(new KeyHandle("hsm"));

        assertTrue("signed with the key inside the holding engine", verifies(signature));
        assertEquals("the better-ranked engine never saw the handle", 0, preferred.count(OperationKind.SIGN));
        assertEquals(1, core.registry().find("hsm").statistics().completedCount());
    }

    @Test
    public void portableKeyGoesToTheBestRankedEngine() throws Exception {
        sign(held.getPrivate());

        assertEquals(1, preferred.count(OperationKind.SIGN));
        assertEquals(0, core.registry().find("hsm").statistics().submittedCount());
    }

    @Test
    public void engineKeyFailsClearlyWhenItsEngineIsGone() throws Exception {
        core.registry().remove(holder);

        EngineUnavailableException failure = assertThrows(EngineUnavailableException.class,
                () -> sign(new KeyHandle("hsm")));

        assertTrue(failure.getMessage(), failure.getMessage().contains("'hsm'"));
        assertTrue(failure.getMessage(), failure.getMessage().contains("SIGN " + ALGORITHM));
        assertEquals("no other engine was asked to sign with it", 0, preferred.count(OperationKind.SIGN));
    }

    @Test
    public void engineKeyOfAFailedEngineFailsWithTheEnginesOwnReason() throws Exception {
        holder.health = EngineHealth.failed("the token in slot 3 rejected the PIN; set 'pin'");
        core.registry().health().poll().get(10, TimeUnit.SECONDS);

        EngineUnavailableException failure = assertThrows(EngineUnavailableException.class,
                () -> sign(new KeyHandle("hsm")));

        assertTrue(failure.getMessage(), failure.getMessage().contains("'hsm' that holds this key has failed"));
        assertTrue(failure.getMessage(), failure.getMessage().contains("rejected the PIN; set 'pin'"));
        assertEquals("no other engine was asked to sign with it", 0, preferred.count(OperationKind.SIGN));
    }
}
