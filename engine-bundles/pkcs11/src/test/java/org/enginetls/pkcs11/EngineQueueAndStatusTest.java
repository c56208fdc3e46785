package org.enginetls.pkcs11;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.enginetls.engine.EngineBusyException;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.ProviderInternals;
import org.enginetls.provider.impl.status.EngineSnapshot;
import org.enginetls.provider.testing.PlainSignRequest;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineState;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The engine's pool and status: a full queue answers "busy" (EAGAIN) without touching the token,
 * queued work completes once the token's thread is free, stopping fails what still waits, and the
 * status shows the token's figures. On a plain class path, ServiceLoader builds it from system properties.
 */
public class EngineQueueAndStatusTest {

    private static final byte[] DATA = "to be signed".getBytes(StandardCharsets.UTF_8);

    private static SoftHsm.Token token;
    private Pkcs11Engine engine;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeClass
    public static void tokenWithKeys() throws Exception {
        token = SoftHsm.create().initToken("status");
        SoftHsm.addKeys(token);
    }

    @After
    public void closeEngine() {
        release.countDown();
        if (engine != null) {
            engine.close();
        }
    }

    private PrivateKey key(String alias) throws Exception {
        return (PrivateKey) engine.keyStore().getKey(alias, null);
    }

    /** Occupies the engine's only thread, as a token busy with a long operation would. */
    private void occupyTheTokenThread() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        engine.pool().execute(() -> {
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(started.await(30, TimeUnit.SECONDS));
    }

    @Test
    public void fullQueueAnswersBusyAndQueuedWorkCompletesWhenTheTokenIsFree() throws Exception {
        engine = new Pkcs11Engine(Pkcs11Settings.from(Map.of("library", SoftHsm.LIBRARY, "slot", Long.toString(token.slot()),
                "pin", SoftHsm.PIN, "threads", "1", "queue.size", "1", "retry.ms", "0")));
        occupyTheTokenThread();

        CompletableFuture<byte[]> queued = engine.sign(new PlainSignRequest("SHA256withECDSA", key(SoftHsm.EC), DATA)).toCompletableFuture();
        CompletableFuture<byte[]> refused = engine.sign(new PlainSignRequest("SHA256withECDSA", key(SoftHsm.EC), DATA)).toCompletableFuture();

        ExecutionException busy = assertThrows(ExecutionException.class, () -> refused.get(30, TimeUnit.SECONDS));
        assertTrue(String.valueOf(busy.getCause()), busy.getCause() instanceof EngineBusyException);
        assertTrue(busy.getCause().getMessage(), busy.getCause().getMessage().contains("queue.size"));
        assertFalse("the queued one waits for the token's thread", queued.isDone());
        assertEquals(1, engine.health().details().get("queue.depth"));

        release.countDown();
        byte[] signature = queued.get(30, TimeUnit.SECONDS);

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(engine.keyStore().getCertificate(SoftHsm.EC).getPublicKey());
        verifier.update(DATA);
        assertTrue("the token's signature verifies with the certificate's key", verifier.verify(signature));
        assertEquals(1, engine.signatures());
    }

    @Test
    public void stoppingFailsQueuedWorkAsUnavailable() throws Exception {
        engine = new Pkcs11Engine(Pkcs11Settings.from(Map.of("library", SoftHsm.LIBRARY, "slot", Long.toString(token.slot()),
                "pin", SoftHsm.PIN, "threads", "1", "queue.size", "4", "retry.ms", "0")));
        occupyTheTokenThread();
        CompletableFuture<byte[]> queued = engine.sign(new PlainSignRequest("SHA256withRSA", key(SoftHsm.RSA), DATA)).toCompletableFuture();

        engine.close();

        ExecutionException failure = assertThrows(ExecutionException.class, () -> queued.get(30, TimeUnit.SECONDS));
        assertTrue(String.valueOf(failure.getCause()), failure.getCause() instanceof EngineUnavailableException);
    }

    @Test
    public void statusShowsTheTokensFiguresAndNeverThePin() throws Exception {
        engine = new Pkcs11Engine(token.settings());
        org.enginetls.provider.impl.ProviderCore core = TokenTls.core(engine);
        engine.sign(new PlainSignRequest("SHA256withECDSA", key(SoftHsm.EC), DATA)).toCompletableFuture().get(30, TimeUnit.SECONDS);

        core.registry().health().poll().get(30, TimeUnit.SECONDS);
        EngineDTO dto = EngineSnapshot.of(core.registry().snapshot().find(engine.id()));

        assertEquals(EngineState.ACTIVE, dto.state);
        assertEquals("slot " + token.slot(), dto.properties.get("slot"));
        assertEquals(token.slot(), dto.properties.get("slot.id"));
        assertEquals(token.label(), dto.properties.get("token.label"));
        assertEquals(2, dto.properties.get("keys"));
        assertEquals(1L, dto.properties.get("signatures"));
        assertEquals(0, dto.properties.get("queue.depth"));
        assertFalse("the PIN is not shown", String.valueOf(dto.properties).contains(SoftHsm.PIN)
                || engine.settings().toString().contains(SoftHsm.PIN));
        assertEquals(List.of("NONEwithECDSA", "NONEwithRSA", "RSASSA-PSS"),
                dto.algorithms.get("SIGN").stream().filter(name -> name.startsWith("NONE") || name.startsWith("RSASSA")).toList());
    }

    @Test
    public void tokenIsFoundByItsLabel() throws Exception {
        engine = new Pkcs11Engine(Pkcs11Settings.from(Map.of("library", SoftHsm.LIBRARY, "token.label", token.label(),
                "pin", SoftHsm.PIN, "retry.ms", "0")));

        assertTrue(String.valueOf(engine.health()), engine.available());
        assertEquals(token.slot(), engine.health().details().get("slot.id"));
        assertEquals(2, engine.keyStore().size());
    }

    @Test
    public void unknownLabelIsReportedWithTheLabelsPresent() throws Exception {
        engine = new Pkcs11Engine(Pkcs11Settings.from(Map.of("library", SoftHsm.LIBRARY, "token.label", "no-such-token",
                "pin", SoftHsm.PIN, "retry.ms", "0")));

        assertFalse(engine.available());
        assertTrue(engine.health().reason(), engine.health().reason().contains("no token labelled 'no-such-token'"));
        assertTrue(engine.health().reason(), engine.health().reason().contains(token.label()));
    }

    @Test
    public void portableKeysAreNotTaken() throws Exception {
        engine = new Pkcs11Engine(token.settings());
        PrivateKey portable = org.enginetls.provider.testing.TestPki.leaf(org.enginetls.provider.testing.TestPki.KeyType.EC_P256).key();

        assertFalse(engine.accepts(portable));
        assertTrue(engine.accepts(key(SoftHsm.EC)));
    }

    @Test
    public void serviceLoaderBuildsTheEngineFromSystemProperties() throws Exception {
        Map<String, String> properties = Map.of("library", SoftHsm.LIBRARY, "slot", Long.toString(token.slot()),
                "pin", SoftHsm.PIN, "id", "pkcs11-classpath");
        properties.forEach((key, value) -> System.setProperty(Pkcs11Settings.PID + "." + key, value));
        try {
            EngineTlsProvider classPath = new EngineTlsProvider(Map.of("classPathEngines", "pkcs11"));
            engine = (Pkcs11Engine) ProviderInternals.core(classPath).registry().find("pkcs11-classpath").engine();

            assertEquals("pkcs11-classpath", engine.id());
            assertTrue(String.valueOf(engine.health()), engine.available());
            assertEquals(2, engine.keyStore().size());
        } finally {
            properties.keySet().forEach(key -> System.clearProperty(Pkcs11Settings.PID + "." + key));
        }
    }
}
