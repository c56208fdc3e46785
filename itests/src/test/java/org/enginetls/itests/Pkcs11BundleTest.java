package org.enginetls.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.security.KeyStore;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509KeyManager;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineHealth;
import org.enginetls.engine.EngineKey;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.testing.EnginePair;
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
import org.osgi.util.tracker.ServiceTracker;

/**
 * The PKCS#11 engine bundle in Felix: configured through Configuration Admin against a SoftHSM2 token,
 * it publishes the token's keys as a KeyStore service; a server whose key manager comes from it signs
 * its handshake in the token; once the bundle stops, handshakes with the token's key fail clearly.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Pkcs11BundleTest {

    private static final String PID = "org.enginetls.engine.pkcs11";
    private static final long WAIT_SECONDS = 30;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] configuration() throws Exception {
        String conf = SoftHsmToken.initialise();
        return options(composite(Frameworks.engineTlsWithPkcs11()),
                systemProperty(SoftHsmToken.CONF_PROPERTY).value(conf));
    }

    @Test
    public void configuredBundleServesHandshakesWithTheTokensKeyAndFailsClearlyOnceStopped() throws Throwable {
        for (Bundle bundle : context.getBundles()) {
            assertEquals(bundle.getSymbolicName() + " is not active", Bundle.ACTIVE, bundle.getState());
        }
        assertNull("no engine before the bundle is configured (its configuration is required)",
                context.getServiceReferences(CryptoEngine.class, "(engine.id=pkcs11)").isEmpty() ? null : "an engine");
        SoftHsmToken.exportConfiguration();
        SoftHsmToken.addEcKey();

        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("library", SoftHsmToken.LIBRARY);
        properties.put("token.label", SoftHsmToken.LABEL);
        properties.put("pin", SoftHsmToken.PIN);
        properties.put("retry.ms", 0L);
        configurationAdmin.getConfiguration(PID, "?").update(properties);

        KeyStore tokenKeys = await(KeyStore.class, "(engine.id=pkcs11)");
        CryptoEngine engine = await(CryptoEngine.class, "(engine.id=pkcs11)");
        EngineHealth health = engine.health();
        assertTrue(String.valueOf(health), health.available());
        assertEquals(SoftHsmToken.LABEL, health.details().get("token.label"));

        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509");
        keyManagers.init(tokenKeys, new char[0]);
        X509KeyManager keyManager = (X509KeyManager) keyManagers.getKeyManagers()[0];
        String alias = keyManager.chooseServerAlias("EC", null, null);
        assertTrue(keyManager.getPrivateKey(alias) instanceof EngineKey);
        assertNull("the key stays in the token", keyManager.getPrivateKey(alias).getEncoded());
        SSLContext server = SSLContext.getInstance("TLSv1.3", "EngineTLS");
        server.init(keyManagers.getKeyManagers(), null, null);

        new EnginePair(client(), serverEngine(server)).handshake();
        assertEquals("the token signed the handshake", 1L, engine.health().details().get("signatures"));

        bundle(Frameworks.PKCS11).stop();

        SSLException failure = assertThrows(SSLException.class,
                () -> new EnginePair(client(), serverEngine(server)).handshake());
        assertTrue(messages(failure), messages(failure).contains("the engine 'pkcs11' that holds this key is not available"));
        bundle(Frameworks.PKCS11).start();
        configurationAdmin.getConfiguration(PID, "?").delete();
    }

    private static SSLEngine serverEngine(SSLContext server) {
        SSLEngine engine = server.createSSLEngine();
        engine.setUseClientMode(false);
        return engine;
    }

    private static SSLEngine client() throws Exception {
        SSLContext client = SSLContext.getInstance("TLSv1.3", "SunJSSE");
        client.init(null, TestPki.trustManagers(), null);
        SSLEngine engine = client.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        return engine;
    }

    private <T> T await(Class<T> type, String filter) throws Exception {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + type.getName() + ")" + filter + ")"), null);
        tracker.open();
        try {
            T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertNotNull("no " + type.getSimpleName() + " service " + filter + " within " + WAIT_SECONDS + " s", service);
            return service;
        } finally {
            tracker.close();
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t).append(" <- ");
        }
        return text.toString();
    }
}
