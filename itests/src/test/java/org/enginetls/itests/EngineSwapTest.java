package org.enginetls.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.InputStream;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.inject.Inject;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineRuntime;
import org.enginetls.runtime.EngineState;
import org.enginetls.testing.AsyncEnginePair;
import org.enginetls.testing.EnginePair;
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
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Engine bundles come, go, are updated and swapped while TLS connections run: under continuous
 * handshake load, with async jobs paused inside a departing engine, and with connections it served
 * still open when its class loader must go.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineSwapTest {

    private static final String DASYNC_PID = "org.enginetls.engine.dasync";
    private static final String SOFTWARE = "software";
    private static final String DASYNC = "dasync";
    private static final String OPENSSL = "openssl";
    private static final String OPENSSL_BUNDLE = "org.enginetls.engine.openssl";
    /** Handshakes that must complete after each change before the next one. */
    private static final int HANDSHAKES_PER_CHANGE = 500;
    private static final int PAUSED_PAIRS = 8;

    @Inject
    private BundleContext context;

    @Inject
    private EngineRuntime runtime;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] configuration() {
        return options(composite(Frameworks.engineTls()), Frameworks.bundlePath("dasync"), Frameworks.bundlePath("openssl"));
    }

    /** The tests share the framework: each leaves it with no engine bundle and no dasync configuration. */
    @After
    public void removeEngineBundlesAndDasyncConfiguration() throws Exception {
        for (String name : List.of(Frameworks.DASYNC, RelayBundle.SYMBOLIC_NAME, OPENSSL_BUNDLE)) {
            Bundle bundle = Bundles.find(context, name);
            if (bundle != null) {
                bundle.uninstall();
            }
        }
        org.osgi.service.cm.Configuration[] configurations =
                configurationAdmin.listConfigurations("(service.pid=" + DASYNC_PID + ")");
        if (configurations != null) {
            for (org.osgi.service.cm.Configuration configuration : configurations) {
                configuration.delete();
            }
        }
        Bundles.refresh(context);
    }

    @Test
    public void handshakesUnderLoadAllSucceedWhileEngineBundlesAreInstalledStartedStoppedUpdatedSwappedAndUninstalled()
            throws Exception {
        configureDasync(Map.of("latency.ms", 0));
        Path relayJar = RelayBundle.write(Files.createTempFile("enginetls-relay", ".jar"), 200);
        long total;
        try (HandshakeLoad load = HandshakeLoad.start(2, 2)) {
            Phase phase = new Phase(load, "no engine bundle");
            phase.settle();
            phase.worked(SOFTWARE);
            phase.absent(DASYNC);

            phase = new Phase(load, "dasync installed, not started");
            Bundle dasync = context.installBundle(dasyncJar().toUri().toString());
            phase.settle();
            assertTrue("dasync resolved or installed", (dasync.getState() & (Bundle.INSTALLED | Bundle.RESOLVED)) != 0);
            phase.absent(DASYNC);
            phase.worked(SOFTWARE);

            phase = new Phase(load, "dasync started");
            dasync.start();
            Object firstDasync = awaitEngine(DASYNC);
            phase.settle();
            phase.worked(DASYNC, dasync);

            phase = new Phase(load, "dasync stopped");
            dasync.stop();
            phase.settle(firstDasync);
            phase.absent(DASYNC);
            phase.worked(SOFTWARE);

            phase = new Phase(load, "dasync started again");
            dasync.start();
            Object secondDasync = awaitEngine(DASYNC);
            assertNotSame("a restart makes a new engine", firstDasync, secondDasync);
            phase.settle();
            phase.worked(DASYNC, dasync);

            phase = new Phase(load, "dasync updated");
            try (InputStream jar = Files.newInputStream(dasyncJar())) {
                dasync.update(jar);
            }
            Object updatedDasync = awaitEngine(DASYNC);
            assertNotSame("the engine comes from the new revision's class loader",
                    secondDasync.getClass(), updatedDasync.getClass());
            phase.settle(secondDasync);
            phase.worked(DASYNC, dasync);

            phase = new Phase(load, "relay engine bundle started above dasync");
            Bundle relay = context.installBundle(relayJar.toUri().toString());
            relay.start();
            Object relayEngine = awaitEngine(RelayBundle.ENGINE_ID);
            phase.settle(updatedDasync);
            phase.worked(RelayBundle.ENGINE_ID, relay);
            phase.idle(DASYNC);

            phase = new Phase(load, "relay engine bundle stopped");
            relay.stop();
            phase.settle(relayEngine);
            phase.absent(RelayBundle.ENGINE_ID);
            phase.worked(DASYNC, dasync);

            phase = new Phase(load, "dasync uninstalled");
            dasync.uninstall();
            phase.settle(updatedDasync);
            phase.absent(DASYNC);
            phase.worked(SOFTWARE);

            phase = new Phase(load, "relay engine bundle uninstalled");
            relay.uninstall();
            phase.settle();
            phase.absent(RelayBundle.ENGINE_ID);
            phase.worked(SOFTWARE);
            total = load.completed();
        } finally {
            // the framework copied the bundle when it was installed
            Files.deleteIfExists(relayJar);
        }
        assertTrue("handshakes " + total, total >= 10L * HANDSHAKES_PER_CHANGE);
        awaitNoLiveJobs();
    }

    /**
     * The openssl engine (the machine's libcrypto through the FFM API) is swapped like any engine: its
     * bundle is started, stopped, started, updated and uninstalled under load, and no handshake fails.
     * Its native keys belong to its Java key objects, so a key made by the leaving engine is still good
     * for the software engine that finishes a handshake.
     */
    @Test
    public void handshakesUnderLoadAllSucceedWhileTheOpenSslEngineBundleComesAndGoes() throws Exception {
        long total;
        try (HandshakeLoad load = HandshakeLoad.start(2, 2)) {
            Phase phase = new Phase(load, "openssl installed and started");
            Bundle openssl = context.installBundle(Path.of(System.getProperty("enginetls.bundle.openssl")).toUri().toString());
            openssl.start();
            Object first = awaitEngine(OPENSSL);
            phase.settle();
            phase.worked(OPENSSL, openssl);

            phase = new Phase(load, "openssl stopped");
            openssl.stop();
            phase.settle(first);
            phase.absent(OPENSSL);
            phase.worked(SOFTWARE);

            phase = new Phase(load, "openssl started again");
            openssl.start();
            Object second = awaitEngine(OPENSSL);
            phase.settle();
            phase.worked(OPENSSL, openssl);

            phase = new Phase(load, "openssl updated");
            try (InputStream jar = Files.newInputStream(Path.of(System.getProperty("enginetls.bundle.openssl")))) {
                openssl.update(jar);
            }
            Object updated = awaitEngine(OPENSSL);
            assertNotSame("the engine comes from the new revision's class loader", second.getClass(), updated.getClass());
            phase.settle(second);
            phase.worked(OPENSSL, openssl);

            phase = new Phase(load, "openssl uninstalled");
            openssl.uninstall();
            phase.settle(updated);
            phase.absent(OPENSSL);
            phase.worked(SOFTWARE);
            total = load.completed();
        }
        assertTrue("handshakes " + total, total >= 5L * HANDSHAKES_PER_CHANGE);
        awaitNoLiveJobs();
    }

    @Test
    public void asyncJobsPausedInsideDasyncResumeOnSoftwareEngineWhenItsBundleIsUninstalled() throws Exception {
        // the contexts first: SSLContext.init probes curves with real key generations, which would hang too
        SSLContext serverContext = serverContext();
        SSLContext clientContext = clientContext();
        configureDasync(Map.of("hang.every", 1));
        Bundle dasync = context.installBundle(dasyncJar().toUri().toString());
        dasync.start();
        awaitEngine(DASYNC);
        List<AsyncEnginePair> pairs = new ArrayList<>();
        for (int i = 0; i < PAUSED_PAIRS; i++) {
            pairs.add(new AsyncEnginePair(clientEngine(clientContext), serverEngine(serverContext)).handshakeUntilPaused());
        }
        assertTrue("live jobs " + liveJobs(), liveJobs() >= PAUSED_PAIRS);
        EngineDTO parked = runtime.getEngine(DASYNC).orElseThrow();
        assertTrue("operations parked inside dasync: " + parked.inFlight, parked.inFlight >= PAUSED_PAIRS);
        long softwareBefore = runtime.getEngine(SOFTWARE).orElseThrow().submitted;

        dasync.uninstall();

        for (AsyncEnginePair pair : pairs) {
            // an event loop touches a waiting engine only when its callback says so
            pair.awaitCallback();
            pair.finishHandshake();
            assertEquals("TLSv1.3", pair.client().getSession().getProtocol());
            assertEquals("hello", pair.roundTrip("hello"));
        }
        assertTrue("the resumed operations ran on the software engine",
                runtime.getEngine(SOFTWARE).orElseThrow().submitted > softwareBefore);
        assertTrue("dasync is still listed", runtime.getEngine(DASYNC).isEmpty());
        awaitNoLiveJobs();
    }

    @Test
    public void uninstalledDasyncBundleClassLoaderIsCollectedWhileConnectionsItServedAreOpenOrClosed() throws Exception {
        SSLContext serverContext = serverContext();
        SSLContext clientContext = clientContext();
        configureDasync(Map.of("operations", "sign,decrypt,agree,keygen,cipher"));
        Collectable loader = installDasyncAndWatchItsClassLoader();
        EnginePair openSync = new EnginePair(clientEngine(clientContext), serverEngine(serverContext)).handshake();
        AsyncEnginePair openAsync = new AsyncEnginePair(clientEngine(clientContext), serverEngine(serverContext)).handshake();
        EnginePair closedSync = new EnginePair(clientEngine(clientContext), serverEngine(serverContext)).handshake();
        closedSync.closeFromClient();
        AsyncEnginePair closedAsync = new AsyncEnginePair(clientEngine(clientContext), serverEngine(serverContext)).handshake();
        closedAsync.client().closeOutbound();
        closedAsync.server().closeOutbound();
        EngineDTO served = runtime.getEngine(DASYNC).orElseThrow();
        assertTrue("dasync served the connections: " + served.completed, served.completed >= 4);

        Bundle dasync = Bundles.find(context, Frameworks.DASYNC);
        dasync.uninstall();
        Bundles.refresh(context, dasync);
        dasync = null;

        assertTrue("the class loader of the uninstalled dasync bundle was not collected: " + loader, loader.collected());
        assertEquals("an open connection outlives the engine", "still here", openSync.roundTrip("still here"));
        assertEquals("an open async connection outlives the engine", "still here", openAsync.roundTrip("still here"));
        // the open connections stay open (reachable) until the collection is proven
        Reference.reachabilityFence(openSync);
        Reference.reachabilityFence(openAsync);
        Reference.reachabilityFence(closedSync);
        Reference.reachabilityFence(closedAsync);
    }

    /** Installs and starts dasync; the returned reference watches its class loader, which this frame must not hold. */
    private Collectable installDasyncAndWatchItsClassLoader() throws Exception {
        Bundle dasync = context.installBundle(dasyncJar().toUri().toString());
        dasync.start();
        awaitEngine(DASYNC);
        return new Collectable(dasync.loadClass("org.enginetls.dasync.DasyncEngine").getClassLoader(),
                "dasync's class loader");
    }

    /**
     * The engines between one change and the next. {@link #settle} marks the change in the load and
     * waits for the handshakes after it, taking snapshots halfway and at the end; the checks compare
     * those two, when every operation started before the change is over.
     */
    private final class Phase {
        private final HandshakeLoad load;
        private final String change;
        private Map<String, EngineDTO> middle;
        private Map<String, EngineDTO> end;

        Phase(HandshakeLoad load, String change) {
            this.load = load;
            this.change = change;
        }

        /** Waits for the handshakes after the change; {@code departed} engines must take no work meanwhile. */
        void settle(Object... departed) throws Exception {
            HandshakeLoad.Mark mark = load.mark();
            load.awaitHandshakesAfter(mark, HANDSHAKES_PER_CHANGE / 2);
            middle = engines();
            long[] departedMiddle = submissions(departed);
            load.awaitHandshakesAfter(mark, HANDSHAKES_PER_CHANGE);
            end = engines();
            long[] departedEnd = submissions(departed);
            for (int i = 0; i < departed.length; i++) {
                assertEquals(change + ": submissions to a departed engine (" + departed[i].getClass().getName() + ")",
                        departedMiddle[i], departedEnd[i]);
            }
        }

        /** {@code id} is active, registered by {@code bundle}, and its submitted and completed counters grew. */
        void worked(String id, Bundle bundle) {
            worked(id);
            EngineDTO after = end.get(id);
            assertEquals(change + ": bundle of " + id, bundle.getSymbolicName(), after.bundleSymbolicName);
            assertEquals(change + ": bundle id of " + id, bundle.getBundleId(), after.bundleId);
            assertEquals(change + ": bundle version of " + id, bundle.getVersion().toString(), after.bundleVersion);
        }

        /** {@code id} is active and its submitted and completed counters grew. */
        void worked(String id) {
            EngineDTO before = middle.get(id);
            EngineDTO after = end.get(id);
            assertNotNull(change + ": " + id + " is not listed: " + end.keySet(), after);
            assertNotNull(change + ": " + id + " was not listed halfway: " + middle.keySet(), before);
            assertEquals(change + ": state of " + id, EngineState.ACTIVE, after.state);
            assertTrue(change + ": " + id + " took no work (submitted " + before.submitted + " then " + after.submitted + ")",
                    after.submitted > before.submitted);
            assertTrue(change + ": " + id + " completed no work (completed " + before.completed + " then "
                    + after.completed + ")", after.completed > before.completed);
            assertEquals(change + ": failures on " + id, before.failed, after.failed);
        }

        /** {@code id} is listed but took no work. */
        void idle(String id) {
            EngineDTO before = middle.get(id);
            EngineDTO after = end.get(id);
            assertNotNull(change + ": " + id + " is not listed", after);
            assertEquals(change + ": submissions to " + id, before.submitted, after.submitted);
        }

        /** {@code id} is no longer listed. */
        void absent(String id) {
            assertTrue(change + ": " + id + " is still listed: " + end.get(id), !end.containsKey(id));
        }
    }

    private Map<String, EngineDTO> engines() {
        Map<String, EngineDTO> engines = new LinkedHashMap<>();
        for (EngineDTO engine : runtime.getEngines()) {
            engines.put(engine.id, engine);
        }
        return engines;
    }

    private static long[] submissions(Object[] engines) throws ReflectiveOperationException {
        long[] counts = new long[engines.length];
        for (int i = 0; i < engines.length; i++) {
            counts[i] = ProviderInternals.submissions(engines[i]);
        }
        return counts;
    }

    private Object awaitEngine(String id) throws Exception {
        return Bundles.awaitService(context, "(&(objectClass=" + CryptoEngine.class.getName() + ")(engine.id=" + id + "))");
    }

    private void configureDasync(Map<String, Object> settings) throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>(settings);
        configurationAdmin.getConfiguration(DASYNC_PID, "?").update(properties);
    }

    private static Path dasyncJar() {
        return Path.of(System.getProperty("enginetls.bundle.dasync"));
    }

    private static int liveJobs() throws ReflectiveOperationException {
        Provider provider = Security.getProvider("EngineTLS");
        assertNotNull("EngineTLS is not registered", provider);
        return ProviderInternals.liveJobs(provider);
    }

    /** Jobs end on their own threads just after they hand over their result: the count is polled, bounded. */
    private static void awaitNoLiveJobs() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (liveJobs() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertEquals("live jobs", 0, liveJobs());
    }

    private static SSLContext serverContext() throws Exception {
        SSLContext server = SSLContext.getInstance("TLS", "EngineTLS");
        server.init(TestPki.keyManagers("SunX509", TestPki.leaf(TestPki.KeyType.EC_P256)), null, null);
        return server;
    }

    private static SSLContext clientContext() throws Exception {
        SSLContext client = SSLContext.getInstance("TLS", "EngineTLS");
        client.init(null, TestPki.trustManagers(), null);
        return client;
    }

    private static SSLEngine clientEngine(SSLContext context) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        return engine;
    }

    private static SSLEngine serverEngine(SSLContext context) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        return engine;
    }
}
