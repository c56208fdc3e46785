package org.enginetls.provider.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.security.InvalidKeyException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.net.ssl.SSLContext;

import org.enginetls.engine.EngineBusyException;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.EngineStatistics;
import org.enginetls.provider.impl.software.SoftwareEngine;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.DelegatingEngine;
import org.enginetls.provider.testing.PlainSignRequest;
import org.enginetls.provider.testing.SignFaultEngine;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.testing.EnginePair;
import org.junit.Test;

/** A signing engine that fails or is busy does not fail the handshake; its statistics say what happened. */
public class FailoverTest {

    private static EnginePair tls13Handshake(TlsPeers peers) throws Exception {
        SSLContext server = peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256));
        EnginePair pair = TlsPeers.pair(peers.client("TLSv1.3"), server).handshake();
        assertEquals("ok", pair.roundTrip("ok"));
        return pair;
    }

    @Test
    public void signingEngineThatIsUnavailableFailsOverToTheSoftwareEngine() throws Exception {
        TlsPeers peers = TlsPeers.withSoftwareEngine();
        SignFaultEngine failing = new SignFaultEngine("unplugged", CountingEngine.software(), Integer.MAX_VALUE,
                () -> new EngineUnavailableException("the device was unplugged"));
        EngineStatistics statistics = peers.core().registry()
                .add(failing, 100, EngineOrigin.CLASS_PATH).statistics();

        tls13Handshake(peers);

        assertEquals("the server's signature was tried here first", 1, failing.signRequests());
        assertEquals(1, statistics.submittedCount());
        assertEquals(1, statistics.failedCount());
        assertEquals(0, statistics.completedCount());
        assertEquals("handed on to the software engine", 1, statistics.failoverCount());
        assertNotNull(statistics.lastError());
        assertTrue(statistics.lastError(), statistics.lastError().contains("unplugged"));
        assertEquals(0, statistics.inFlight());
    }

    @Test
    public void unavailableEngineWithNoOtherCandidateFailsTheOperationWithoutAFailover() throws Exception {
        ProviderCore core = new ProviderCore(new ProviderSettings(false, RouterSettings.DEFAULTS));
        SignFaultEngine failing = new SignFaultEngine("unplugged", CountingEngine.software(), Integer.MAX_VALUE,
                () -> new EngineUnavailableException("the device was unplugged"));
        EngineStatistics statistics = core.registry().add(failing, 100, EngineOrigin.CLASS_PATH).statistics();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey key = generator.generateKeyPair().getPrivate();

        EngineUnavailableException failure = assertThrows(EngineUnavailableException.class,
                () -> core.router().submit(OperationKind.SIGN, "SHA256withECDSA", key, (engine, wait) ->
                        engine.sign(new PlainSignRequest("SHA256withECDSA", key, new byte[] {1}, wait))));

        assertTrue(failure.getMessage(), failure.getMessage().contains("unplugged"));
        assertEquals(1, statistics.failedCount());
        assertEquals("there was nowhere to hand it on to", 0, statistics.failoverCount());
        assertEquals(0, statistics.inFlight());
    }

    @Test
    public void engineThatDeclinesTheKeyIsPassedOverWithoutAFailureOrFailover() throws Exception {
        TlsPeers peers = TlsPeers.withSoftwareEngine();
        SoftwareEngine software = CountingEngine.software();
        EngineCapabilities signing = EngineCapabilities.builder()
                .add(OperationKind.SIGN, software.capabilities().algorithms(OperationKind.SIGN).toArray(String[]::new))
                .build();
        DelegatingEngine declining = new DelegatingEngine("declining", software, signing) {
            @Override
            public CompletionStage<byte[]> sign(SignRequest request) {
                return CompletableFuture.failedFuture(new InvalidKeyException("not a key this engine takes"));
            }
        };
        EngineStatistics statistics = peers.core().registry()
                .add(declining, 100, EngineOrigin.CLASS_PATH).statistics();

        tls13Handshake(peers);

        assertEquals("the server's signature was offered here first", 1, statistics.submittedCount());
        assertEquals(0, statistics.failedCount());
        assertEquals(0, statistics.failoverCount());
        assertEquals(0, statistics.inFlight());
    }

    @Test
    public void busySigningEngineIsResubmittedUntilItSigns() throws Exception {
        TlsPeers peers = TlsPeers.withSoftwareEngine();
        SignFaultEngine busy = new SignFaultEngine("busy", CountingEngine.software(), 3,
                () -> new EngineBusyException("queue full"));
        EngineStatistics statistics = peers.core().registry()
                .add(busy, 100, EngineOrigin.CLASS_PATH).statistics();

        tls13Handshake(peers);

        assertEquals("three busy answers, then the signature", 4, busy.signRequests());
        assertEquals(3, statistics.eagainCount());
        assertEquals(1, statistics.completedCount());
        assertEquals(0, statistics.failedCount());
        assertEquals(0, statistics.failoverCount());
        assertEquals(0, statistics.inFlight());
    }
}
