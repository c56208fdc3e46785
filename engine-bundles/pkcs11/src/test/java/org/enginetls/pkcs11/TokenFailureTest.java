package org.enginetls.pkcs11;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.enginetls.engine.EngineHealth;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.status.RegistryRuntime;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineState;
import org.enginetls.testing.EnginePair;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A token the engine cannot use (wrong PIN, missing library, token re-initialised or deleted): the
 * engine reports FAILED with the reason, a handshake that needs its key fails with a clear
 * SSLException and the client hears an alert, nothing hangs, and it works again once the cause is fixed.
 */
public class TokenFailureTest {

    private static final long WAIT_SECONDS = 30;

    private static SoftHsm.Token token;
    private static SoftHsm.Token reinitialised;
    private static SoftHsm.Token doomed;
    private static Path directory;

    private Pkcs11Engine engine;
    private ProviderCore core;

    @BeforeClass
    public static void tokensWithKeys() throws Exception {
        SoftHsm hsm = SoftHsm.create();
        token = hsm.initToken("failures");
        reinitialised = hsm.initToken("reinitialised");
        doomed = hsm.initToken("doomed");
        SoftHsm.addKeys(token);
        SoftHsm.addKeys(reinitialised);
        SoftHsm.addKeys(doomed);
        directory = Files.createTempDirectory(Path.of(System.getenv("SOFTHSM2_CONF")).getParent(), "libs-");
    }

    @After
    public void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    private void start(Pkcs11Settings settings) {
        engine = new Pkcs11Engine(settings);
        core = TokenTls.core(engine);
    }

    private SSLContext server() throws Exception {
        return TokenTls.server(core, engine, "SunX509", "TLSv1.3");
    }

    private void assertHandshakeSignedByToken(SSLContext server) throws Exception {
        long before = engine.signatures();
        SSLEngine serverEngine = server.createSSLEngine();
        serverEngine.setUseClientMode(false);
        new EnginePair(TokenTls.client("TLSv1.3", SoftHsm.EC), serverEngine).handshake();
        assertEquals(1, engine.signatures() - before);
    }

    private FailingHandshake.Outcome assertHandshakeFailsClearly(SSLContext server, String reason) throws Exception {
        SSLEngine serverEngine = server.createSSLEngine();
        serverEngine.setUseClientMode(false);
        FailingHandshake.Outcome outcome = FailingHandshake.run(TokenTls.client("TLSv1.3", SoftHsm.EC), serverEngine);
        assertTrue("the server's exception names the cause: " + chain(outcome.server()), chain(outcome.server()).contains(reason));
        assertNotNull("the client heard an alert", outcome.client());
        assertTrue(String.valueOf(outcome.client()), outcome.client().getMessage().contains("alert"));
        return outcome;
    }

    /** The engine's status as the EngineRuntime service reports it once the registry's poller has asked the engine. */
    private EngineDTO status() throws Exception {
        core.registry().health().poll().get(WAIT_SECONDS, TimeUnit.SECONDS);
        return new RegistryRuntime(core.registry()).getEngine(engine.id()).orElseThrow();
    }

