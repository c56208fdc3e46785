package org.enginetls.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineRuntime;
import org.enginetls.runtime.EngineState;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/** The provider bundle publishes an EngineRuntime service that reports the engines of its registry. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineRuntimeServiceTest {

    @Inject
    private BundleContext context;

    @Inject
    private EngineRuntime runtime;

    @Configuration
    public Option[] configuration() {
        return Frameworks.engineTls();
    }

    @Test
    public void engineRuntimeServiceIsRegisteredByTheProviderBundle() {
        ServiceReference<EngineRuntime> reference = context.getServiceReference(EngineRuntime.class);
        assertNotNull("no EngineRuntime service", reference);
        assertEquals("org.enginetls.provider", reference.getBundle().getSymbolicName());
        assertEquals("EngineTLS", reference.getProperty("provider.name"));
    }

    @Test
    public void engineServiceIsListedAboveSoftwareWithItsBundleAndItsCountersMoveWithAHandshake() throws Exception {
        ServiceRegistration<CryptoEngine> registration = context.registerService(CryptoEngine.class,
                new CountingEngine("reported"), rankingProperties(100));
        try {
            List<EngineDTO> engines = runtime.getEngines();
            assertEquals(List.of("reported", "software"), engines.stream().map(dto -> dto.id).toList());
            EngineDTO before = engines.get(0);
            assertEquals(context.getBundle().getSymbolicName(), before.bundleSymbolicName);
            assertEquals(context.getBundle().getBundleId(), before.bundleId);
            assertEquals(context.getBundle().getVersion().toString(), before.bundleVersion);
            assertEquals(100, before.ranking);
            assertEquals(EngineState.ACTIVE, before.state);
            assertTrue("AGREE algorithms " + before.algorithms, before.algorithms.get("AGREE").contains("X25519"));
            assertEquals(0, before.submitted);

            Handshakes.tls13ThroughEngineTls();

            EngineDTO after = runtime.getEngine("reported").orElseThrow();
            // one signature and one agreement per side at least
            assertTrue("submitted " + after.submitted, after.submitted >= 3);
            assertEquals("every submission completed", after.submitted, after.completed);
            assertEquals(0, after.inFlight);
            assertEquals("the snapshot taken before the handshake", 0, before.submitted);
        } finally {
            registration.unregister();
        }
        assertTrue("an unregistered engine is no longer reported", runtime.getEngine("reported").isEmpty());
    }

    private static Dictionary<String, Object> rankingProperties(int ranking) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        return properties;
    }
}
