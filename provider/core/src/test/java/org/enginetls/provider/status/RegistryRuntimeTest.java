package org.enginetls.provider.status;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.engine.EngineHealth;
import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.status.RegistryRuntime;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.DelegatingEngine;
import org.enginetls.provider.testing.SignFaultEngine;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineState;
import org.junit.Test;

/** The EngineRuntime of a registry reports each engine's identity, capabilities and counters as snapshots. */
public class RegistryRuntimeTest {

    @Test
    public void enginesAreListedBestRankedFirstWithOriginRankingStateAndSortedAlgorithms() throws Exception {
        TlsPeers peers = TlsPeers.withSoftwareEngine();
        peers.core().registry().add(CountingEngine.overSoftware("counting"), 100,
                new EngineOrigin("com.example.engine", "1.2.3", 42));
        RegistryRuntime runtime = new RegistryRuntime(peers.core().registry());

        List<EngineDTO> engines = runtime.getEngines();

        assertEquals(List.of("counting", "software"), engines.stream().map(dto -> dto.id).toList());
        EngineDTO counting = engines.get(0);
        assertEquals("com.example.engine", counting.bundleSymbolicName);
        assertEquals("1.2.3", counting.bundleVersion);
        assertEquals(42, counting.bundleId);
        assertEquals(100, counting.ranking);
        assertEquals(EngineState.ACTIVE, counting.state);
        List<String> signatures = counting.algorithms.get(OperationKind.SIGN.name());
        assertTrue("SIGN algorithms " + signatures, signatures.contains("SHA256withECDSA"));
        assertEquals("sorted as the capabilities are", signatures.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList(),
                signatures);
        EngineDTO software = engines.get(1);
        assertEquals(Integer.MIN_VALUE, software.ranking);
        assertNull("class-path engines have no bundle", software.bundleSymbolicName);
        assertEquals(-1, software.bundleId);
    }

