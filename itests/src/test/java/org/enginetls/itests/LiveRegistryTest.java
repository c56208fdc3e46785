package org.enginetls.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.security.Provider;
import java.security.Security;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineRuntime;
import org.enginetls.runtime.EngineState;
import org.enginetls.testing.EnginePair;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The registry of the running provider bundle changes without restarts: the preference list and drain timeout through
 * Configuration Admin, an engine's {@code service.ranking} in place, and a second engine with the same id (as during a
 * bundle update) shadowed until the first leaves.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LiveRegistryTest {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private EngineRuntime runtime;

    @Configuration
    public Option[] configuration() {
        return Frameworks.engineTlsWithDasync();
    }

    @After
    public void restoreDefaults() throws Exception {
        ProviderConfigurations.delete(context, configurationAdmin);
    }

    @Test
    public void preferenceListAndDrainTimeoutApplyAtRuntimeWhileAnEstablishedConnectionKeepsWorking() throws Exception {
        Provider provider = Security.getProvider("EngineTLS");
        assertEquals(List.of("dasync", "software"), ids());
        EnginePair established = pair().handshake();
        long dasyncBefore = engine("dasync").submitted;
        assertTrue("dasync took no part in the handshake", dasyncBefore > 0);

        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("enginePreference", new String[] {"software"});
        properties.put("drainTimeoutMillis", 500L);
        Provider applied = ProviderConfigurations.update(context, configurationAdmin, properties, "drainTimeoutMillis", 500L);

        assertSame("the running provider applied it", provider, applied);
        assertSame(provider, Security.getProvider("EngineTLS"));
        assertEquals("the preferred engine first", List.of("software", "dasync"), ids());
        long softwareBefore = engine("software").submitted;
        pair().handshake();
        assertEquals("the router chose the software engine", dasyncBefore, engine("dasync").submitted);
        assertTrue("the software engine did the handshake's work", engine("software").submitted > softwareBefore);
        assertEquals("still talking", established.roundTrip("still talking"));

        ProviderConfigurations.delete(context, configurationAdmin);

        assertEquals(List.of("dasync", "software"), ids());
        assertEquals("after the second change", established.roundTrip("after the second change"));
    }

    @Test
    public void serviceRankingChangeReordersTheEngineInPlaceAndKeepsItsCounters() throws Exception {
        ServiceRegistration<CryptoEngine> registration = context.registerService(CryptoEngine.class,
                new CountingEngine("ranked"), ranking(50));
        try {
            assertEquals(List.of("dasync", "ranked", "software"), ids());

            registration.setProperties(ranking(200));
            assertEquals(List.of("ranked", "dasync", "software"), ids());
            Handshakes.tls13ThroughEngineTls();
            long submitted = engine("ranked").submitted;
            assertTrue("the best-ranked engine did no work", submitted > 0);

            registration.setProperties(ranking(10));

            assertEquals(List.of("dasync", "ranked", "software"), ids());
            EngineDTO ranked = engine("ranked");
            assertEquals(10, ranked.ranking);
            assertEquals("its counters survived the change", submitted, ranked.submitted);
            assertEquals(EngineState.ACTIVE, ranked.state);
        } finally {
            registration.unregister();
        }
    }

    @Test
    public void engineWithTheSameIdRegisteredBeforeTheOldOneLeavesIsShadowedAndThenTakesOver() throws Exception {
        ServiceRegistration<CryptoEngine> old = context.registerService(CryptoEngine.class, new CountingEngine("twin"),
                ranking(300));
        ServiceRegistration<CryptoEngine> replacement = null;
        try {
            replacement = context.registerService(CryptoEngine.class, new CountingEngine("twin"), ranking(300));

            List<EngineDTO> engines = runtime.getEngines();
            assertEquals(List.of("twin:ACTIVE", "twin:SHADOWED", "dasync:ACTIVE", "software:ACTIVE"),
                    engines.stream().map(dto -> dto.id + ":" + dto.state).toList());
            Handshakes.tls13ThroughEngineTls();
            assertTrue(engines.get(0).submitted < runtime.getEngines().get(0).submitted);
            assertEquals("the shadowed one does nothing", 0, runtime.getEngines().get(1).submitted);

            old.unregister();
            old = null;

            assertEquals(List.of("twin:ACTIVE", "dasync:ACTIVE", "software:ACTIVE"),
                    runtime.getEngines().stream().map(dto -> dto.id + ":" + dto.state).toList());
            Handshakes.tls13ThroughEngineTls();
            assertTrue("the replacement took over", engine("twin").submitted > 0);
        } finally {
            if (old != null) {
                old.unregister();
            }
            if (replacement != null) {
                replacement.unregister();
            }
        }
    }

    private List<String> ids() {
        return runtime.getEngines().stream().map(dto -> dto.id).toList();
    }

    private EngineDTO engine(String id) {
        return runtime.getEngine(id).orElseThrow();
    }

    private static Dictionary<String, Object> ranking(int ranking) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        return properties;
    }

    /** A new in-memory connection through the registered provider (ECDSA P-256 server, TLS 1.3). */
    private static EnginePair pair() throws Exception {
        SSLContext server = SSLContext.getInstance("TLSv1.3", "EngineTLS");
        server.init(TestPki.keyManagers("SunX509", TestPki.leaf(TestPki.KeyType.EC_P256)), null, null);
        SSLContext client = SSLContext.getInstance("TLSv1.3", "EngineTLS");
        client.init(null, TestPki.trustManagers(), null);
        SSLEngine clientEngine = client.createSSLEngine("localhost", 443);
        clientEngine.setUseClientMode(true);
        SSLEngine serverEngine = server.createSSLEngine();
        serverEngine.setUseClientMode(false);
        return new EnginePair(clientEngine, serverEngine);
    }
}
