package org.enginetls.provider.engines;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.provider.impl.engines.RegistrySettings;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.testing.EnginePair;
import org.junit.Test;

/** Settings changed on a running instance apply to new work at once; established connections keep working. */
public class LiveReconfigurationTest {

    private final TlsPeers peers = new TlsPeers(new org.enginetls.provider.EngineTlsProvider(
            new ProviderCore(ProviderSettings.DEFAULTS)));
    private final ProviderCore core = peers.core();

    private EnginePair handshake() throws Exception {
        SSLContext server = peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256));
        return TlsPeers.pair(peers.client("TLSv1.3"), server).handshake();
    }

    private List<String> routable() {
        return Arrays.stream(core.registry().routable()).map(RegisteredEngine::id).toList();
    }

    @Test
    public void everySettingChangesLiveAndAnEstablishedConnectionKeepsWorking() throws Exception {
        CountingEngine counting = CountingEngine.overSoftware("counting");
        core.registry().add(counting, 0, EngineOrigin.CLASS_PATH);
        EnginePair established = handshake();
        assertTrue("delegated tasks are on by default", established.delegatedTasksRun() > 0);
        long signaturesBefore = counting.count(OperationKind.SIGN);

        core.reconfigure(new ProviderSettings(false, false, ProviderSettings.DEFAULT_MAX_JOBS,
                RouterSettings.DEFAULTS.withOperationTimeoutMillis(1_500),
                new RegistrySettings(250, List.of("counting"))));

        assertEquals("still talking", "after the change", established.roundTrip("after the change"));
        assertEquals("the software engine left", List.of("counting"), routable());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1_500), core.router().settings().operationTimeoutNanos());
        assertEquals(250, core.registry().settings().drainTimeoutMillis());
        EnginePair fresh = handshake();
        assertEquals("delegated tasks are off for engines created now", 0, fresh.delegatedTasksRun());
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, fresh.server().getHandshakeStatus());
        assertTrue("the new handshake signed through the only engine", counting.count(OperationKind.SIGN) > signaturesBefore);
        assertEquals("established", established.roundTrip("established"));
    }

    @Test
    public void preferenceListMovesNewWorkToTheSoftwareEngineAndBackWithoutTouchingAConnection() throws Exception {
        CountingEngine counting = CountingEngine.overSoftware("counting");
        core.registry().add(counting, 100, EngineOrigin.CLASS_PATH);
        EnginePair established = handshake();
        long signatures = counting.count(OperationKind.SIGN);

        core.reconfigure(new ProviderSettings(true, true, ProviderSettings.DEFAULT_MAX_JOBS, RouterSettings.DEFAULTS,
                new RegistrySettings(RegistrySettings.DEFAULT_DRAIN_TIMEOUT_MILLIS, List.of("software"))));
        handshake();

        assertEquals(List.of("software", "counting"), routable());
        assertEquals("the preferred software engine signed", signatures, counting.count(OperationKind.SIGN));
        assertEquals("kept", established.roundTrip("kept"));

        core.reconfigure(ProviderSettings.DEFAULTS);
        handshake();

        assertEquals(List.of("counting", "software"), routable());
        assertTrue(counting.count(OperationKind.SIGN) > signatures);
        assertEquals("still kept", established.roundTrip("still kept"));
    }
}
