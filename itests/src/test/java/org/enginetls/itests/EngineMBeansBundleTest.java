package org.enginetls.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.NotificationListener;
import javax.management.ObjectName;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The provider bundle's engine MBeans on the platform MBean server ({@code org.enginetls:type=Engine,name=<id>}), in a
 * framework without EventAdmin: they follow engine bundles and leave with the provider bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineMBeansBundleTest {

    private static final String PROVIDER = "org.enginetls.provider";
    private static final long WAIT_SECONDS = 10;

    @Inject
    private BundleContext context;

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Configuration
    public Option[] configuration() {
        return Frameworks.engineTlsWithDasync();
    }

    @After
    public void startEverything() throws Exception {
        for (String name : List.of(PROVIDER, Frameworks.DASYNC)) {
            Bundle bundle = bundle(name);
            if (bundle.getState() != Bundle.ACTIVE) {
                CountDownLatch back = awaitMBean(MBeanServerNotification.REGISTRATION_NOTIFICATION,
                        name.equals(PROVIDER) ? "software" : "dasync");
                bundle.start();
                assertTrue(name + " came back without its MBean", back.await(WAIT_SECONDS, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    public void softwareAndDasyncEnginesHaveMBeansWithTheirBundlesAndCounters() throws Exception {
        Handshakes.tls13ThroughEngineTls();

        assertEquals(Set.of(name("software"), name("dasync")), engineMBeans());
        ObjectName dasync = name("dasync");
        assertEquals("dasync", server.getAttribute(dasync, "Id"));
        assertEquals("ACTIVE", server.getAttribute(dasync, "State"));
        assertEquals(100, server.getAttribute(dasync, "Ranking"));
        assertEquals(Frameworks.DASYNC, server.getAttribute(dasync, "BundleSymbolicName"));
        assertEquals(bundle(Frameworks.DASYNC).getBundleId(), server.getAttribute(dasync, "BundleId"));
        assertTrue("dasync did no work", (Long) server.getAttribute(dasync, "Submitted") > 0);
        assertEquals(true, server.getAttribute(dasync, "Async"));
        ObjectName software = name("software");
        assertEquals(null, server.getAttribute(software, "BundleSymbolicName"));
        assertEquals(-1L, server.getAttribute(software, "BundleId"));
        assertEquals(Integer.MIN_VALUE, server.getAttribute(software, "Ranking"));
    }

    @Test
    public void dasyncMBeanLeavesWhenItsBundleStopsAndReturnsWhenItStarts() throws Exception {
        CountDownLatch gone = awaitMBean(MBeanServerNotification.UNREGISTRATION_NOTIFICATION, "dasync");

        bundle(Frameworks.DASYNC).stop();

        assertTrue("the dasync MBean outlived its bundle", gone.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(Set.of(name("software")), engineMBeans());
        CountDownLatch back = awaitMBean(MBeanServerNotification.REGISTRATION_NOTIFICATION, "dasync");
        bundle(Frameworks.DASYNC).start();
        assertTrue(back.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(Set.of(name("software"), name("dasync")), engineMBeans());
    }

    @Test
    public void stoppingTheProviderBundleLeavesNoEngineMBean() throws Exception {
        bundle(PROVIDER).stop();

        assertEquals("MBeans left after the provider bundle stopped", Set.of(),
                server.queryNames(new ObjectName("org.enginetls:*"), null));
    }

    @Test
    public void providerBundleResolvesAndWorksWithoutEventAdmin() throws Exception {
        Bundle provider = bundle(PROVIDER);
        assertEquals(Bundle.ACTIVE, provider.getState());
        BundleRequirement eventImport = null;
        for (BundleRequirement requirement : provider.adapt(BundleRevision.class)
                .getDeclaredRequirements(PackageNamespace.PACKAGE_NAMESPACE)) {
            if (requirement.getDirectives().get(PackageNamespace.REQUIREMENT_FILTER_DIRECTIVE)
                    .contains("(osgi.wiring.package=org.osgi.service.event)")) {
                eventImport = requirement;
            }
        }
        assertNotNull("the provider does not import org.osgi.service.event", eventImport);
        assertEquals(PackageNamespace.RESOLUTION_OPTIONAL,
                eventImport.getDirectives().get(PackageNamespace.REQUIREMENT_RESOLUTION_DIRECTIVE));
        for (BundleWire wire : provider.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            assertFalse("wired to " + wire.getCapability(), "org.osgi.service.event".equals(
                    wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)));
        }
        // engines come and go (state changes happen) without the package
        bundle(Frameworks.DASYNC).stop();
        bundle(Frameworks.DASYNC).start();
        Handshakes.tls13ThroughEngineTls();
    }

    private Set<ObjectName> engineMBeans() throws Exception {
        return server.queryNames(new ObjectName("org.enginetls:type=Engine,*"), null);
    }

    private static ObjectName name(String id) throws Exception {
        return new ObjectName("org.enginetls:type=Engine,name=" + id);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** A latch counted down once when the MBean of engine {@code id} is (un)registered; the listener removes itself. */
    private CountDownLatch awaitMBean(String type, String id) throws Exception {
        CountDownLatch latch = new CountDownLatch(1);
        ObjectName name = name(id);
        NotificationListener listener = new NotificationListener() {
            @Override
            public void handleNotification(javax.management.Notification notification, Object handback) {
                if (notification instanceof MBeanServerNotification change && type.equals(change.getType())
                        && name.equals(change.getMBeanName())) {
                    latch.countDown();
                    try {
                        server.removeNotificationListener(MBeanServerDelegate.DELEGATE_NAME, this);
                    } catch (javax.management.JMException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        server.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, listener, null, null);
        return latch;
    }
}
