package org.enginetls.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.enginetls.engine.CryptoEngine;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/** With Apache Felix EventAdmin installed, the provider posts an event for every engine state change. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineEventsTest {

    private static final long WAIT_SECONDS = 10;

    @Inject
    private BundleContext context;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private ServiceRegistration<EventHandler> handler;

    @Configuration
    public Option[] configuration() {
        return Frameworks.engineTlsWithDasyncAndEventAdmin();
    }

    @Before
    public void listen() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, "org/enginetls/engine/*");
        handler = context.registerService(EventHandler.class, events::add, properties);
    }

    @After
    public void stopListening() throws Exception {
        handler.unregister();
        Bundle dasync = dasync();
        if (dasync.getState() != Bundle.ACTIVE) {
            dasync.start();
        }
    }

    @Test
    public void providerBundleIsWiredToTheEventAdminPackage() {
        boolean wired = false;
        for (BundleWire wire : provider().adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            wired |= "org.osgi.service.event".equals(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
        }
        assertTrue("the provider bundle did not wire its optional org.osgi.service.event import", wired);
    }

    @Test
    public void stoppingAndStartingTheDasyncBundlePostsRetiringRemovedAndAdded() throws Exception {
        Bundle dasync = dasync();

        dasync.stop();
        dasync.start();

        List<Event> seen = awaitEvents("dasync", 3);
        assertEquals(List.of("org/enginetls/engine/RETIRING", "org/enginetls/engine/REMOVED", "org/enginetls/engine/ADDED"),
                seen.stream().map(Event::getTopic).toList());
        Event added = seen.get(2);
        assertEquals("dasync", added.getProperty("engine.id"));
        assertEquals("ACTIVE", added.getProperty("engine.state"));
        assertEquals(100, added.getProperty("engine.ranking"));
        assertEquals(Frameworks.DASYNC, added.getProperty("bundle.symbolicName"));
        assertEquals(dasync.getBundleId(), added.getProperty("bundle.id"));
        assertEquals(dasync.getVersion().toString(), added.getProperty("bundle.version"));
        assertEquals("RETIRING", seen.get(0).getProperty("engine.state"));
        assertEquals("REMOVED", seen.get(1).getProperty("engine.state"));
    }

    @Test
    public void sameIdEnginesPostShadowedAndThenActiveWhenTheFirstLeaves() throws Exception {
        ServiceRegistration<CryptoEngine> first = context.registerService(CryptoEngine.class, new CountingEngine("twin"),
                ranking(10));
        ServiceRegistration<CryptoEngine> better = context.registerService(CryptoEngine.class, new CountingEngine("twin"),
                ranking(20));

        better.unregister();
        first.unregister();

        List<String> seen = awaitEvents("twin", 7).stream()
                .map(event -> event.getTopic().substring("org/enginetls/engine/".length()) + ":" + event.getProperty("engine.ranking"))
                .toList();
        assertEquals(List.of("ADDED:10", "ADDED:20", "SHADOWED:10", "RETIRING:20", "ACTIVE:10", "REMOVED:20",
                "RETIRING:10"), seen);
        Event last = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull("no REMOVED for the second engine", last);
        assertEquals("org/enginetls/engine/REMOVED", last.getTopic());
        assertEquals(context.getBundle().getSymbolicName(), last.getProperty("bundle.symbolicName"));
    }

    /** Waits (bounded) for {@code count} events about engine {@code id}, skipping others. */
    private List<Event> awaitEvents(String id, int count) throws InterruptedException {
        List<Event> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (seen.size() < count) {
            Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("only these events about " + id + " arrived: " + seen.stream().map(Event::getTopic).toList());
            }
            if (id.equals(event.getProperty("engine.id"))) {
                seen.add(event);
            }
        }
        return seen;
    }

    private static Dictionary<String, Object> ranking(int ranking) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        return properties;
    }

    private Bundle dasync() {
        return bundle(Frameworks.DASYNC);
    }

    private Bundle provider() {
        return bundle("org.enginetls.provider");
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