    @Test
    public void countersMoveWithAHandshakeWhileEarlierSnapshotsStayAsTheyWere() throws Exception {
        TlsPeers peers = TlsPeers.withSoftwareEngine();
        peers.core().registry().add(CountingEngine.overSoftware("counting"), 100, EngineOrigin.CLASS_PATH);
        RegistryRuntime runtime = new RegistryRuntime(peers.core().registry());
        EngineDTO before = runtime.getEngine("counting").orElseThrow();

        TlsPeers.pair(peers.client("TLSv1.3"), peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256))).handshake();
        EngineDTO after = runtime.getEngine("counting").orElseThrow();

        assertEquals("snapshot taken before the handshake", 0, before.submitted);
        assertEquals(0, before.completed);
        assertEquals(0, before.peakInFlight);
        // one signature, one verification, two agreements and at least two key shares
        assertTrue("submitted " + after.submitted, after.submitted >= 6);
        assertEquals("every submission completed", after.submitted, after.completed);
        assertEquals(0, after.failed);
        assertEquals(0, after.eagain);
        assertEquals(0, after.inFlight);
        assertTrue("peak in flight " + after.peakInFlight, after.peakInFlight >= 1);
        assertTrue("p99 " + after.latencyP99Micros + " below p50 " + after.latencyP50Micros,
                after.latencyP99Micros >= after.latencyP50Micros);
        assertFalse("an engine that completes before returning is not async", after.async);
        assertNull(after.lastError);
        assertEquals(0, after.lastErrorTime);
        assertEquals("the software engine did no submitted work", 0, runtime.getEngine("software").orElseThrow().submitted);
    }

    @Test
    public void aFailedSignatureShowsAsFailureLastErrorAndFailoverToTheNextEngine() throws Exception {
        TlsPeers peers = TlsPeers.withSoftwareEngine();
        SignFaultEngine faulty = new SignFaultEngine("faulty", CountingEngine.software(), 1,
                () -> new EngineUnavailableException("device unplugged"));
        peers.core().registry().add(faulty, 100, EngineOrigin.CLASS_PATH);
        RegistryRuntime runtime = new RegistryRuntime(peers.core().registry());

        TlsPeers.pair(peers.client("TLSv1.3"), peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256))).handshake();
        EngineDTO dto = runtime.getEngine("faulty").orElseThrow();

        assertEquals(1, dto.failed);
        assertEquals(1, dto.failovers);
        assertEquals("device unplugged", dto.lastError);
        assertTrue("last error time " + dto.lastErrorTime, dto.lastErrorTime > 0);
        assertEquals(dto.submitted, dto.completed + dto.failed);
    }

    @Test
    public void anEngineIsAsyncOnceItReturnsAStageThatCompletesLater() throws Exception {
        ProviderCore core = new ProviderCore(new ProviderSettings(false, RouterSettings.DEFAULTS));
        core.registry().add(CountingEngine.overSoftware("later"), 0, EngineOrigin.CLASS_PATH);
        RegistryRuntime runtime = new RegistryRuntime(core.registry());

        byte[] immediate = core.router().submit(OperationKind.SIGN, "SHA256withECDSA", null,
                (engine, wait) -> CompletableFuture.completedFuture(new byte[] {1}));
        assertNotNull(immediate);
        assertFalse("after a stage complete on return", runtime.getEngine("later").orElseThrow().async);

        byte[] later = core.router().submit(OperationKind.SIGN, "SHA256withECDSA", null,
                (engine, wait) -> new CompletesWhenAwaited<>(new byte[] {2}));

        assertEquals(2, later[0]);
        assertTrue("after a stage that was pending on return", runtime.getEngine("later").orElseThrow().async);
    }

    @Test
    public void anEngineThatReportsItselfFailedShowsFailedWithItsReasonAndRecoversWhenItSaysSo() throws Exception {
        HealthReportingEngine engine = new HealthReportingEngine();
        engine.health = EngineHealth.failed("token not present", Map.of("slot", 3));
        ProviderCore core = new ProviderCore(new ProviderSettings(false, RouterSettings.DEFAULTS));
        core.registry().add(engine, 0, EngineOrigin.CLASS_PATH);
        RegistryRuntime runtime = new RegistryRuntime(core.registry());

        EngineDTO failed = runtime.getEngine("health").orElseThrow();
        engine.health = EngineHealth.available(Map.of("slot", 3, "queue.depth", 0));
        core.registry().health().poll().get(10, TimeUnit.SECONDS);
        EngineDTO recovered = runtime.getEngine("health").orElseThrow();

        assertEquals(EngineState.FAILED, failed.state);
        assertEquals("token not present", failed.healthReason);
        assertNull("no operation failed", failed.lastError);
        assertEquals(Map.of("slot", 3), failed.properties);
        assertEquals(EngineState.ACTIVE, recovered.state);
        assertNull(recovered.healthReason);
        assertEquals("figures sorted by name", List.of("queue.depth", "slot"), List.copyOf(recovered.properties.keySet()));
    }

    @Test
    public void anEngineWhoseHealthThrowsShowsFailedWithWhatItThrew() throws Exception {
        HealthReportingEngine engine = new HealthReportingEngine();
        engine.health = null;
        ProviderCore core = new ProviderCore(new ProviderSettings(false, RouterSettings.DEFAULTS));
        core.registry().add(engine, 0, EngineOrigin.CLASS_PATH);

        EngineDTO dto = new RegistryRuntime(core.registry()).getEngine("health").orElseThrow();

        assertEquals(EngineState.FAILED, dto.state);
        assertTrue(dto.healthReason, dto.healthReason.contains("IllegalStateException: no health yet"));
        assertTrue(dto.properties.isEmpty());
    }

    @Test
    public void anUnknownEngineHasNoSnapshot() throws Exception {
        RegistryRuntime runtime = new RegistryRuntime(TlsPeers.withSoftwareEngine().core().registry());
        assertTrue(runtime.getEngine("missing").isEmpty());
    }

    /** An engine over the software engine whose health the test sets; {@code null} makes health() throw. */
    private static final class HealthReportingEngine extends DelegatingEngine {
        volatile EngineHealth health;

        HealthReportingEngine() throws java.security.GeneralSecurityException {
            super("health", CountingEngine.software());
        }

        @Override
        public EngineHealth health() {
            if (health == null) {
                throw new IllegalStateException("no health yet");
            }
            return health;
        }
    }

    /**
     * A stage still pending when the engine returns it, completed by the router's own wait: the
     * "completes later" case without a second thread whose timing the test would depend on.
     */
    /** Pending when the engine returns it; completes as soon as the router listens for its completion. */
    private static final class CompletesWhenAwaited<T> extends CompletableFuture<T> {
        private final T result;

        CompletesWhenAwaited(T result) {
            this.result = result;
        }

        @Override
        public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
            CompletableFuture<T> dependent = super.whenComplete(action);
            complete(result);
            return dependent;
        }
    }
}
