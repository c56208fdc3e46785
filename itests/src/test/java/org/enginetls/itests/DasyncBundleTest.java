package org.enginetls.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.enginetls.async.AsyncStatus;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.testing.AsyncEnginePair;
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
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The dasync engine bundle in the framework: its manifest, its engine service, async handshakes
 * through it, its configuration (PID org.enginetls.engine.dasync) and its departure.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DasyncBundleTest {

    private static final String PID = "org.enginetls.engine.dasync";
    private static final String DASYNC_SERVICE = "(&(objectClass=" + CryptoEngine.class.getName() + ")(engine.id=dasync))";
    private static final long WAIT_SECONDS = 10;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] configuration() {
        return Frameworks.engineTlsWithDasync();
    }

    /** Every test leaves the bundle started and unconfigured: the framework is shared by the class. */
    @After
    public void restoreDefaults() throws Exception {
        Bundle dasync = dasyncBundle();
        if (dasync.getState() != Bundle.ACTIVE) {
            reregistered(dasync::start);
        }
        if (configurationAdmin.listConfigurations("(service.pid=" + PID + ")") != null) {
            reregistered(() -> configurationAdmin.getConfiguration(PID, "?").delete());
        }
        assertEquals(100, ranking(dasyncService()));
    }

    @Test
    public void dasyncBundleIsActiveAndRegistersItsEngineAtRanking100() throws Exception {
        for (Bundle bundle : context.getBundles()) {
            // a bundle that fails to resolve does not fail the container: this is where it shows
            assertEquals(bundle.getSymbolicName() + " " + bundle.getVersion() + " is not active",
                    Bundle.ACTIVE, bundle.getState());
        }
        ServiceReference<CryptoEngine> service = dasyncService();
        assertEquals(100, ranking(service));
        assertEquals("dasync", service.getProperty("engine.id"));
        assertEquals(Frameworks.DASYNC, service.getBundle().getSymbolicName());
        CryptoEngine engine = context.getService(service);
        try {
            assertEquals("dasync", engine.id());
        } finally {
            context.ungetService(service);
        }
    }

    @Test
    public void dasyncBundleImportsOnlyEngineSpiFrameworkAndJdkPackagesAndExportsNothing() {
        BundleRevision revision = dasyncBundle().adapt(BundleRevision.class);
        List<String> unexpected = new ArrayList<>();
        for (BundleRequirement requirement : revision.getDeclaredRequirements(PackageNamespace.PACKAGE_NAMESPACE)) {
            String filter = requirement.getDirectives().get(PackageNamespace.REQUIREMENT_FILTER_DIRECTIVE);
            String name = importedPackage(filter);
            boolean jdk = name.startsWith("java.") || name.startsWith("javax.crypto");
            boolean allowed = name.equals("org.enginetls.engine") || name.equals("org.enginetls.async")
                    || name.equals("org.osgi.framework");
            if (!jdk && !allowed) {
                unexpected.add(filter);
            }
        }
        assertTrue("dasync imports more than the engine SPI, the framework and the JDK: " + unexpected, unexpected.isEmpty());
        assertTrue("dasync imports the engine SPI", importsOf(revision).contains("org.enginetls.engine"));
        assertEquals("dasync exports packages",
                List.of(), revision.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE));
        assertEquals(null, dasyncBundle().getHeaders().get(Constants.EXPORT_PACKAGE));
    }

    @Test
    public void asyncHandshakePausesOnDasyncAndCompletesThroughCallbacks() throws Exception {
        AsyncEnginePair pair = Handshakes.asyncPair().handshake();

        assertEquals("TLSv1.3", pair.client().getSession().getProtocol());
        assertEquals("hello", pair.roundTrip("hello"));
        assertTrue("no job paused on dasync", pair.pauses() > 0);
        assertTrue("no callback woke the loop", pair.callbacks() > 0);
        assertTrue("callbacks said " + pair.notifiedStatuses(), pair.notifiedStatuses().contains(AsyncStatus.OK));
    }

    @Test
    public void rankingFromConfigurationAdminBecomesServiceRanking() throws Exception {
        ServiceReference<CryptoEngine> before = dasyncService();

        ServiceReference<CryptoEngine> after = reregistered(() -> configure("ranking", 250));

        assertEquals(250, ranking(after));
        assertEquals("the engine service registered before the change is gone",
                null, before.getBundle());
        assertEquals("dasync engine services", 1, context.getServiceReferences(CryptoEngine.class, "(engine.id=dasync)").size());
        AsyncEnginePair pair = Handshakes.asyncPair().handshake();
        assertTrue("no job paused on the reconfigured dasync", pair.pauses() > 0);
    }

    @Test
    public void handshakeCompletesWhenDasyncAnswersEveryOtherSubmissionBusy() throws Exception {
        reregistered(() -> configure("eagain.every", 2));

        AsyncEnginePair pair = Handshakes.asyncPair().handshake();

        assertEquals("TLSv1.3", pair.server().getSession().getProtocol());
        assertEquals("hello", pair.roundTrip("hello"));
        assertTrue("no callback reported a busy engine: " + pair.notifiedStatuses(),
                pair.notifiedStatuses().contains(AsyncStatus.EAGAIN));
    }

    @Test
    public void handshakeFallsBackToSoftwareEngineWhenDasyncBundleIsStopped() throws Exception {
        dasyncBundle().stop();

        assertEquals("dasync engine services", 0, context.getServiceReferences(CryptoEngine.class, "(engine.id=dasync)").size());
        AsyncEnginePair pair = Handshakes.asyncPair().handshake();
        assertEquals("hello", pair.roundTrip("hello"));
        // the software engine completes every operation before the call returns
        assertEquals("pauses without dasync", 0, pair.pauses());
        Handshakes.tls13ThroughEngineTls();
    }

    @Test
    public void handshakeWaitingOnDasyncIsWokenAndFinishesOnSoftwareEngineWhenDasyncBundleStops() throws Exception {
        // made first: SSLContext.init probes EC curves with real key generations, which would hang too
        AsyncEnginePair pair = Handshakes.asyncPair();
        // every dasync submission hangs: the handshake waits on dasync until the bundle goes
        reregistered(() -> configure("hang.every", 1));
        pair.handshakeUntilPaused();

        dasyncBundle().stop();

        // an event loop touches a waiting engine only when its callback says so
        pair.awaitCallback();
        pair.finishHandshake();
        assertEquals("TLSv1.3", pair.client().getSession().getProtocol());
        assertEquals("hello", pair.roundTrip("hello"));
    }

    private void configure(String key, Object value) throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(key, value);
        configurationAdmin.getConfiguration(PID, "?").update(properties);
    }

    private interface Change {
        void apply() throws Exception;
    }

    /**
     * Runs {@code change} and waits (bounded) until dasync registers its engine service again:
     * Configuration Admin hands changes to Declarative Services on its own thread, and the component
     * replaces its engine on every change.
     */
    private ServiceReference<CryptoEngine> reregistered(Change change) throws Exception {
        BlockingQueue<ServiceReference<?>> registered = new LinkedBlockingQueue<>();
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                registered.add(event.getServiceReference());
            }
        };
        context.addServiceListener(listener, DASYNC_SERVICE);
        try {
            change.apply();
            ServiceReference<?> reference = registered.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (reference == null) {
                fail("dasync did not register its engine again within " + WAIT_SECONDS + " s");
            }
            return dasyncService();
        } finally {
            context.removeServiceListener(listener);
        }
    }

    private ServiceReference<CryptoEngine> dasyncService() throws Exception {
        Collection<ServiceReference<CryptoEngine>> references =
                context.getServiceReferences(CryptoEngine.class, "(engine.id=dasync)");
        assertEquals("dasync engine services", 1, references.size());
        return references.iterator().next();
    }

    private static int ranking(ServiceReference<?> reference) {
        Object ranking = reference.getProperty(Constants.SERVICE_RANKING);
        assertNotNull("no service.ranking", ranking);
        return (Integer) ranking;
    }

    private Bundle dasyncBundle() {
        for (Bundle bundle : context.getBundles()) {
            if (Frameworks.DASYNC.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("the dasync bundle is not installed");
    }

    private static List<String> importsOf(BundleRevision revision) {
        List<String> names = new ArrayList<>();
        for (BundleRequirement requirement : revision.getDeclaredRequirements(PackageNamespace.PACKAGE_NAMESPACE)) {
            names.add(importedPackage(requirement.getDirectives().get(PackageNamespace.REQUIREMENT_FILTER_DIRECTIVE)));
        }
        return names;
    }

    /** The package name in an import's filter, {@code (&(osgi.wiring.package=NAME)(version>=...))}. */
    private static String importedPackage(String filter) {
        String key = "(" + PackageNamespace.PACKAGE_NAMESPACE + "=";
        int start = filter.indexOf(key);
        if (start < 0) {
            throw new AssertionError("not a package import: " + filter);
        }
        start += key.length();
        return filter.substring(start, filter.indexOf(')', start));
    }
}
