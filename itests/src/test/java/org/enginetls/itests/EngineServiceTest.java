package org.enginetls.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;

import javax.inject.Inject;

import org.enginetls.engine.CryptoEngine;
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

/** Engines registered as OSGi services take part in handshakes, and leave without breaking them. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineServiceTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configuration() {
        return Frameworks.engineTls();
    }

    @Test
    public void registeredEngineServiceSignsAndAgreesInHandshake() throws Exception {
        CountingEngine engine = new CountingEngine("counting");
        ServiceRegistration<CryptoEngine> registration = register(engine, 100);
        try {
            Handshakes.tls13ThroughEngineTls();
            assertTrue("the engine signed nothing (signs=" + engine.signs() + ")", engine.signs() > 0);
            // one ECDHE share per side
            assertEquals("agreements", 2, engine.agreements());
        } finally {
            registration.unregister();
        }
    }

    @Test
    public void handshakeFallsBackToSoftwareEngineAfterEngineServiceLeaves() throws Exception {
        CountingEngine engine = new CountingEngine("leaving");
        register(engine, 100).unregister();
        Handshakes.tls13ThroughEngineTls();
        assertEquals("signs after unregistering", 0, engine.signs());
        assertEquals("agreements after unregistering", 0, engine.agreements());
    }

    @Test
    public void higherServiceRankingTakesOperationsAndRankingChangeReordersEngines() throws Exception {
        CountingEngine first = new CountingEngine("first");
        CountingEngine second = new CountingEngine("second");
        ServiceRegistration<CryptoEngine> firstRegistration = register(first, 100);
        ServiceRegistration<CryptoEngine> secondRegistration = register(second, 50);
        try {
            Handshakes.tls13ThroughEngineTls();
            assertEquals("agreements on the higher-ranked engine", 2, first.agreements());
            assertEquals("agreements on the lower-ranked engine", 0, second.agreements());

            secondRegistration.setProperties(rankingProperties(200));
            Handshakes.tls13ThroughEngineTls();
            assertEquals("agreements on the engine ranked down", 2, first.agreements());
            assertEquals("agreements on the engine ranked up", 2, second.agreements());
        } finally {
            firstRegistration.unregister();
            secondRegistration.unregister();
        }
    }

    private ServiceRegistration<CryptoEngine> register(CryptoEngine engine, int ranking) {
        return context.registerService(CryptoEngine.class, engine, rankingProperties(ranking));
    }

    private static Dictionary<String, Object> rankingProperties(int ranking) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        return properties;
    }
}
