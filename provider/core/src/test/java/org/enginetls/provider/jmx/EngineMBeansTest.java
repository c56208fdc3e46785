package org.enginetls.provider.jmx;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerFactory;
import javax.management.MBeanServerNotification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.EngineHealth;
import org.enginetls.engine.FailedEngine;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.jmx.EngineMBeans;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.HeldSignEngine;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** One MBean per listed engine id, on an MBean server of the test's own (never the platform one). */
public class EngineMBeansTest {

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private TlsPeers peers;
    private EngineRegistry registry;
    private EngineMBeans mbeans;

    @Before
    public void open() {
        peers = new TlsPeers(new org.enginetls.provider.EngineTlsProvider(new ProviderCore(ProviderSettings.DEFAULTS)));
        registry = peers.core().registry();
        mbeans = EngineMBeans.open(registry, server);
    }

    @After
    public void close() throws Exception {
        mbeans.close();
        registry.close(10, TimeUnit.SECONDS);
    }

    private Set<ObjectName> engineNames() throws Exception {
        return server.queryNames(new ObjectName("org.enginetls:type=Engine,*"), null);
    }

    @Test
    public void listedEnginesHaveMBeansWhoseAttributesAreTheirStatus() throws Exception {
        registry.add(CountingEngine.overSoftware("counting"), 100, new EngineOrigin("com.example.engine", "1.2.3", 42));
        TlsPeers.pair(peers.client("TLSv1.3"), peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256))).handshake();
        ObjectName counting = new ObjectName("org.enginetls:type=Engine,name=counting");

        assertEquals(Set.of(counting, new ObjectName("org.enginetls:type=Engine,name=software")), engineNames());
        assertEquals("ACTIVE", server.getAttribute(counting, "State"));
        assertEquals(100, server.getAttribute(counting, "Ranking"));
        assertEquals("com.example.engine", server.getAttribute(counting, "BundleSymbolicName"));
        assertEquals("1.2.3", server.getAttribute(counting, "BundleVersion"));
        assertEquals(42L, server.getAttribute(counting, "BundleId"));
        long submitted = (Long) server.getAttribute(counting, "Submitted");
        assertTrue("submitted " + submitted, submitted >= 6);
        assertEquals(submitted, server.getAttribute(counting, "Completed"));
        assertEquals(0L, server.getAttribute(counting, "InFlight"));
        assertEquals(false, server.getAttribute(counting, "Async"));
        TabularData algorithms = (TabularData) server.getAttribute(counting, "Algorithms");
        assertTrue("SIGN among " + algorithms.keySet(), algorithms.containsKey(new Object[] {"SIGN"}));
        assertEquals(null, server.getAttribute(counting, "LastError"));
    }

    @Test
    public void whatTheEngineReportsAndWhyItFailedAreAttributesToo() throws Exception {
        registry.add(new ReportingEngine(EngineHealth.available(Map.of("queue.depth", 7, "token.label", "web"))), 10,
                EngineOrigin.CLASS_PATH);
        registry.add(new FailedEngine("broken", 10, "'threads' of configuration x = 'abc' is not allowed"), 10,
                EngineOrigin.CLASS_PATH);

        TabularData reported = (TabularData) server.getAttribute(new ObjectName("org.enginetls:type=Engine,name=reporting"),
                "Reported");
        assertEquals("7", reported.get(new Object[] {"queue.depth"}).get("value"));
        assertEquals("web", reported.get(new Object[] {"token.label"}).get("value"));
        ObjectName broken = new ObjectName("org.enginetls:type=Engine,name=broken");
        assertEquals("FAILED", server.getAttribute(broken, "State"));
        assertEquals("'threads' of configuration x = 'abc' is not allowed", server.getAttribute(broken, "HealthReason"));
        assertEquals("no operation failed", null, server.getAttribute(broken, "LastError"));
    }

    /** An engine that only reports figures about itself. */
    private record ReportingEngine(EngineHealth health) implements CryptoEngine {
        @Override
        public String id() {
            return "reporting";
        }

        @Override
        public EngineCapabilities capabilities() {
            return EngineCapabilities.builder().build();
        }
    }

    @Test
    public void retiringEngineKeepsItsMBeanUntilItsWorkIsDone() throws Exception {
        HeldSignEngine held = new HeldSignEngine("held", CountingEngine.software());
        registry.add(held, 100, EngineOrigin.CLASS_PATH);
        Thread handshake = Thread.ofVirtual().start(() -> {
            try {
                TlsPeers.pair(peers.client("TLSv1.3"), peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256))).handshake();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue("the server's signature never reached the held engine", held.awaitHeld(1));
        ObjectName name = EngineMBeans.name("held");
        CountDownLatch unregistered = awaitUnregistration(name);

        registry.remove(held);

        assertEquals("RETIRING", server.getAttribute(name, "State"));
        assertEquals(1L, server.getAttribute(name, "InFlight"));
        held.releaseAll();
        assertTrue("the MBean outlived the drain", unregistered.await(10, TimeUnit.SECONDS));
        handshake.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(handshake.isAlive());
        assertFalse(server.isRegistered(name));
    }

    @Test
    public void enginesSharingAnIdShareOneMBeanThatLeavesWithTheLastOfThem() throws Exception {
        CountingEngine old = CountingEngine.overSoftware("dup");
        CountingEngine updated = CountingEngine.overSoftware("dup");
        registry.add(old, 10, EngineOrigin.CLASS_PATH);
        registry.add(updated, 20, EngineOrigin.CLASS_PATH);
        ObjectName name = EngineMBeans.name("dup");

        assertEquals("reports the active one", 20, server.getAttribute(name, "Ranking"));
        registry.remove(updated);
        assertEquals(10, server.getAttribute(name, "Ranking"));
        assertEquals("ACTIVE", server.getAttribute(name, "State"));
        registry.remove(old);
        assertFalse(server.isRegistered(name));
    }

    @Test
    public void idsThatAreNotPlainNamesAreQuoted() throws Exception {
        registry.add(CountingEngine.overSoftware("pkcs11:slot=0,token=\"a*\""), 1, EngineOrigin.CLASS_PATH);

        ObjectName name = EngineMBeans.name("pkcs11:slot=0,token=\"a*\"");

        assertEquals(ObjectName.quote("pkcs11:slot=0,token=\"a*\""), name.getKeyProperty("name"));
        assertEquals("pkcs11:slot=0,token=\"a*\"", ObjectName.unquote(name.getKeyProperty("name")));
        assertTrue(server.isRegistered(name));
        assertEquals("pkcs11:slot=0,token=\"a*\"", server.getAttribute(name, "Id"));
        assertEquals("plain ids stay as they are", "software", EngineMBeans.name("software").getKeyProperty("name"));
    }

    @Test
    public void closingUnregistersEveryMBeanAndIgnoresLaterEngines() throws Exception {
        registry.add(CountingEngine.overSoftware("counting"), 100, EngineOrigin.CLASS_PATH);

        mbeans.close();
        registry.add(CountingEngine.overSoftware("late"), 1, EngineOrigin.CLASS_PATH);

        assertEquals(Set.of(), engineNames());
    }

    private CountDownLatch awaitUnregistration(ObjectName name) throws Exception {
        CountDownLatch unregistered = new CountDownLatch(1);
        NotificationListener listener = (notification, handback) -> {
            if (notification instanceof MBeanServerNotification change
                    && MBeanServerNotification.UNREGISTRATION_NOTIFICATION.equals(change.getType())
                    && name.equals(change.getMBeanName())) {
                unregistered.countDown();
            }
        };
        server.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, listener, null, null);
        return unregistered;
    }
}