    /** Waits (bounded) until the engine has opened its token again, then lets the registry see it. */
    private void awaitRecovered() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!engine.available() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        assertTrue("the engine opened its token again: " + engine.health(), engine.available());
        assertEquals(EngineState.ACTIVE, status().state);
    }

    private void assertFailedWith(String reason) throws Exception {
        EngineHealth health = engine.health();
        assertFalse(health.available());
        assertTrue(health.reason(), health.reason().contains(reason));
        EngineDTO dto = status();
        assertEquals(EngineState.FAILED, dto.state);
        assertTrue(dto.healthReason, dto.healthReason.contains(reason));
    }

    private static String chain(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t).append(" <- ");
        }
        return messages.toString();
    }

    @Test
    public void wrongPinReportsFailedAndWorksAgainWithTheRightPin() throws Exception {
        start(token.settings());
        SSLContext server = server();
        assertHandshakeSignedByToken(server);

        engine.reconfigure(token.settings().withPin("999999"));

        assertFailedWith("rejected the PIN");
        assertHandshakeFailsClearly(server, "rejected the PIN");
        assertEquals("the wrong PIN is not retried on use", EngineState.FAILED, status().state);

        engine.reconfigure(token.settings());

        assertTrue(engine.available());
        assertEquals("the registry takes it back once its health says so", EngineState.ACTIVE, status().state);
        assertHandshakeSignedByToken(server);
    }

    @Test
    public void wrongPinAtStartShowsTheReasonAndOffersNoKeys() throws Exception {
        start(token.settings().withPin("999999"));

        assertFailedWith("rejected the PIN");
        assertEquals(0, engine.keyStore().size());
    }

    @Test
    public void wrongPinAtStartIsLoggedOnceWhenTheEngineArrivesAndAgainOnlyWhenTheReasonChanges() throws Exception {
        Logger log = Logger.getLogger("org.enginetls.engines");
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING) {
                    warnings.add(new SimpleFormatter().formatMessage(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            start(token.settings().withPin("999999"));
            status();
            status();

            assertEquals(warnings.toString(), 1, warnings.size());
            assertTrue(warnings.get(0), warnings.get(0).startsWith("EngineTLS engine 'pkcs11' FAILED: "));
            assertTrue(warnings.get(0), warnings.get(0).contains("rejected the PIN"));
            assertFalse(warnings.get(0), warnings.get(0).contains("999999"));

            engine.reconfigure(token.settings().withLibrary(directory.resolve("absent.so").toString()));
            status();
            assertEquals(warnings.toString(), 2, warnings.size());
            assertTrue(warnings.get(1), warnings.get(1).contains("not found"));
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    public void wrongPinAtStartFailsTheEngineTlsKeyStoreNamingTheEngineAndTheReason() throws Exception {
        start(token.settings().withPin("999999"));
        KeyStore engineKeys = KeyStore.getInstance("EngineTLS", new EngineTlsProvider(core));

        IOException failure = assertThrows(IOException.class, () -> engineKeys.load(null, null));

        assertTrue(failure.getMessage(), failure.getMessage().startsWith(
                "the EngineTLS key store has no keys of engine 'pkcs11', which has failed: "));
        assertTrue(failure.getMessage(), failure.getMessage().contains("rejected the PIN"));
        assertFalse("the PIN is never in a message", failure.getMessage().contains("999999"));
    }

    @Test
    public void wrongPinAtStartFailsAHandshakeOverTheTokensEmptyKeyStoreNamingTheEngineAndTheReason() throws Exception {
        start(token.settings().withPin("999999"));

        FailingHandshake.Outcome outcome = assertHandshakeFailsClearly(server(), "engine 'pkcs11' has failed: ");

        assertTrue(chain(outcome.server()), outcome.server().getMessage().contains("rejected the PIN"));
        assertFalse("the PIN is never in a message", chain(outcome.server()).contains("999999"));
    }

    @Test
    public void missingLibraryReportsFailedAndRecoversOnceItIsThere() throws Exception {
        Path library = directory.resolve("libsofthsm2-later.so");
        Files.deleteIfExists(library);
        start(token.settings());
        SSLContext server = server();
        engine.reconfigure(token.settings().withLibrary(library.toString()));

        assertFailedWith("not found");
        assertHandshakeFailsClearly(server, "PKCS#11 library " + library + " not found");

        Files.createSymbolicLink(library, Path.of(SoftHsm.LIBRARY));
        // EngineTLS skips a failed engine and its registry's poller re-asks its health (status() has it ask at
        // once); the engine answers by opening its token again on its pool
        status();
        awaitRecovered();

        assertHandshakeSignedByToken(server);
        assertEquals(library.toString(), engine.health().details().get("library"));
    }

    @Test
    public void timerOpensTheTokenOnceTheLibraryIsThereWithoutTraffic() throws Exception {
        Path library = directory.resolve("libsofthsm2-timer.so");
        Files.deleteIfExists(library);
        start(token.settings().withLibrary(library.toString()).withRetryMillis(50));
        assertFailedWith("not found");

        Files.createSymbolicLink(library, Path.of(SoftHsm.LIBRARY));

        awaitRecovered();
        assertEquals(2, engine.keyStore().size());
    }

    @Test
    public void reinitialisedTokenReportsItsKeysGoneAndRecoversWhenTheyAreBack() throws Exception {
        start(reinitialised.settings());
        SSLContext server = server();
        assertHandshakeSignedByToken(server);

        SoftHsm.softhsm2Util("--init-token", "--slot", Long.toString(reinitialised.slot()), "--label", reinitialised.label(),
                "--so-pin", SoftHsm.SO_PIN, "--pin", SoftHsm.PIN);
        EngineHealth checked = engine.checkToken().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertFalse(String.valueOf(checked), checked.available());
        assertFailedWith("no longer in the token");
        assertHandshakeFailsClearly(server, "no longer in the token");

        SoftHsm.addKeys(reinitialised);
        engine.checkToken().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertEquals(String.valueOf(engine.health()), EngineState.ACTIVE, status().state);
        assertHandshakeSignedByToken(server()); // new keys, new certificates: a new key manager
    }

    @Test
    public void deletedTokenReportsFailedAndHandshakesFailClearly() throws Exception {
        start(doomed.settings());
        SSLContext server = server();
        assertHandshakeSignedByToken(server);

        SoftHsm.delete(doomed);
        EngineHealth checked = engine.checkToken().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertFalse(String.valueOf(checked), checked.available());
        assertEquals(EngineState.FAILED, status().state);
        assertHandshakeFailsClearly(server, "the token in slot " + doomed.slot());
    }
}
