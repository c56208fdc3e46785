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
        CountingEngine engine = new CountingEngine();
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
        CountingEngine engine = new CountingEngine();
        register(engine, 100).unregister();
        Handshakes.tls13ThroughEngineTls();
        assertEquals("signs after unregistering", 0, engine.signs());
        assertEquals("agreements after unregistering", 0, engine.agreements());
    }

    private ServiceRegistration<CryptoEngine> register(CryptoEngine engine, int ranking) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        return context.registerService(CryptoEngine.class, engine, properties);
    }
}
